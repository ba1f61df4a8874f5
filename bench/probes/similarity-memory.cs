#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// What is live at the similarity stage's peak, by array length, and the managed heap / RSS at each step:
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/similarity-memory.cs -- <snapshot.phylo> [numpy|lexicographic]
// (Server GC as the CLI: the runtimeconfig below; huge pages advised as the CLI does.)
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;

string path = args[0];
var ties = args.Length > 1 && args[1] == "numpy" ? Phylo.Text.TieBreak.NumpyQuicksort : Phylo.Text.TieBreak.Lexicographic;
Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
var proc = Process.GetCurrentProcess();
const double MiB = 1 << 20;
void Report(string step)
{
    long live = GC.GetTotalMemory(true); // full blocking collection first
    proc.Refresh();
    Console.WriteLine($"{step,-44} live heap {live / MiB,8:N0} MiB  rss {proc.WorkingSet64 / MiB,8:N0} MiB  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
void Part(string name, long bytes) => Console.WriteLine($"    {name,-52} {bytes / MiB,8:N1} MiB");
var sw = Stopwatch.StartNew();
ModelTable table = Snapshot.Load(path).Table; // card features, no lineage bodies: what analyze holds
Report($"table ({table.Count:N0} models, {sw.Elapsed.TotalSeconds:F1} s)");
CardFeatures cf = table.CardFeatures;
if (cf is not null)
{
    Part($"card genome pool ({cf.GenomeCount:N0} genomes)", cf.Genomes.TotalBytes + 12L * cf.Genomes.Count);
    Part("MinHash signatures (128 × 4 B a genome)", 4L * cf.Signatures.LongLength);
    Part("genome rows (4 B a model)", 4L * cf.GenomeRows.LongLength);
    Part($"card pass-1 term counts ({cf.GenomeTerms.DistinctTerms:N0} terms × 16 B)", 16L * cf.GenomeTerms.DistinctTerms);
    if (cf.Bodies is not null) Part("lineage bodies", cf.Bodies.TotalBytes);
}
FamilyGraph graph = FamilyGraphBuilder.Build(table);
Report($"graph ({graph.EdgeCount:N0} edges)");
var traits = TraitGenome.Build(table);
Part("trait genome (offsets + values)", 4L * (traits.Offsets.LongLength + traits.Values.LongLength));
WeakReference features = Inventory(table, traits, ties);
var sw2 = Stopwatch.StartNew();
GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
Report($"features dropped (aggressive collection {sw2.Elapsed.TotalSeconds:F2} s; still reachable: {features.IsAlive})");
GC.KeepAlive(graph);
GC.KeepAlive(table);

// In its own frame, so the features are unreachable when it returns (as when SimilarityAnalysis.Compute returns).
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
WeakReference Inventory(ModelTable table, TraitGenome traits, Phylo.Text.TieBreak ties)
{
    var sw = Stopwatch.StartNew();
    sw.Restart();
    GenomeFeatures f = GenomeFeatures.Build(table, -1, null, null, traits, ties);
    double featurize = sw.Elapsed.TotalSeconds;
    proc.Refresh();
    Console.WriteLine($"featurize ({ties}) {featurize:F1} s, rss before collecting {proc.WorkingSet64 / MiB:N0} MiB, peak working set {proc.PeakWorkingSet64 / MiB:N0} MiB");
    long rowsTotal = 0;
    foreach (Genome g in new[] { Genome.Card, Genome.Metadata, Genome.MetadataClean })
    {
        VectorGenome v = f.Vectors(g);
        long nnz = v.Counts.NonZeros, rows = v.RowCount;
        long bytes = 4 * nnz + 4 * (rows + 1) + 4 * 8 * rows + 4L * v.RowOf.Length;
        rowsTotal += bytes;
        Part($"{g} rows: {rows:N0} rows, {nnz:N0} non-zeros ({(double)nnz / Math.Max(1, rows):F1}/row)", bytes);
        Console.WriteLine($"        (12 B a non-zero, as before: {(12 * nnz + 4 * (rows + 1) + 2 * 8 * rows + 4L * v.RowOf.Length) / MiB:N1} MiB)");
    }
    Part("all rows", rowsTotal);
    long clean = 0;
    var cleanDocs = f.CleanText.Corpus();
    for (int i = 0; i < cleanDocs.Count; i++) clean += cleanDocs[i].Length;
    Part($"metadata-clean texts, pooled ({cleanDocs.Count:N0})", clean);
    Report("after featurize");
    return new WeakReference(f);
}
