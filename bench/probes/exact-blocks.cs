#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// The exact blocks alone (ExactBlocks.Compute on one thread over every block: family sums of every view, design
// cosines, random sums, edge sums) over the blocks a run uses (FamilyBlocks.ByUnit, hashed buckets) and over contiguous
// families (FamilyBlocks.Build), alternated in one process, with a digest of every fixed-point partial so two builds
// can be compared bit for bit. Process CPU seconds per repetition (one thread works):
//   dotnet run -c Release bench/probes/exact-blocks.cs -- <snapshot.phylo> REPS
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
var units = FamilyBlocks.ByUnit(graph, Phylo.Analyses.WorkUnits.Plan(table, graph));
var contiguous = FamilyBlocks.Build(graph, FamilyBlocks.TargetModels);
int reps = int.Parse(args[1]);
var proc = Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
for (int r = 0; r < reps; r++)
    foreach (var (name, blocks) in new[] { ("units", units), ("contiguous", contiguous) })
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
        Console.WriteLine($"{name,-10} {blocks.Count,4} blocks  exact blocks {c1 - c0:F3} CPU-s  digest {h.GetCurrentHashAsUInt64():x16}");
    }
