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

    /// <summary>Values gathered elsewhere (merged shard partials): <c>values[slot][edge]</c>.</summary>
    public static EdgeSimilarities FromValues(double[][] values) => new(values);

    /// <param name="owned">Edges to compute (a shard's); null = every edge. The others stay NaN.</param>
    public static EdgeSimilarities Compute(GenomeFeatures features, FamilyGraph graph, int threads, Func<int, bool>? owned = null)
    {
        int m = graph.EdgeCount;
        var values = new double[MeasureSlot.Count][];
        for (int s = 0; s < values.Length; s++) values[s] = new double[m];
        int[] parentsOf = graph.EdgeParent, childrenOf = graph.EdgeChild, edgeOf = [];
        if (owned is not null)
        {
            for (int s = 0; s < values.Length; s++) Array.Fill(values[s], double.NaN);
            edgeOf = [.. Enumerable.Range(0, m).Where(owned)];
            parentsOf = Array.ConvertAll(edgeOf, e => graph.EdgeParent[e]);
            childrenOf = Array.ConvertAll(edgeOf, e => graph.EdgeChild[e]);
        }
        int n = parentsOf.Length;
        const int chunk = 1024;
        Parallel.For(0, (n + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => (Scorer: new PairScorer(features), Values: new double[chunk * 4]), (c, _, local) =>
        {
            int start = c * chunk, count = Math.Min(n, start + chunk) - start;
            ReadOnlySpan<int> parents = parentsOf.AsSpan(start, count), children = childrenOf.AsSpan(start, count);
            Span<double> v = local.Values;
            foreach (Genome g in (ReadOnlySpan<Genome>)[Genome.Card, Genome.Metadata, Genome.Traits])
            {
                // A batch per genome: the chunk's Levenshtein pairs go through the inter-pair SIMD kernel together.
                (int first, int slots) = MeasureSlot.Of(g);
                local.Scorer.ScoreBatch(g, parents, children, v[..(count * slots)]);
                for (int e = 0; e < count; e++)
                {
                    int edge = owned is null ? start + e : edgeOf[start + e];
                    for (int k = 0; k < slots; k++) values[first + k][edge] = v[e * slots + k];
                }
            }
            return local;
        }, _ => { });
        return new EdgeSimilarities(values);
    }
}
