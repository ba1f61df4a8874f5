using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>
/// The rows a shard keeps once the analyses that read every model are done (native-notes/sharding.md, "Rows a shard
/// keeps"). Summary, graph, trait shares and panels count over all models (their partials are either global and checked
/// equal, or need the whole table); similarity and drift, which run after them, read only the models the shard
/// featurizes (<see cref="SimilarityAnalysis.NeededModels(ModelTable, ShardScope, SimilarityOptions)"/>: its own, their
/// relatives, its draws' partners) and, for the families it owns, only columns kept whole. So before similarity the table drops the
/// other models' variable-size rows (<see cref="ModelTableRows"/>) and the heap is collected and decommitted, so the
/// similarity stage's peak does not stand on the whole table nor on what loading it left behind.
/// </summary>
internal static class ShardRunRows
{
    /// <summary>A shard of n &gt; 1 with prepared vocabularies (without them the shard fits the vocabularies over every
    /// model's genomes, which reads every row).</summary>
    public static bool Applies(ShardInput shard) => !shard.Scope.IsWhole && shard.Prepared is not null;

    /// <summary>Per model: needed by the shard's similarity work. Drift, the one analysis after similarity, reads the
    /// models of the families the shard owns, but only columns kept whole (the five trait kinds of the trait genome, counts,
    /// dates, card facts), so those families' other models need no row of their own.</summary>
    public static bool[] Mask(ShardInput shard) =>
        SimilarityAnalysis.NeededModels(shard.Table, shard.Scope, SimilarityShardedAnalysis.Options(shard.Options, shard.Observer))
            ?? throw new InvalidOperationException("a whole run keeps every row");

    /// <summary>Replaces <paramref name="shard"/> with itself cut to <see cref="Mask"/> (stage "rows"), then collects and
    /// decommits the heap (for a table of at least <see cref="FeatureMemory.SettleAbove"/> models: below that the pages are
    /// not worth a blocking full collection, and the test suite runs hundreds of small shards in one process). By
    /// reference, so that the caller's variable no longer holds the whole table when it is collected.</summary>
    public static void Keep(ref ShardInput shard, StageClock clock, IRunObserver obs)
    {
        obs.StageStarted("rows");
        bool large = shard.Table.Count >= FeatureMemory.SettleAbove;
        var (cut, kept) = Cut(shard, clock);
        shard = cut;
        if (large) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        obs.StageFinished(clock.Stages[^1], $"rows of {kept:N0} of {cut.Table.Count:N0} models kept");
    }

    // Not inlined: the whole table must be out of every live frame when Keep collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (ShardInput Cut, int Kept) Cut(ShardInput shard, StageClock clock) => clock.Time("rows", () =>
    {
        bool[] keep = Mask(shard);
        int kept = 0;
        foreach (bool k in keep) if (k) kept++;
        return (shard with { Table = ModelTableRows.Keep(shard.Table, keep, TraitGenome.Kinds) }, kept);
    });
}
