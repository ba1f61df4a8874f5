#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// The pair phase's populations and design samples as SimilarityAnalysis.Compute runs them (exact mode, every view,
// default sample sizes), repeated, with CPU seconds per genome and kind and a digest of every fixed-point sum, so two
// builds can be compared bit for bit and for cost (the featurize runs once, before the repetitions). With a list of
// kernel call sizes (e.g. 128,1024) the repetitions rotate through them, setting PairScorer.KernelPairs (internal,
// by reflection): 128 is one kernel call per sub-batch, as before pop33.
//   dotnet run -c Release bench/probes/pair-samples.cs -- <snapshot.phylo> REPS [threads] [kernel pairs,...]
using System.Diagnostics;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.InteropServices;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;

ModelTable table = Snapshot.Read(args[0]);
FamilyGraph graph = FamilyGraphBuilder.Build(table);
int reps = int.Parse(args[1]);
int threads = args.Length > 2 ? int.Parse(args[2]) : 2;
GenomeFeatures f = GenomeFeatures.Build(table, threads, Phylo.Text.TieBreak.Lexicographic);
var options = new SimilarityOptions();
ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
var finetune = new DesignWeights(views[(int)GraphView.Finetune]);
bool[][] presence = SimilarityNames.Genomes.Select(f.Presence).ToArray();
var proc = Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
void Hash(XxHash64 h, PopulationSums s)
{
    h.Append(BitConverter.GetBytes(s.N));
    h.Append(MemoryMarshal.AsBytes(s.Sum.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(s.SumOfSquares.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(s.Designs.Sum.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(s.Designs.Weight.AsSpan()));
    h.Append(MemoryMarshal.AsBytes(s.Designs.Count.AsSpan()));
}
int[] sizes = args.Length > 3 ? args[3].Split(',').Select(int.Parse).ToArray() : [];
FieldInfo kernelPairs = typeof(PairScorer).GetField("KernelPairs", BindingFlags.NonPublic | BindingFlags.Static);
for (int r = 0; r < reps; r++)
{
    if (sizes.Length > 0) kernelPairs.SetValue(null, sizes[r % sizes.Length]);
    var cost = new SortedDictionary<string, double>();
    var h = new XxHash64();
    var sampler = new PairSampler(f, options.Seed, threads);
    var enumerated = new Dictionary<(Genome, PairType), bool>();
    var arena = new PairArena();
    foreach (var d in SimilarityAnalysis.Populations(options))
    {
        double c0 = Cpu();
        var pop = d.Pair == PairType.Random ? PairPopulation.Random(presence[(int)d.Genome], arena)
            : PairPopulation.Build(d.Pair, new PairPopulation.ValidChildren(views[(int)d.View], presence[(int)d.Genome]), arena);
        PairSampler.DesignReader reader = null;
        int size = SimilarityAnalysis.SampleSizeOf(d.Genome, options);
        if (d.Genome.IsText() && (d.Pair == PairType.Random || d.View == GraphView.Finetune))
        {
            reader = new PairSampler.DesignReader(finetune, Array.FindAll(DesignConfig.All, c => c.Shape != PairShape.Edge && SimilarityAnalysis.PairOf(c.Shape) == d.Pair));
            enumerated[(d.Genome, d.Pair)] = PairSampler.Enumerates(pop, size, false);
        }
        Hash(h, sampler.Population(d.Genome, pop, d.Id, size, false, null, reader));
        string key = $"populations {d.Genome.Name()}";
        cost[key] = cost.GetValueOrDefault(key) + Cpu() - c0;
    }
    foreach (var (g, c) in SimilarityAnalysis.DesignSamples())
    {
        if (enumerated[(g, SimilarityAnalysis.PairOf(c.Shape))]) continue;
        double c0 = Cpu();
        var ds = DesignSampler.Build(c, finetune, new DesignSampler.ValidLists(finetune.View, presence[(int)g]), presence[(int)g], arena);
        Hash(h, sampler.DesignSample(g, ds, KeyedRandom.DesignSampleId(g, c), options.DesignSampleSize));
        string key = $"design samples {g.Name()}";
        cost[key] = cost.GetValueOrDefault(key) + Cpu() - c0;
    }
    Console.WriteLine($"rep {r} kernel pairs {kernelPairs?.GetValue(null)}: total {cost.Values.Sum():F2} CPU-s  digest {h.GetCurrentHashAsUInt64():x16}  " + string.Join("  ", cost.Select(kv => $"{kv.Key} {kv.Value:F2}")));
}
