using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Analyses.Graph;
using Phylo.Analyses.Similarity;
using Phylo.Analyses.Summary;
using Phylo.Analyses.Traits;
using Phylo.Report;

namespace Phylo.Run;

/// <summary>
/// The analyses a run performs, in report order. Every one is an <see cref="IShardedAnalysis"/>: a single process runs
/// <c>Finish(Compute(every family))</c>, a shard writes its <c>Compute</c>, the merge folds <c>Merge</c> and runs
/// <c>Finish</c> — the same code on both paths, so they cannot drift apart. Add a new section here.
/// </summary>
public static class AnalysisPlan
{
    public static IReadOnlyList<IShardedAnalysis> Analyses { get; } =
        [new SummaryAnalysis(), new GraphAnalysis(), new TraitSharesAnalysis(), new Analyses.Panels.SummaryPanelsAnalysis(), new SimilarityShardedAnalysis(), new DriftShardedAnalysis()];

    /// <summary>The single-process path: each analysis computed over every family and finished, timed as a stage.</summary>
    public static IEnumerable<IReportSection> All(ShardInput whole, StageClock clock, IRunObserver obs)
    {
        foreach (IShardedAnalysis a in Analyses)
            yield return Stage(a, clock, obs, () => a.Finish(whole, a.Compute(whole)));
    }

    internal static IReportSection Stage(IShardedAnalysis a, StageClock clock, IRunObserver obs, Func<IReportSection> work)
    {
        obs.StageStarted(a.Name);
        IReportSection result = clock.Time(a.Name, work);
        obs.StageFinished(clock.Stages[^1], a.Describe(result));
        return result;
    }
}
