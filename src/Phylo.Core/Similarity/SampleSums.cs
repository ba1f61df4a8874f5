namespace Phylo.Similarity;

/// <summary>A mean over pairs with its 95 % CI (NaN bounds for exact values) and how it was obtained.</summary>
public readonly record struct PairMean(double Mean, double CiLow, double CiHigh, long N, SimilarityMode Mode)
{
    public static PairMean Exact(double mean, long n) => new(mean, double.NaN, double.NaN, n, SimilarityMode.Exact);

    public static readonly PairMean None = Exact(double.NaN, 0);
}

/// <summary>
/// A population design's draws that one shard evaluated: pair count and fixed-point sums of each measure and of its
/// square (<see cref="FixedSum"/>: exact, so shards and chunks add in any order to the same bits). The TF-IDF and BoW
/// slots are zero: those measures are exact for every pair type and not sampled.
/// </summary>
public sealed record PopulationSums(bool Exhaustive, long N, FixedSum[] Sum, FixedSum[] SumOfSquares)
{
    /// <summary>With <see cref="Exhaustive"/> and design configurations read from this population: per configuration,
    /// Σ weight·Levenshtein, Σ weight and the number of pairs of positive weight (empty otherwise).</summary>
    public DesignSums Designs { get; init; } = DesignSums.None;

    public static PopulationSums Merge(PopulationSums a, PopulationSums b)
    {
        if (a.Exhaustive != b.Exhaustive || a.Sum.Length != b.Sum.Length) throw new InvalidDataException("population sums of different designs");
        var sum = new FixedSum[a.Sum.Length];
        var sq = new FixedSum[a.Sum.Length];
        for (int s = 0; s < sum.Length; s++) { sum[s] = a.Sum[s] + b.Sum[s]; sq[s] = a.SumOfSquares[s] + b.SumOfSquares[s]; }
        return new PopulationSums(a.Exhaustive, a.N + b.N, sum, sq) { Designs = DesignSums.Merge(a.Designs, b.Designs) };
    }

    /// <summary>The mean of each measure: exact when every pair was evaluated, else with a normal-approximation 95 % CI.</summary>
    public PairMean[] Means()
    {
        var result = new PairMean[Sum.Length];
        for (int s = 0; s < result.Length; s++)
        {
            if (N == 0) { result[s] = PairMean.None; continue; }
            double mean = Sum[s].Value / N;
            if (Exhaustive) { result[s] = PairMean.Exact(mean, N); continue; }
            double sq = SumOfSquares[s].Value;
            double sd = N > 1 ? Math.Sqrt(Math.Max(0, (sq - N * mean * mean) / (N - 1))) : double.NaN;
            double half = 1.959963984540054 * sd / Math.Sqrt(N);
            result[s] = new PairMean(mean, mean - half, mean + half, N, SimilarityMode.Sampled);
        }
        return result;
    }
}

/// <summary>Weighted sums of design configurations over every pair of a population (see <see cref="PopulationSums.Designs"/>).</summary>
public sealed record DesignSums(FixedSum[] Sum, FixedSum[] Weight, long[] Count)
{
    public static readonly DesignSums None = new([], [], []);

    public static DesignSums Merge(DesignSums a, DesignSums b)
    {
        if (a.Count.Length != b.Count.Length) throw new InvalidDataException("design sums of different configurations");
        var r = new DesignSums(new FixedSum[a.Sum.Length], new FixedSum[a.Sum.Length], new long[a.Count.Length]);
        for (int c = 0; c < r.Count.Length; c++) { r.Sum[c] = a.Sum[c] + b.Sum[c]; r.Weight[c] = a.Weight[c] + b.Weight[c]; r.Count[c] = a.Count[c] + b.Count[c]; }
        return r;
    }

    /// <summary>The exact weighted mean of configuration <paramref name="c"/> (NaN without a pair).</summary>
    public PairMean Mean(int c) => Count[c] == 0 ? PairMean.None : PairMean.Exact(Sum[c].Value / Weight[c].Value, Count[c]);
}

/// <summary>The study-design draws one shard evaluated: draw numbers (ascending) and their values, draw-major.</summary>
public sealed record StudyDraws(int Slots, int[] Draws, double[] Values)
{
    public static StudyDraws Merge(StudyDraws a, StudyDraws b)
    {
        int n = a.Draws.Length + b.Draws.Length;
        var order = new int[n];
        var draws = new int[n];
        a.Draws.CopyTo(draws, 0);
        b.Draws.CopyTo(draws, a.Draws.Length);
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort((int[])draws.Clone(), order);
        var values = new double[n * a.Slots];
        var sorted = new int[n];
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            sorted[k] = draws[i];
            if (k > 0 && sorted[k] == sorted[k - 1]) throw new InvalidDataException($"draw {sorted[k]} evaluated by two shards");
            ReadOnlySpan<double> from = i < a.Draws.Length ? a.Values.AsSpan(i * a.Slots, a.Slots) : b.Values.AsSpan((i - a.Draws.Length) * a.Slots, a.Slots);
            from.CopyTo(values.AsSpan(k * a.Slots));
        }
        return new StudyDraws(a.Slots, sorted, values);
    }

    /// <summary>Per slot, the values of the kept draws (not NaN: both ends had the genome) in draw order; the draws
    /// must number <paramref name="total"/> in all (every shard's merged).</summary>
    public double[][] Kept(int total)
    {
        if (Draws.Length != total && Draws.Length != 0) throw new InvalidDataException($"{Draws.Length:N0} of {total:N0} study draws evaluated: a shard is missing");
        var kept = new double[Slots][];
        for (int s = 0; s < Slots; s++)
        {
            var list = new List<double>(total);
            for (int k = 0; k < Draws.Length; k++) if (!double.IsNaN(Values[k * Slots + s])) list.Add(Values[k * Slots + s]);
            kept[s] = [.. list];
        }
        return kept;
    }
}

