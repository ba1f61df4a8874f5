#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Where the similarity stage's featurize goes, part by part (wall, process CPU, peak RSS so far = VmHWM, live heap):
//   dotnet run -c Release bench/probes/featurize-parts.cs -- <snapshot.phylo | models.csv> [--fits] [--reps N]
// (--fits: only the three fits + rows, N repetitions, default 2; read the later, warm ones)
// Parts: the record genome rendered for every model (no tokenizing), the clean genome's pool, tokenize+hash only
// (record / clean), the record's terms from pieces (MetadataRecordGenome.OpenReader: no text), each genome's fit + rows
// as GenomeFeatures.Build does them (the clean fit over OnDemand, the pool already rendered).
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
using Phylo.Analyses.Similarity;

string path = args[0];
bool fitsOnly = args.Contains("--fits");
int reps = args.Contains("--reps") ? int.Parse(args[Array.IndexOf(args, "--reps") + 1]) : 2;
Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
var proc = Process.GetCurrentProcess();
static long Hwm() { foreach (var l in File.ReadLines("/proc/self/status")) if (l.StartsWith("VmHWM:")) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) >> 10; return 0; }
T Time<T>(string name, Func<T> f) {
    proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
    T r = f(); proc.Refresh();
    Console.WriteLine($"{name,-34} wall {sw.Elapsed.TotalSeconds,6:F2} s  cpu {(proc.TotalProcessorTime - cpu0).TotalSeconds,6:F2} s  rss {proc.WorkingSet64 >> 20,6} MiB  hwm {Hwm(),6} MiB  heap {GC.GetTotalMemory(false) >> 20,6} MiB  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return r;
}
ModelTable table = Time("load", () => Snapshot.Load(path).Table);
int n = table.Count;
var record = new MetadataRecordGenome(table);
var clean = new MetadataCleanGenome(table);
int[] all = [.. Enumerable.Range(0, n)];
if (!fitsOnly) {
Time("record render x1 (all models)", () => { long s = 0; Parallel.For(0, (n + 4095) / 4096, c => { long t = 0; for (int m = c * 4096; m < Math.Min(n, c * 4096 + 4096); m++) t += record.Text(m).Length; Interlocked.Add(ref s, t); }); return s; });
Time("clean render into pool", () => clean.Rendered.Count);
long Tok(ITextCorpus docs) { long s = 0; Parallel.For(0, (docs.Count + 4095) / 4096, () => (new TermTokenizer(), new ulong[1 << 16]), (c, _, w) => { for (int d = c * 4096; d < Math.Min(docs.Count, c * 4096 + 4096); d++) { w.Item1.Tokenize(docs[d]); if (w.Item2.Length < w.Item1.TermCount) w.Item2 = new ulong[2 * w.Item1.TermCount]; s += w.Item1.HashTerms(w.Item2); } return w; }, _ => { }); return s; }
Time("record render+tokenize+hash x1", () => Tok(record.Corpus(all)));
Time("record terms x1 (pieces, no text)", () => { long s = 0; Parallel.For(0, (n + 4095) / 4096, () => record.OpenReader(), (c, _, r) => { for (int m = c * 4096; m < Math.Min(n, c * 4096 + 4096); m++) s += r.Hashes(m).Length; return r; }, _ => { }); return s; });
Time("clean tokenize+hash x1", () => Tok(clean.Corpus(all)));
Time("card tokenize+hash x1", () => Tok(CardGenome.Corpus(table, CardGenome.Models(table))));
}
int[] cardModels = CardGenome.Models(table);
ITextCorpus cardDocs = CardGenome.Corpus(table, cardModels);
for (int rep = 0; rep < reps; rep++) {
var card = Time("card pass 2 + rows", () => VectorGenome.Build(table.CardFeatures.GenomeTerms.SelectCandidates(512), cardDocs, cardModels, n, -1));
var meta = Time("record fit + rows", () => VectorGenome.Build(record.Corpus(all), all, n, -1));
var cl = Time("clean fit + rows (OnDemand, as Build)", () => VectorGenome.Build(clean.OnDemand(all), all, n, -1));
if (rep == reps - 1) Console.WriteLine($"rows MiB: card {card.Bytes >> 20}, record {meta.Bytes >> 20}, clean {cl.Bytes >> 20}");
}
GC.KeepAlive(table);
