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

    /// <summary>Whether every edge of <paramref name="view"/> carries a value of <paramref name="slot"/> (where both ends have
    /// the genome): all but the study's metadata genome's Levenshtein outside the fine-tune view.</summary>
    public static bool Measured(MeasureSlot slot, GraphView view) =>
        view == GraphView.Finetune || slot != new MeasureSlot(Genome.Metadata, SimilarityMeasure.Levenshtein);

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
        }, () => new EdgeWorker(new PairScorer(features), chunk), (local, pairs) =>
        {
            int count = pairs.Count;
            ReadOnlySpan<int> parents = pairs.Xs.AsSpan(0, count), children = pairs.Ys.AsSpan(0, count);
            Span<double> v = local.Values;
            foreach (Genome g in SimilarityNames.Genomes)
            {
                // A batch per genome: the chunk's Levenshtein pairs go through the inter-pair SIMD kernel together.
                // The study's metadata genome is compared by Levenshtein on fine-tune edges only (its designs' view:
                // long rendered strings, docs/definitions.md "Pooled pair types"); the other edges keep NaN there.
                bool finetuneOnly = g == Genome.Metadata;
                (int first, int slots) = MeasureSlot.Of(g);
                local.Scorer.ScoreBatch(g, parents, children, v[..(count * slots)], levenshtein: !finetuneOnly);
                for (int p = 0; p < count; p++)
                    for (int k = 0; k < slots; k++) values[first + k][pairs.Draws[p]] = v[p * slots + k];
                if (finetuneOnly) Levenshtein(local, g, pairs, first, values, e => graph.InView(e, GraphView.Finetune));
            }
        });
        return new EdgeSimilarities(values);
    }

    // The Levenshtein slot of the chunk's edges that pass the filter.
    private static void Levenshtein(EdgeWorker local, Genome g, PairChunk pairs, int first, double[][] values, Func<int, bool> include)
    {
        int n = 0;
        for (int p = 0; p < pairs.Count; p++)
        {
            if (!include((int)pairs.Draws[p])) continue;
            local.Xs[n] = pairs.Xs[p];
            local.Ys[n] = pairs.Ys[p];
            local.Edges[n++] = (int)pairs.Draws[p];
        }
        int slots = MeasureSlot.Of(g).Count;
        local.Scorer.ScoreBatch(g, local.Xs.AsSpan(0, n), local.Ys.AsSpan(0, n), local.Values.AsSpan(0, n * slots), cosines: false);
        for (int k = 0; k < n; k++) values[first + 2][local.Edges[k]] = local.Values[k * slots + 2];
    }

    private sealed class EdgeWorker(PairScorer scorer, int chunk)
    {
        public readonly PairScorer Scorer = scorer;
        public readonly double[] Values = new double[chunk * 4];
        public readonly int[] Xs = new int[chunk], Ys = new int[chunk], Edges = new int[chunk];
    }
}
