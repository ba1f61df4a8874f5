using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Drift;

/// <summary>Every drift partial of one shard. Exact: integer counts, so merging is associative and order-free.</summary>
public sealed record DriftPartial(
    MutationPartial Mutation,
    TransitionPartial Transitions,
    NumericPartial Numeric,
    CompliancePartial Compliance,
    ChainPartial Chain);

/// <summary>
/// The drift ("mutation") analyses of SPEC §5 as Compute (one shard of families) → Merge → Finish.
/// <see cref="Run"/> is the single-process entry point: it splits the families into shards, computes them
/// in parallel and merges in shard order — the result is the same for any shard or thread count.
/// </summary>
public static class DriftAnalysis
{
    /// <param name="progress">Receives (steps done, steps in all): one step per shard computed, one for the finish.</param>
    public static DriftResult Run(ModelTable table, FamilyGraph graph, DriftOptions? options = null, Action<long, long>? progress = null)
    {
        options ??= new DriftOptions();
        options.Validate();
        int shards = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount;
        FamilyShard[] parts = shards == 1 ? [FamilyShard.All] : FamilyShard.Split(graph, shards);
        var partials = new DriftPartial[parts.Length];
        var steps = new Analyses.ProgressCounter(parts.Length + 1, progress);
        Parallel.For(0, parts.Length, i => { partials[i] = Compute(table, graph, parts[i], options); steps.Step(); });
        DriftPartial merged = partials[0];
        for (int i = 1; i < partials.Length; i++) merged = Merge(merged, partials[i]);
        DriftResult result = Finish(table, graph, merged, options);
        steps.Complete();
        return result;
    }

    public static DriftPartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        options.Validate();
        return new DriftPartial(
            MutationRate.Compute(table, graph, shard, options),
            TransitionCounts.Compute(table, graph, shard, options),
            NumericDriftAnalysis.Compute(table, graph, shard, options),
            LicenseCompliance.Compute(table, graph, shard, options),
            LicenseChain.Compute(table, graph, shard, options));
    }

    public static DriftPartial Merge(DriftPartial left, DriftPartial right) => new(
        MutationRate.Merge(left.Mutation, right.Mutation),
        TransitionCounts.Merge(left.Transitions, right.Transitions),
        NumericDriftAnalysis.Merge(left.Numeric, right.Numeric),
        LicenseCompliance.Merge(left.Compliance, right.Compliance),
        LicenseChain.Merge(left.Chain, right.Chain));

    public static DriftResult Finish(ModelTable table, FamilyGraph graph, DriftPartial partial, DriftOptions options)
    {
        options.Validate();
        TransitionMatrix[] transitions = TransitionCounts.Finish(table, partial.Transitions, options);
        var orderings = new TraitOrder[transitions.Length];
        Parallel.For(0, transitions.Length, t =>
            orderings[t] = TraitOrdering.Solve(transitions[t], table[transitions[t].Trait].ModelCounts, options.OrderTopN));
        return new DriftResult(
            options,
            MutationRate.Finish(partial.Mutation, options),
            transitions,
            orderings,
            NumericDriftAnalysis.Finish(partial.Numeric, options),
            LicenseCompliance.Finish(table, graph, partial.Compliance, options),
            LicenseChain.Finish(table, partial.Chain, options));
    }
}
