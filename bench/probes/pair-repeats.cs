#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// How often one pair is drawn more than once inside one population or design sample (exact mode, as
// SimilarityAnalysis.Compute draws them): draws, distinct ordered pairs, distinct unordered pairs, per design; and the
// process CPU time of the draws alone (one thread draws; GC threads add little: the draws allocate nothing).
//   dotnet run -c Release bench/probes/pair-repeats.cs -- <snapshot.phylo>
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;
ModelTable table = Snapshot.Read(args[0]);
FamilyGraph graph = FamilyGraphBuilder.Build(table);
var options = new SimilarityOptions();
var traits = TraitGenome.Build(table);
var presence = Array.ConvertAll(SimilarityNames.Genomes, g => GenomeFeatures.Presence(table, traits, g));
var views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
var finetune = new DesignWeights(views[(int)GraphView.Finetune]);
const int MaxAttempts = 64;
long allDraws = 0, allOrdered = 0, allUnordered = 0;
double drawNs = 0; // CPU time of the draws alone (one thread works)
var proc = System.Diagnostics.Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
void Count(string name, long draws, Func<long, (bool, int, int)> draw)
{
    var ordered = new HashSet<long>();
    var unordered = new HashSet<long>();
    var xs = new int[draws];
    var ys = new int[draws];
    var oks = new bool[draws];
    double t0 = Cpu();
    for (long i = 0; i < draws; i++) (oks[i], xs[i], ys[i]) = draw(i);
    double ns = (Cpu() - t0) * 1e9 / draws;
    drawNs += ns * draws;
    long n = 0;
    for (long i = 0; i < draws; i++)
    {
        (bool ok, int x, int y) = (oks[i], xs[i], ys[i]);
        if (!ok || x == y) continue;
        n++;
        ordered.Add(((long)x << 32) | (uint)y);
        unordered.Add(((long)Math.Min(x, y) << 32) | (uint)Math.Max(x, y));
    }
    allDraws += n; allOrdered += ordered.Count; allUnordered += unordered.Count;
    Console.WriteLine($"{name,-50} draws {n,8:N0} ordered {ordered.Count,8:N0} ({1 - (double)ordered.Count / n:P2} repeats) unordered {unordered.Count,8:N0} ({1 - (double)unordered.Count / n:P2}) draw {ns:F0} ns");
}
foreach (var d in SimilarityAnalysis.Populations(options))
{
    var pres = presence[(int)d.Genome];
    var pop = d.Pair == PairType.Random ? PairPopulation.Random(pres) : PairPopulation.Build(d.Pair, views[(int)d.View], pres);
    int size = SimilarityAnalysis.SampleSizeOf(d.Genome, options);
    if (pop.Total <= size) { Console.WriteLine($"{d.Genome} {d.Pair} {d.View}: enumerated ({pop.Total:N0})"); continue; }
    Count($"pop {d.Genome} {d.Pair} {d.View} ({pop.Total:N0})", size, i =>
    {
        var rng = new KeyedRandom(options.Seed, d.Id, i);
        for (int a = 0; a < MaxAttempts; a++) if (pop.TryUnrank(rng.Below(pop.Total), out int x, out int y, out _)) return (true, x, y);
        return (false, -1, -1);
    });
}
foreach ((Genome g, DesignConfig c) in SimilarityAnalysis.DesignSamples())
{
    var pres = presence[(int)g];
    // A design whose shape's population is enumerated reads its values from there: no sample of its own.
    PairType shape = SimilarityAnalysis.PairOf(c.Shape);
    var whole = shape == PairType.Random ? PairPopulation.Random(pres) : PairPopulation.Build(shape, views[(int)GraphView.Finetune], pres);
    if (whole.Total <= SimilarityAnalysis.SampleSizeOf(g, options)) { Console.WriteLine($"design {g} {c.Key}: read from the enumerated population"); continue; }
    var s = DesignSampler.Build(c, finetune, new DesignSampler.ValidLists(views[(int)GraphView.Finetune], pres), pres);
    if (s.Total <= 0) continue;
    ulong id = KeyedRandom.DesignSampleId(g, c);
    Count($"design {g} {c.Key}", options.DesignSampleSize, i => (s.Draw(options.Seed, id, i, out int x, out int y), x, y));
}
Console.WriteLine($"all: draws {allDraws:N0} ordered {allOrdered:N0} unordered {allUnordered:N0}: {1 - (double)allUnordered / allDraws:P2} could be skipped; draws {drawNs / 1e9:F2} CPU-s");
