using Phylo.Graph;

namespace Phylo.Similarity;

/// <summary>
/// Every measure on every parent–child edge of the graph (all views are subsets of these edges): the exact
/// parent–child means and the <c>tables/edges</c> rows. Values[slot][edge], NaN where either side lacks the genome.
/// Parallel over fixed chunks of edges; each edge is written by exactly one worker.
/// </summary>
public sealed class EdgeSimilarities
{
    private EdgeSimilarities(double[][] values) => Values = values;

    /// <summary>Per <see cref="MeasureSlot.All"/> index, one value per graph edge.</summary>
    public double[][] Values { get; }

    public static EdgeSimilarities Compute(GenomeFeatures features, FamilyGraph graph, int threads)
    {
        int m = graph.EdgeCount;
        var values = new double[MeasureSlot.Count][];
        for (int s = 0; s < values.Length; s++) values[s] = new double[m];
        const int chunk = 1024;
        Parallel.For(0, (m + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => (Scorer: new PairScorer(features), Values: new double[chunk * 4]), (c, _, local) =>
        {
            int start = c * chunk, count = Math.Min(m, start + chunk) - start;
            ReadOnlySpan<int> parents = graph.EdgeParent.AsSpan(start, count), children = graph.EdgeChild.AsSpan(start, count);
            Span<double> v = local.Values;
            foreach (Genome g in (ReadOnlySpan<Genome>)[Genome.Card, Genome.Metadata, Genome.Traits])
            {
                // A batch per genome: the chunk's Levenshtein pairs go through the inter-pair SIMD kernel together.
                (int first, int slots) = MeasureSlot.Of(g);
                local.Scorer.ScoreBatch(g, parents, children, v[..(count * slots)]);
                for (int e = 0; e < count; e++)
                    for (int k = 0; k < slots; k++) values[first + k][start + e] = v[e * slots + k];
            }
            return local;
        }, _ => { });
        return new EdgeSimilarities(values);
    }
}
