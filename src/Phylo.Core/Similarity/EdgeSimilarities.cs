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
        const int chunk = 1024;
        Parallel.For(0, (m + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new PairScorer(features), (c, _, scorer) =>
        {
            Span<double> v = stackalloc double[MeasureSlot.Count];
            for (int e = c * chunk; e < Math.Min(m, (c + 1) * chunk); e++)
            {
                int p = graph.EdgeParent[e], ch = graph.EdgeChild[e];
                if (owned is not null && !owned(e)) { for (int s = 0; s < MeasureSlot.Count; s++) values[s][e] = double.NaN; continue; }
                foreach (Genome g in (ReadOnlySpan<Genome>)[Genome.Card, Genome.Metadata, Genome.Traits])
                {
                    (int first, int count) = MeasureSlot.Of(g);
                    scorer.Score(g, p, ch, v.Slice(first, count));
                }
                for (int s = 0; s < MeasureSlot.Count; s++) values[s][e] = v[s];
            }
            return scorer;
        }, _ => { });
        return new EdgeSimilarities(values);
    }
}
