using Phylo.Analyses;
using Phylo.Drift;
using Phylo.Similarity;
using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>The analyses a run performs, in report order; each is timed as its own stage.</summary>
public static class AnalysisPlan
{
    public static IEnumerable<IReportSection> All(ModelTable table, FamilyGraph graph, AnalyzeOptions o, StageClock clock, IRunObserver obs)
    {
        yield return Stage("families", clock, obs, () => new GraphSection(table, graph, GraphSummary.Summarize(table, graph)),
            s => $"{s.Summary.FamilyCount:N0} families, deepest generation {s.Summary.MaxGeneration}");
        yield return Stage("shares", clock, obs, () => TraitShares.Run(table, graph),
            s => $"{s.Shares.Sum(t => t.Values.Length):N0} trait values");
        yield return Stage("similarity", clock, obs,
            () => SimilarityAnalysis.Run(table, graph, new SimilarityOptions(o.Seed, o.Threads, o.Sampled, o.ExactLevenshtein)
                { Progress = (done, total) => obs.StageProgress("similarity", done, total) }),
            s => $"{s.Values.Count:N0} pair-type means");
        yield return Stage("drift", clock, obs,
            () => DriftAnalysis.Run(table, graph, new DriftOptions { Seed = o.Seed, Parallelism = o.Threads },
                (done, total) => obs.StageProgress("drift", done, total)),
            d => $"{d.Transitions.Length} transition graphs, {d.Compliance.Flags.Length:N0} license flags");
    }

    private static T Stage<T>(string name, StageClock clock, IRunObserver obs, Func<T> work, Func<T, string> summary)
    {
        obs.StageStarted(name);
        T result = clock.Time(name, work);
        obs.StageFinished(clock.Stages[^1], summary(result));
        return result;
    }
}
