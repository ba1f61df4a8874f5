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

    /// <summary>Collects and decommits when <paramref name="featureBytes"/> of rows were dropped; true if it did.</summary>
    public static bool Release(long featureBytes)
    {
        if (featureBytes < ReleaseAbove) return false;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }
}
