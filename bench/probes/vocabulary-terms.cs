#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// Distinct terms of the metadata genomes' vocabulary fits, how many are seen once, and whether terms tie at the cut:
//   dotnet run -c Release bench/probes/vocabulary-terms.cs -- <snapshot.phylo>
using System.Diagnostics;
using Phylo.Store;
using Phylo.Text;
using Phylo.Analyses.Similarity;

var table = Snapshot.Read(args[0]);
int[] all = [.. Enumerable.Range(0, table.Count)];
foreach (var (name, docs) in new (string, ITextCorpus)[] { ("metadata", new MetadataRecordGenome(table).Corpus(all)), ("metadata-clean", new MetadataCleanGenome(table).Corpus(all)) })
{
    var sw = Stopwatch.StartNew();
    TermCounts c = TermCounts.Count(docs, -1);
    long once = c.Counts.Count(n => n == 1), twice = c.Counts.Count(n => n == 2);
    var cut = c.SelectCandidates(PreparedVocabularies.MaxFeatures);
    Console.WriteLine($"{name}: {docs.Count:N0} documents, {c.DistinctTerms:N0} distinct terms, {once:N0} seen once, {twice:N0} twice; cut count {cut.Threshold:N0}, {cut.Hashes.Length} candidates (ties: {NumpyTieBreak.HasTies(cut)}); {sw.Elapsed.TotalSeconds:F1} s");
}
