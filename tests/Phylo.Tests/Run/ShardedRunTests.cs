using System.Collections.Concurrent;
using Phylo.Run;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>Shard + merge equals a single process byte for byte, for several shard counts, exact and study mode; the
/// ecosystem's largest family (~18 % of its models) is cut into work units that several shards share.</summary>
[Trait("Speed", "Slow")]
public sealed class ShardedRunTests : IDisposable
{
    private static readonly string Root = Directory.CreateTempSubdirectory("phylo-shard-").FullName;
    private static readonly ConcurrentDictionary<bool, Lazy<string>> Singles = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-shard-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>2,500 synthetic models with full cards (written once per test run).</summary>
    private static readonly Lazy<string> Ecosystem = new(() =>
    {
        string path = Path.Combine(Root, "eco.csv");
        using (var fs = File.Create(path)) SyntheticEcosystem.Write(fs, new SynthOptions(2_500, 7, CardMode.Full, 2));
        return path;
    });

    private static string Single(bool sampled) => Singles.GetOrAdd(sampled, s => new Lazy<string>(() =>
    {
        string dir = Path.Combine(Root, $"single-{s}");
        AnalysisRun.Execute(ShardedRun.Options([Ecosystem.Value], dir, s));
        return dir;
    })).Value;

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(7, false)]
    [InlineData(16, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(7, true)]
    [InlineData(16, true)]
    public void Shards_merge_to_the_single_process_report(int shards, bool sampled)
    {
        string merged = ShardedRun.Run(ShardedRun.Options([Ecosystem.Value], _dir, sampled), shards, _dir);
        ShardedRun.AssertSameReport(Single(sampled), merged);
    }

    [RealDataFact]
    public void Shards_of_the_real_crawls_merge_to_the_single_process_report()
    {
        string[] inputs = [.. RealData.FamilyFiles(), RealData.GraphSample];
        string single = Path.Combine(_dir, "single");
        AnalysisRun.Execute(ShardedRun.Options(inputs, single, sampled: true));
        // One shard count: the shard counts themselves are swept on the synthetic ecosystem above; this run carries the
        // real crawls' quirks (cards, dates, odd ids) through prepare, shards and merge.
        ShardedRun.AssertSameReport(single, ShardedRun.Run(ShardedRun.Options(inputs, single, sampled: true), 3, Path.Combine(_dir, "n3")));
    }
}
