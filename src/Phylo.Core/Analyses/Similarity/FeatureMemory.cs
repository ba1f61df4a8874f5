namespace Phylo.Analyses.Similarity;

/// <summary>
/// Hands the similarity features' memory back when the stage is done with them. The features are the stage's largest
/// allocation (at full scale ~0.8 GB of rows plus the pooled metadata texts and the scorers' buffers) and die together
/// when <c>SimilarityAnalysis.Compute</c>
/// returns, but the server GC collects the old generation only when it must: without a collection here the pages stay
/// resident, and the report, table and figure stages run on top of them (run.json showed their peaks above the
/// similarity stage's). One blocking, compacting, aggressive collection frees and decommits them.
/// </summary>
public static class FeatureMemory
{
    /// <summary>Rows below this size (about 150,000 models) are not worth a full collection (tests, small inputs).</summary>
    public const long ReleaseAbove = 64L << 20;

    /// <summary>Models from which <see cref="Settle"/> collects (the size at which <see cref="ReleaseAbove"/> of rows is reached).</summary>
    public const int SettleAbove = 150_000;

    /// <summary>
    /// A full, non-compacting collection between the featurize steps of a large table (each genome's fit, the rows of the
    /// last): a step leaves its pass-1 tables, row chunks and pools as garbage, and the server GC's budget for the old
    /// generation grows with the live set (~3 GB at full scale), so without this the next step allocates on top of the
    /// last one's garbage and the stage's resident peak is live + ~1 GB of garbage. Collected here, the next step reuses
    /// the freed regions. Marking is cheap: the live set is mostly a few hundred large arrays. True if it collected.
    /// </summary>
    /// <param name="models">The table's model count (small tables skip the collection).</param>
    /// <param name="decommit">Compact and hand the free pages back (<see cref="GCCollectionMode.Aggressive"/>): after the
    /// last step, so the pair stage starts from the live set instead of the featurize peak's committed pages.</param>
    public static bool Settle(int models, bool decommit = false)
    {
        if (models < SettleAbove) return false;
        GC.Collect(GC.MaxGeneration, decommit ? GCCollectionMode.Aggressive : GCCollectionMode.Forced, blocking: true, compacting: decommit);
        return true;
    }

    /// <summary>Bytes the pair phase may allocate between two of <see cref="SettleAfter"/>'s collections.</summary>
    public const long PairPhaseBudget = 256L << 20;

    /// <summary>
    /// The pair phase (edges, exact blocks, populations, design samples, study draws) allocates per population a few
    /// arrays of the model or unit count (cumulative weights, valid-children offsets: 7–15 MB each at full scale), all
    /// large objects that die with the population. The server GC's large-object budget grows with the ~2 GB of large
    /// objects the features keep live, so none of them was collected: shard 0 of 4 at full scale went 2.05 → 2.64 GiB
    /// resident over ~650 MB of allocations with not one collection; with these collections its peak was 2.57 GiB, the
    /// rest of the growth being live (native-notes/sharding.md). A full non-compacting collection once
    /// <see cref="PairPhaseBudget"/> has been allocated since the last one lets the next population reuse the space. Only from <see cref="SettleAbove"/> models; <paramref name="mark"/> is the caller's running count of
    /// allocated bytes (start it at <see cref="AllocatedMark"/>). True if it collected.
    /// </summary>
    public static bool SettleAfter(ref long mark, int models)
    {
        if (models < SettleAbove) return false;
        if (AllocatedMark - mark < PairPhaseBudget) return false;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        mark = AllocatedMark;
        return true;
    }

    /// <summary>The allocated-bytes count <see cref="SettleAfter"/> measures from.</summary>
    public static long AllocatedMark => GC.GetTotalAllocatedBytes(precise: false);

    /// <summary>Collects and decommits when <paramref name="featureBytes"/> of rows were dropped; true if it did.</summary>
    public static bool Release(long featureBytes)
    {
        if (featureBytes < ReleaseAbove) return false;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }
}
