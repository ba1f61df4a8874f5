#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// TF-IDF featurization of card genomes (512-code-point prefixes) with a fitted 512-term vocabulary, as issue 4's
// "≥ 300k cards/s on 2 cores" asks: TermVectorizer.Row on one thread, then Transform on all cores (pairs of runs:
// the card corpus as the engine reads it from the card pool, and the same genomes packed flat). Wall and CPU-s.
//   DOTNET_gcServer=1 dotnet run -c Release bench/probes/tfidf-wall.cs -- /tmp/perf/eco200k.phylo
using System.Diagnostics;
using Phylo.Analyses.Similarity;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
ModelTable table = Snapshot.Read(args[0]);
int[] models = CardGenome.Models(table);
var corpus = CardGenome.Corpus(table, models);
var vec = new TermVectorizer(Vocabulary.Fit(corpus, 512), TermWeighting.TfIdf, l2Normalize: true);
var proc = Process.GetCurrentProcess();
var flat = Utf8Corpus.FromStrings(Enumerable.Range(0, corpus.Count).Select(i => System.Text.Encoding.UTF8.GetString(corpus[i])).ToList());
var sc = vec.NewScratch(); int[] cols = new int[512]; float[] vals = new float[512];
foreach (var (name, c) in new[] { ("card corpus", (ITextCorpus)corpus), ("flat corpus", flat) })
for (int r = 0; r < 3; r++) {
  proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
  for (int d = 0; d < c.Count; d++) vec.Row(c[d], sc, cols, vals);
  Console.WriteLine($"Row 1 thread, {name}: {c.Count / sw.Elapsed.TotalSeconds,10:N0} cards/s");
}
for (int r = 0; r < 6; r++) {
  proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
  var rows = vec.Transform(r % 2 == 0 ? corpus : flat);
  double wall = sw.Elapsed.TotalSeconds; proc.Refresh();
  Console.WriteLine($"{(r % 2 == 0 ? "card" : "flat")} TF-IDF Transform {corpus.Count:N0} cards: {corpus.Count / wall,10:N0} cards/s wall on 2 cores, {corpus.Count / (proc.TotalProcessorTime - cpu0).TotalSeconds,10:N0} per CPU-s  nnz {rows.Vals.Length}");
}
