using Phylo.Graph;

namespace Phylo.Similarity;

/// <summary>
/// Every measure on every parent–child edge of the graph (all views are subsets of these edges): the exact
/// parent–child means and the <c>tables/edges</c> rows. Values[slot][edge], NaN where either side lacks the genome.
/// Edges flow in fixed chunks through <see cref="PairPipeline"/>; each edge is written by exactly one worker.
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
        if (owned is not null)
            for (int s = 0; s < values.Length; s++) Array.Fill(values[s], double.NaN);
        const int chunk = 1024;
        PairPipeline.Run((m + chunk - 1) / chunk, chunk, threads, (c, pairs) =>
        {
            for (int e = c * chunk; e < Math.Min(m, (c + 1) * chunk); e++)
                if (owned is null || owned(e)) pairs.Add(e, graph.EdgeParent[e], graph.EdgeChild[e]);
        }, () => (Scorer: new PairScorer(features), Values: new double[chunk * 4]), (local, pairs) =>
        {
            int count = pairs.Count;
            ReadOnlySpan<int> parents = pairs.Xs.AsSpan(0, count), children = pairs.Ys.AsSpan(0, count);
            Span<double> v = local.Values;
            foreach (Genome g in SimilarityNames.Genomes)
            {
                // A batch per genome: the chunk's Levenshtein pairs go through the inter-pair SIMD kernel together.
                (int first, int slots) = MeasureSlot.Of(g);
                local.Scorer.ScoreBatch(g, parents, children, v[..(count * slots)]);
                for (int p = 0; p < count; p++)
                    for (int k = 0; k < slots; k++) values[first + k][pairs.Draws[p]] = v[p * slots + k];
            }
        });
        return new EdgeSimilarities(values);
    }
}
