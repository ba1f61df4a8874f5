#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// The pair phase's single-threaded costs that do not involve the Levenshtein kernel: the exact blocks
// (ExactBlocks.Compute on one thread: family sums of every view, design cosines, random sums, edge sums) and
// metadata record renders of keyed random models (what a population or design draw renders), each with a digest so
// two builds can be compared bit for bit. CPU seconds of the process (one thread works), per repetition:
//   dotnet run -c Release bench/probes/pair-phase.cs -- <snapshot.phylo> REPS [units]
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;
ModelTable table = Snapshot.Read(args[0]);
FamilyGraph graph = FamilyGraphBuilder.Build(table);
GenomeFeatures f = GenomeFeatures.Build(table, -1, Phylo.Text.TieBreak.NumpyQuicksort);
EdgeSimilarities edges = EdgeSimilarities.Compute(f, graph, 2);
ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
// "units": the blocks a run uses (FamilyBlocks.ByUnit: hashed buckets of whole families); else contiguous families.
var blocks = args.Length > 2 && args[2] == "units" ? FamilyBlocks.ByUnit(graph, Phylo.Analyses.WorkUnits.Plan(table, graph))
    : FamilyBlocks.Build(graph, FamilyBlocks.TargetModels);
int reps = int.Parse(args[1]);
var proc = Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
const int Renders = 2_000_000;
var models = new int[Renders];
for (int i = 0; i < Renders; i++) models[i] = (int)new KeyedRandom(42, 7, i).Below(table.Count);
for (int r = 0; r < reps; r++)
{
    double c0 = Cpu();
    SimilarityPartial p = ExactBlocks.Compute(f, views, edges, blocks, 0, blocks.Count, 1);
    double c1 = Cpu();
    var h = new XxHash64();
    h.Append(MemoryMarshal.AsBytes(p.Sums.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(p.Counts.AsSpan()));
    foreach (var col in p.RandomColumns) if (col is not null) h.Append(MemoryMarshal.AsBytes(col.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(p.RandomSelf.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(p.RandomCount.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(p.DesignSums.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(p.DesignWeights.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(p.DesignCounts.AsSpan()));
    double c2 = Cpu();
    var rh = new XxHash64();
    long bytes = 0;
    byte[] buffer = new byte[2048];
    for (int i = 0; i < Renders; i++)
    {
        if (i + 8 < Renders) f.RecordText.PrefetchColumns(models[i + 8]);
        int n = f.RecordText.Render(models[i], ref buffer);
        bytes += n;
        if ((i & 255) == 0) rh.Append(buffer.AsSpan(0, n));
    }
    double c3 = Cpu();
    for (int i = 0; i < Renders; i++) f.RecordText.Render(i % table.Count, ref buffer); // in model order: the render's own work, few misses
    double c4 = Cpu();
    Console.WriteLine($"exact blocks {c1 - c0:F3} CPU-s digest {h.GetCurrentHashAsUInt64():x16}   {Renders:N0} renders {c3 - c2:F3} CPU-s ({(c3 - c2) / Renders * 1e9:F0} ns; in model order {(c4 - c3) / Renders * 1e9:F0} ns) bytes {bytes} digest {rh.GetCurrentHashAsUInt64():x16}");
}
