using Phylo.Graph;
using Phylo.Report;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Analyses;

/// <summary>
/// What every analysis sees: the whole table and graph (each process ingests the inputs; families are cheap to rebuild),
/// the families it owns, the run's options, the ingest summary, and what <c>phylo prepare</c> computed once for the run
/// (null: each analysis fits what it needs locally; the similarity analysis reads its vocabularies from it).
/// </summary>
public sealed record ShardInput(
    ModelTable Table,
    FamilyGraph Graph,
    ShardScope Scope,
    AnalyzeOptions Options,
    IReadOnlyList<InputSummary> Inputs,
    RejectLog Rejects,
    IPreparedState? Prepared)
{
    /// <summary>Receives the stage's progress (<see cref="IRunObserver.StageProgress"/>); never changes results.</summary>
    public IRunObserver Observer { get; init; } = SilentObserver.Instance;
}

/// <summary>State an analysis prepares once per run and every shard reads (<c>phylo prepare</c>); the analysis that made
/// it knows its type. A marker, so the contract does not name any analysis (native-notes/architecture.md).</summary>
public interface IPreparedState;

/// <summary>
/// The one contract every report section is built on (native-notes/architecture.md). A single process runs
/// <c>Finish(whole, Compute(whole))</c>; a sharded run writes <c>Compute(shard i)</c> to part i, and the merge folds
/// <see cref="Merge"/> over the parts in shard order before <see cref="Finish"/>. For byte-identical reports
/// <see cref="Merge"/> must be exact (integer or fixed-point sums, row-keyed unions, equal-checked globals) and the
/// partial must survive <see cref="Write"/>/<see cref="Read"/> bit for bit. To add an analysis: implement
/// <see cref="ShardedAnalysis{TPartial}"/> and list it in <see cref="Run.AnalysisPlan.Analyses"/>.
/// </summary>
public interface IShardedAnalysis
{
    /// <summary>Stage name and part chunk name.</summary>
    string Name { get; }

    object Compute(ShardInput shard);
    object Merge(object left, object right);

    /// <summary>The report section from the merged partial; <paramref name="whole"/> is the merging process's own
    /// table and graph (scope: every family), for names and ids.</summary>
    IReportSection Finish(ShardInput whole, object merged);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "'partial' is the domain word (a shard's partial result) and only a contextual keyword")]
    void Write(PartWriter w, object partial);
    object Read(PartReader r);

    /// <summary>A one-line summary of the finished section for the progress log.</summary>
    string Describe(IReportSection section);
}

/// <summary>Typed base of <see cref="IShardedAnalysis"/>.</summary>
public abstract class ShardedAnalysis<TPartial> : IShardedAnalysis where TPartial : notnull
{
    public abstract string Name { get; }
    public abstract TPartial Compute(ShardInput shard);
    public abstract TPartial Merge(TPartial left, TPartial right);
    public abstract IReportSection Finish(ShardInput whole, TPartial merged);
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "'partial' is the domain word (a shard's partial result) and only a contextual keyword")]
    public abstract void Write(PartWriter w, TPartial partial);
    public abstract TPartial Read(PartReader r);
    public virtual string Describe(IReportSection section) => "";

    object IShardedAnalysis.Compute(ShardInput shard) => Compute(shard);
    object IShardedAnalysis.Merge(object left, object right) => Merge((TPartial)left, (TPartial)right);
    IReportSection IShardedAnalysis.Finish(ShardInput whole, object merged) => Finish(whole, (TPartial)merged);
    void IShardedAnalysis.Write(PartWriter w, object partial) => Write(w, (TPartial)partial);
    object IShardedAnalysis.Read(PartReader r) => Read(r);

    /// <summary>For partials that every shard computes identically (global counts): keeps one, refuses a difference.</summary>
    protected static T Same<T>(T left, T right, string what, Func<T, T, bool> equal) =>
        equal(left, right) ? left : throw new PhyloInputException($"parts disagree on {what}: were they computed from the same inputs?");
}
