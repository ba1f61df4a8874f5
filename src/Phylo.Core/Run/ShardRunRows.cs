using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Graph;
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
    /// decommits the heap (<see cref="Settle"/>). By reference, so that the caller's variable no longer holds the whole
    /// table when it is collected.</summary>
    public static void Keep(ref ShardInput shard, StageClock clock, IRunObserver obs)
    {
        var (cut, kept) = Cut(shard, clock, obs);
        shard = cut;
        Settle(cut.Table.Count, kept, clock, obs);
    }

    /// <summary>Starts stage "rows" and returns <paramref name="shard"/> cut to <see cref="Mask"/> with the number of rows
    /// kept; <see cref="Settle"/> ends the stage once the caller holds only the cut table.</summary>
    public static (ShardInput Cut, int Kept) Cut(ShardInput shard, StageClock clock, IRunObserver obs)
    {
        obs.StageStarted("rows");
        return clock.Time("rows", () =>
        {
            bool[] keep = Mask(shard);
            int kept = 0;
            foreach (bool k in keep) if (k) kept++;
            ModelTable table = ModelTableRows.Keep(shard.Table, keep, TraitGenome.Kinds);
            // The card vocabulary comes prepared (Applies), so pass 1's term counts are never read again.
            if (table.CardFeatures is { } features) table = table.WithFeatures(features.WithoutGenomeTerms());
            StudyNoMerge.Forget(shard.Graph); // read by the graph analysis only
            return (shard with { Table = table }, kept);
        });
    }

    /// <summary>Ends stage "rows" (the last one timed on <paramref name="clock"/>): one blocking, compacting, aggressive
    /// collection decommits the whole table and what loading and marking left in the heap, for a table of at least
    /// <see cref="FeatureMemory.SettleAbove"/> models (below that the pages are not worth a blocking full collection, and
    /// the test suite runs hundreds of small shards in one process). The caller must no longer hold the whole table.</summary>
    public static void Settle(int models, int kept, StageClock clock, IRunObserver obs)
    {
        if (models >= FeatureMemory.SettleAbove) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        obs.StageFinished(clock.Stages[^1], $"rows of {kept:N0} of {models:N0} models kept");
    }
}

/// <summary>Where a shard run stands once the analyses that read every model are done (<see cref="ShardRun"/>): the
/// shard's input (cut to the rows the later analyses read when <see cref="Cut"/>; that many rows <see cref="Kept"/>),
/// shard 0's table image, the next analysis to run, and what the part header needs.</summary>
internal sealed record ShardRunStart(ShardInput Shard, ShardRunTable.TableImage? Image, int Next, bool Cut, int Kept, ulong Fingerprint, ulong PreparedBasis);
