using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Phylo.Analyses.Similarity;
using Phylo.Graph;
using Phylo.Synth;
using Phylo.Table;

namespace Phylo.Bench;

/// <summary>
/// The exact similarity stages on a synthetic ecosystem (<see cref="SyntheticTables"/>): featurize (both vocabulary fits, rows,
/// MinHash), every measure on every edge, the exact cosine partials of all pair types in all three views, and 100k
/// population draws of card siblings (Levenshtein + MinHash, to extrapolate the 1M-draw samples). Run at N = 200,000
/// (one setup is a minute on a loaded 2-core machine); every stage is linear in models, edges or draws, so figures
/// scale by 1,860,411 / 200,000 — see native-notes/similarity.md.
/// <c>dotnet run -c Release --project bench/Phylo.Bench -- --filter '*SimilarityBench*'</c>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class SimilarityBench
{
    private ModelTable _table = null!;
    private FamilyGraph _graph = null!;
    private GenomeFeatures _features = null!;
    private ViewGraph[] _views = null!;
    private EdgeSimilarities _edges = null!;
    private FamilyBlocks _blocks = null!;
    private PairPopulation _siblings = null!;

    [Params(200_000)]
    public int Models { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_table, _graph) = SyntheticTables.Build(new SynthOptions(Models, Seed: 7, Cards: CardMode.Full));
        _features = GenomeFeatures.Build(_table, -1);
        _views = GraphViews.All.Select(v => ViewGraph.Build(_graph, v)).ToArray();
        _edges = EdgeSimilarities.Compute(_features, _graph, -1);
        _blocks = FamilyBlocks.Build(_graph);
        _siblings = PairPopulation.Build(PairType.Siblings, _views[0], _features.Presence(Genome.Card));
    }

    [Benchmark]
    public GenomeFeatures Featurize() => GenomeFeatures.Build(_table, -1);

    [Benchmark]
    public EdgeSimilarities EdgeMeasures() => EdgeSimilarities.Compute(_features, _graph, -1);

    [Benchmark]
    public SimilarityPartial ExactCosinePartials() => ExactBlocks.Compute(_features, _views, _edges, _blocks, 0, _blocks.Count, -1);

    [Benchmark]
    public PairMean[] CardSiblingDraws100k() => new PairSampler(_features, 42, -1).Population(Genome.Card, _siblings, 1, 100_000, exhaustive: false).Means();
}
