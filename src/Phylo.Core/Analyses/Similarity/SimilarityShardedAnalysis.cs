using Phylo.Report;
using Phylo.Store;

namespace Phylo.Analyses.Similarity;

/// <summary>The similarity analyses on the sharded contract (<see cref="IShardedAnalysis"/>).</summary>
public sealed class SimilarityShardedAnalysis : ShardedAnalysis<SimilarityShardPartial>
{
    public override string Name => "similarity";

    private static SimilarityOptions Options(ShardInput s) => Options(s.Options, s.Observer);

    /// <summary>The similarity options of a run (<paramref name="obs"/> receives the stage's progress).</summary>
    public static SimilarityOptions Options(AnalyzeOptions o, IRunObserver obs) => new(o.Seed, o.Threads, o.Sampled, o.ExactLevenshtein)
    {
        Progress = (done, total) => obs.StageProgress("similarity", done, total),
        SampleSize = o.Similarity.SampleSize,
        DesignSampleSize = o.Similarity.DesignSampleSize,
        StudyDraws = o.Similarity.StudyDraws,
        BootstrapResamples = o.Similarity.BootstrapResamples,
        TieBreak = o.TieBreak,
    };

    public override SimilarityShardPartial Compute(ShardInput shard) =>
        SimilarityAnalysis.Compute(shard.Table, shard.Graph, shard.Scope, shard.Prepared as PreparedVocabularies, Options(shard));

    public override SimilarityShardPartial Merge(SimilarityShardPartial left, SimilarityShardPartial right) => SimilarityShardPartial.Merge(left, right);

    public override IReportSection Finish(ShardInput whole, SimilarityShardPartial merged)
    {
        IReportSection section = SimilarityReport.Finish(whole.Table, whole.Graph, Options(whole), merged);
        StageParts.Mark("report sums");
        return section;
    }

    public override void Write(PartWriter w, SimilarityShardPartial partial) => partial.Write(w);

    public override SimilarityShardPartial Read(PartReader r) => SimilarityShardPartial.Read(r);

    public override string Describe(IReportSection section) => section is SimilaritySection s ? $"{s.Values.Count:N0} similarity means" : "";
}
