using Phylo.Graph;

namespace Phylo.Similarity;

/// <summary>
/// What one block (or shard) of families contributes to the exact pair means: per (measure slot, view, pair type)
/// a fixed-point sum of pair values and a pair count, and per cosine slot the column sums Σu, self products Σ‖u‖²
/// and genome count m of its models (random pairs need the global Σu). <see cref="Merge"/> is integer addition:
/// associative and commutative, so any split into blocks or shards merges to identical bytes.
/// </summary>
public sealed class SimilarityPartial
{
    private const int Views = 3;

    public SimilarityPartial(int[] columnsPerSlot)
    {
        Sums = new FixedSum[MeasureSlot.Count * Views * PairTypes.Count];
        Counts = new long[Sums.Length];
        RandomColumns = new FixedSum[MeasureSlot.Count][];
        RandomSelf = new FixedSum[MeasureSlot.Count];
        RandomCount = new long[MeasureSlot.Count];
        for (int s = 0; s < MeasureSlot.Count; s++) RandomColumns[s] = new FixedSum[columnsPerSlot[s]];
        DesignSums = new FixedSum[MeasureSlot.Count * DesignConfig.Count];
        DesignWeights = new FixedSum[DesignSums.Length];
        DesignCounts = new long[DesignSums.Length];
    }

    /// <summary>Per (cosine slot, design configuration) of the non-edge configurations on the fine-tune view
    /// (<see cref="DesignCosineSums"/>): Σ weight·cosine, Σ weight, and pairs of positive weight.</summary>
    public FixedSum[] DesignSums { get; }
    public FixedSum[] DesignWeights { get; }
    public long[] DesignCounts { get; }

    public static int DesignIndex(int slot, int config) => slot * DesignConfig.Count + config;

    /// <summary>Adds a block's design sums of one slot (converted once to fixed point).</summary>
    public void AddDesigns(int slot, ReadOnlySpan<double> sums, ReadOnlySpan<double> weights, ReadOnlySpan<long> counts)
    {
        for (int c = 0; c < DesignConfig.Count; c++)
        {
            int i = DesignIndex(slot, c);
            DesignSums[i] += FixedSum.Of(sums[c]);
            DesignWeights[i] += FixedSum.Of(weights[c]);
            DesignCounts[i] += counts[c];
        }
    }

    /// <summary>The exact weighted mean of a non-edge configuration of a cosine slot.</summary>
    public PairMean DesignMean(int slot, int config)
    {
        int i = DesignIndex(slot, config);
        return DesignCounts[i] == 0 ? PairMean.None : PairMean.Exact(DesignSums[i].Value / DesignWeights[i].Value, DesignCounts[i]);
    }

    public FixedSum[] Sums { get; }
    public long[] Counts { get; }
    public FixedSum[][] RandomColumns { get; }
    public FixedSum[] RandomSelf { get; }
    public long[] RandomCount { get; }

    public static int Index(int slot, GraphView view, PairType type) => (slot * Views + (int)view) * PairTypes.Count + (int)type;

    /// <summary>Adds a block's double sums (converted once to fixed point).</summary>
    public void Add(int slot, GraphView view, PairType type, double sum, long count)
    {
        int i = Index(slot, view, type);
        Sums[i] += FixedSum.Of(sum);
        Counts[i] += count;
    }

    public static SimilarityPartial Merge(SimilarityPartial a, SimilarityPartial b)
    {
        var r = new SimilarityPartial(Array.ConvertAll(a.RandomColumns, c => c.Length));
        for (int i = 0; i < r.Sums.Length; i++) { r.Sums[i] = a.Sums[i] + b.Sums[i]; r.Counts[i] = a.Counts[i] + b.Counts[i]; }
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            for (int c = 0; c < r.RandomColumns[s].Length; c++) r.RandomColumns[s][c] = a.RandomColumns[s][c] + b.RandomColumns[s][c];
            r.RandomSelf[s] = a.RandomSelf[s] + b.RandomSelf[s];
            r.RandomCount[s] = a.RandomCount[s] + b.RandomCount[s];
        }
        for (int i = 0; i < r.DesignSums.Length; i++)
        {
            r.DesignSums[i] = a.DesignSums[i] + b.DesignSums[i];
            r.DesignWeights[i] = a.DesignWeights[i] + b.DesignWeights[i];
            r.DesignCounts[i] = a.DesignCounts[i] + b.DesignCounts[i];
        }
        return r;
    }

    /// <summary>Exact mean and pair count of (slot, view, type); NaN when no pair has the genome on both sides.</summary>
    public (double Mean, long N) Mean(int slot, GraphView view, PairType type)
    {
        if (type == PairType.Random) return RandomMean(slot);
        int i = Index(slot, view, type);
        return (Counts[i] == 0 ? double.NaN : Sums[i].Value / Counts[i], Counts[i]);
    }

    // Mean over all m(m−1)/2 pairs of unit rows: (‖Σu‖² − Σ‖u‖²) / (m(m−1)).
    private (double, long) RandomMean(int slot)
    {
        long m = RandomCount[slot];
        long pairs = m * (m - 1) / 2;
        if (pairs == 0) return (double.NaN, 0);
        double sq = 0;
        foreach (FixedSum c in RandomColumns[slot]) { double v = c.Value; sq += v * v; }
        return ((sq - RandomSelf[slot].Value) / ((double)m * (m - 1)), pairs);
    }
}
