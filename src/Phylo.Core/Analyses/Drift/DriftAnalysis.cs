using Phylo.Graph;
using Phylo.Report;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>Every drift partial of one shard. Exact: integer counts, so merging is associative and order-free.</summary>
public sealed record DriftPartial(
    MutationPartial Mutation,
    TransitionPartial Transitions,
    NumericPartial Numeric,
    CompliancePartial Compliance,
    ChainPartial Chain,
    StudyDriftPartial Study);

/// <summary>
/// The drift ("mutation") analyses of docs/engine.md §5 as Compute (one shard of families) → Merge → Finish.
/// <see cref="Run"/> is the single-process entry point: it splits the families into shards, computes them
/// in parallel and merges in shard order — the result is the same for any shard or thread count.
/// </summary>
public static class DriftAnalysis
{
    /// <param name="progress">Receives (steps done, steps in all): one step per piece of families computed.</param>
    public static DriftResult Run(ModelTable table, FamilyGraph graph, DriftOptions? options = null, Action<long, long>? progress = null)
    {
        options ??= new DriftOptions();
        return Finish(table, graph, ComputeParallel(table, graph, null, options, progress), options);
    }

    /// <summary>The partial of the families in <paramref name="families"/> (null: all), split into
    /// <see cref="DriftOptions.Parallelism"/> pieces computed in parallel and merged in order.</summary>
    public static DriftPartial ComputeParallel(ModelTable table, FamilyGraph graph, bool[]? families, DriftOptions options, Action<long, long>? progress = null)
    {
        options.Validate();
        int shards = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount;
        FamilyShard[] parts = shards == 1 ? [families is null ? FamilyShard.All : FamilyShard.Of(families)] : FamilyShard.Split(graph, shards);
        if (families is not null && shards > 1) parts = Array.ConvertAll(parts, p => FamilyShard.Of(Mask(graph, p, families)));
        var partials = new DriftPartial[parts.Length];
        var steps = new Phylo.ProgressCounter(parts.Length, progress);
        Parallel.For(0, parts.Length, i => { partials[i] = Compute(table, graph, parts[i], options); steps.Step(); });
        DriftPartial merged = partials[0];
        for (int i = 1; i < partials.Length; i++) merged = Merge(merged, partials[i]);
        steps.Complete();
        return merged;
    }

    private static bool[] Mask(FamilyGraph graph, FamilyShard part, bool[] families)
    {
        var mask = new bool[families.Length];
        for (int f = 0; f < mask.Length; f++) mask[f] = families[f] && part.Contains(f);
        return mask;
    }

    public static DriftPartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        options.Validate();
        return new DriftPartial(
            MutationRate.Compute(table, graph, shard, options),
            TransitionCounts.Compute(table, graph, shard, options),
            NumericDriftAnalysis.Compute(table, graph, shard, options),
            LicenseCompliance.Compute(table, graph, shard, options),
            LicenseChain.Compute(table, graph, shard, options),
            StudyDriftPartial.Compute(table, graph, shard, options));
    }

    public static DriftPartial Merge(DriftPartial left, DriftPartial right) => new(
        MutationRate.Merge(left.Mutation, right.Mutation),
        TransitionCounts.Merge(left.Transitions, right.Transitions),
        NumericDriftAnalysis.Merge(left.Numeric, right.Numeric),
        LicenseCompliance.Merge(left.Compliance, right.Compliance),
        LicenseChain.Merge(left.Chain, right.Chain),
        StudyDriftPartial.Merge(left.Study, right.Study));

    public static DriftResult Finish(ModelTable table, FamilyGraph graph, DriftPartial partial, DriftOptions options)
    {
        options.Validate();
        TransitionMatrix[] transitions = TransitionCounts.Finish(table, partial.Transitions, options);
        var orderings = new TraitOrder[transitions.Length];
        Parallel.For(0, transitions.Length, t =>
            orderings[t] = TraitOrdering.Solve(transitions[t], table[transitions[t].Trait].ModelCounts, options.OrderTopNOf(transitions[t].Trait)));
        return new DriftResult(
            options,
            MutationRate.Finish(partial.Mutation, options),
            transitions,
            orderings,
            NumericDriftAnalysis.Finish(partial.Numeric, options),
            LicenseCompliance.Finish(table, graph, partial.Compliance, options),
            LicenseChain.Finish(table, partial.Chain, options),
            partial.Study.Finish());
    }
}

/// <summary>The drift analyses on the sharded contract (<see cref="IShardedAnalysis"/>).</summary>
public sealed class DriftShardedAnalysis : ShardedAnalysis<DriftPartial>
{
    public override string Name => "drift";

    private static DriftOptions Options(ShardInput s) => new() { Seed = s.Options.Seed, Parallelism = s.Options.Threads };

    public override DriftPartial Compute(ShardInput shard) =>
        DriftAnalysis.ComputeParallel(shard.Table, shard.Graph, shard.Scope.IsWhole ? null : shard.Scope.FamilyMask, Options(shard),
            (done, total) => shard.Observer.StageProgress(Name, done, total));

    public override DriftPartial Merge(DriftPartial left, DriftPartial right) => DriftAnalysis.Merge(left, right);

    public override IReportSection Finish(ShardInput whole, DriftPartial merged) => DriftAnalysis.Finish(whole.Table, whole.Graph, merged, Options(whole));

    public override void Write(PartWriter w, DriftPartial partial) => DriftPartialCodec.Write(w, partial);

    public override DriftPartial Read(PartReader r) => DriftPartialCodec.Read(r);

    public override string Describe(IReportSection section) =>
        section is DriftResult d ? $"{d.Transitions.Length} transition graphs, {d.Compliance.Flags.Length:N0} license flags" : "";
}
