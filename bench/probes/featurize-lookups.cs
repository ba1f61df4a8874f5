#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// The vocabulary's second pass alone (CandidateStats.Collect: every term of every document looked up among the
// candidates), one thread, best of 5, per genome, with the candidates the featurize stage uses (card: pass 1 of ingest;
// metadata genomes: pass 1's loose candidates):
//   dotnet run -c Release bench/probes/featurize-lookups.cs -- <snapshot.phylo>
using System.Diagnostics;
using System.Reflection;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
using Phylo.Analyses.Similarity;

ModelTable table = Snapshot.Load(args[0]).Table;
int n = table.Count;
int[] all = [.. Enumerable.Range(0, n)];
int[] cardModels = CardGenome.Models(table);
MethodInfo loose = typeof(TermCounts).GetMethod("CountLooseCandidates", BindingFlags.NonPublic | BindingFlags.Static);
VocabularyCandidates Loose(ITextCorpus docs) => (VocabularyCandidates)loose.Invoke(null, [docs, 512, -1]);
var genomes = new (string, ITextCorpus, VocabularyCandidates)[]
{
    ("card", CardGenome.Corpus(table, cardModels), table.CardFeatures.GenomeTerms.SelectCandidates(512)),
    ("metadata", new MetadataRecordGenome(table).Corpus(all), null),
    ("metadata-clean", new MetadataCleanGenome(table).OnDemand(all), null),
};
foreach (var (name, docs, given) in genomes)
{
    VocabularyCandidates cands = given ?? Loose(docs);
    double best = double.MaxValue;
    long checksum = 0;
    for (int rep = 0; rep < 5; rep++)
    {
        var sw = Stopwatch.StartNew();
        CandidateStats stats = CandidateStats.Collect(docs, cands, 1);
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
        checksum = stats.DocumentFrequency.Sum(x => (long)x);
    }
    Console.WriteLine($"{name,-15} {docs.Count,9:N0} documents, {cands.Hashes.Length,7:N0} candidates: pass 2 best {best,6:F3} s ({1e9 * best / docs.Count,6:F0} ns a document), df sum {checksum:N0}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
