#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// The exact blocks' row walks (family sums of every view, design cosines, random sums — what ExactBlocks runs per
// block and genome) over the blocks a run uses (FamilyBlocks.ByUnit), with the block's rows read globally or from
// block-local rows (BlockRows, loaded per block and genome, the load included), alternated in one
// process so the machine's load falls on every variant alike. Digest of every sum (the variants must agree bit for bit).
// "load" times the loads alone (its digest is of nothing). Process CPU seconds per repetition (one thread works):
//   dotnet run -c Release bench/probes/block-rows.cs -- <snapshot.phylo> REPS [contiguous]
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
ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
var blocks = args.Length > 2 && args[2] == "contiguous" ? FamilyBlocks.Build(graph, FamilyBlocks.TargetModels)
    : FamilyBlocks.ByUnit(graph, Phylo.Analyses.WorkUnits.Plan(table, graph));
{
    // How far the walks reach outside their block: children, grandchildren and parents of its models, every view.
    int[] blockOf = new int[table.Count];
    for (int k = 0; k < blocks.Count; k++) foreach (int m in blocks[k]) blockOf[m] = k;
    long inside = 0, outside = 0;
    for (int k = 0; k < blocks.Count; k++)
        foreach (ViewGraph view in views)
            foreach (int m in blocks[k])
            {
                foreach (int c in view.ChildrenOf(m))
                {
                    if (blockOf[c] == k) inside++; else outside++;
                    foreach (int n in view.ChildrenOf(c)) if (blockOf[n] == k) inside++; else outside++;
                }
                foreach (int a in view.ParentsOf(m)) if (blockOf[a] == k) inside++; else outside++;
            }
    Console.WriteLine($"{blocks.Count} blocks; relatives the walks reach: {inside:N0} in the block, {outside:N0} outside ({100.0 * outside / Math.Max(1, inside + outside):F1} %)");
}
var weights = new DesignWeights(views.First(v => v.View == GraphView.Finetune));
Genome[] genomes = [Genome.Card, Genome.Metadata, Genome.MetadataClean];
var tfidf = genomes.Select(g => new CosinePairSums(f.Vectors(g), SimilarityMeasure.TfIdf)).ToArray();
var bow = genomes.Select(g => new CosinePairSums(f.Vectors(g), SimilarityMeasure.Bow)).ToArray();
int width = genomes.Max(g => f.Vectors(g).Columns);
int reps = int.Parse(args[1]);
var proc = Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
for (int r = 0; r < reps; r++)
    foreach (string mode in new[] { "global", "block", "load" })
    {
        var scratch = new CosinePairSums.Scratch(width, table.Count);
        var design = new DesignCosineSums.Scratch(width);
        var h = new XxHash64();
        double[] sums = new double[PairTypes.Count], other = new double[PairTypes.Count];
        long[] counts = new long[PairTypes.Count];
        double[] ds = new double[DesignConfig.Count], dw = new double[DesignConfig.Count];
        long[] dc = new long[DesignConfig.Count];
        double[] a = new double[width], b = new double[width];
        long maxNonZeros = 0, maxEntries = 0;
        double c0 = Cpu();
        for (int k = 0; k < blocks.Count; k++)
        {
            ReadOnlySpan<int> models = blocks[k];
            for (int g = 0; g < genomes.Length; g++)
            {
                BlockRows block = null;
                if (mode != "global")
                {
                    block = scratch.Block;
                    block.Load(f.Vectors(genomes[g]), models);
                    maxNonZeros = Math.Max(maxNonZeros, block.NonZeros);
                    maxEntries = Math.Max(maxEntries, block.Count);
                    if (mode == "load") continue; // the loads alone
                }
                foreach (ViewGraph view in views)
                {
                    Array.Clear(sums); Array.Clear(other); Array.Clear(counts);
                    CosinePairSums.Accumulate(view, models, scratch, tfidf[g], sums, bow[g], other, counts);
                    h.Append(MemoryMarshal.AsBytes(sums.AsSpan())); h.Append(MemoryMarshal.AsBytes(other.AsSpan())); h.Append(MemoryMarshal.AsBytes(counts.AsSpan()));
                }
                foreach (CosinePairSums kernel in new[] { tfidf[g], bow[g] })
                {
                    Array.Clear(ds); Array.Clear(dw); Array.Clear(dc);
                    new DesignCosineSums(kernel, weights).Accumulate(models, design, ds, dw, dc, block);
                    h.Append(MemoryMarshal.AsBytes(ds.AsSpan())); h.Append(MemoryMarshal.AsBytes(dw.AsSpan())); h.Append(MemoryMarshal.AsBytes(dc.AsSpan()));
                }
                Array.Clear(a); Array.Clear(b);
                var (x, y) = CosinePairSums.AccumulateRandom(models, tfidf[g], a, bow[g], b, block);
                h.Append(MemoryMarshal.AsBytes(a.AsSpan())); h.Append(MemoryMarshal.AsBytes(b.AsSpan()));
                h.Append(BitConverter.GetBytes(x.Self + y.Self + x.Count));
            }
        }
        double c1 = Cpu();
        Console.WriteLine($"{mode,-10} {blocks.Count,4} blocks  {c1 - c0:F3} CPU-s  digest {h.GetCurrentHashAsUInt64():x16}  largest buffer {maxEntries:N0} models {maxNonZeros:N0} non-zeros");
    }
