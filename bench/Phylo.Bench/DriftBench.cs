using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Graph;
using Phylo.Synth;
using Phylo.Table;

namespace Phylo.Bench;

/// <summary>
/// Every drift analysis (docs/engine.md §5) on a synthetic ecosystem of the snapshot's size: 1,860,411 models and
/// about 574k edges, built once in setup. Budget: ≤ 10 s after the graph is built.
/// Run: <c>dotnet run -c Release --project bench/Phylo.Bench -- --filter '*DriftBench*'</c>.
/// </summary>
[Config(typeof(DriftBenchConfig))]
[MemoryDiagnoser]
public class DriftBench
{
    private ModelTable _table = null!;
    private FamilyGraph _graph = null!;
    private DriftPartial _partial = null!;
    private readonly DriftOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        (_table, _graph) = SyntheticTables.Build(new SynthOptions(1_860_411, Seed: 2025, Cards: CardMode.Prefix));
        Console.WriteLine($"// models {_table.Count:N0}, edges {_graph.EdgeCount:N0}, families {_graph.Families.Length:N0}");
        _partial = DriftAnalysis.Compute(_table, _graph, FamilyShard.All, _options);
    }

    /// <summary>The whole drift section: parallel shards, merge, finish (10,000 bootstrap replicates, two DPs per trait).</summary>
    [Benchmark]
    public DriftResult Run() => DriftAnalysis.Run(_table, _graph, _options);

    /// <summary>One shard holding every family, one thread.</summary>
    [Benchmark]
    public DriftPartial ComputeAll() => DriftAnalysis.Compute(_table, _graph, FamilyShard.All, _options);

    /// <summary>From the merged partial to the result: orderings and bootstrap replicates.</summary>
    [Benchmark]
    public DriftResult Finish() => DriftAnalysis.Finish(_table, _graph, _partial, _options);
}

/// <summary>Seconds-long operations: a few monitored iterations, in process (no generated project to build).</summary>
public sealed class DriftBenchConfig : ManualConfig
{
    public DriftBenchConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
