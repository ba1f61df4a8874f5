namespace Phylo.Similarity;

/// <summary>A mean over pairs with its 95 % CI (NaN bounds for exact values) and how it was obtained.</summary>
public readonly record struct PairMean(double Mean, double CiLow, double CiHigh, long N, SimilarityMode Mode)
{
    public static PairMean Exact(double mean, long n) => new(mean, double.NaN, double.NaN, n, SimilarityMode.Exact);

    public static readonly PairMean None = Exact(double.NaN, 0);
}

/// <summary>
/// Evaluates a genome's measures over a <see cref="PairPopulation"/>: every pair when the population is small
/// enough (or exhaustive evaluation is asked for), otherwise a uniform sample with replacement whose draw i is
/// pair number <c>Below(Total)</c> of <see cref="KeyedRandom"/>(seed, design, i) — an aunt–niece number naming one
/// model twice is drawn again from the same stream (rejection keeps the draw uniform over real pairs).
/// Work runs over fixed chunks of draw numbers whose partial sums are added in chunk order, so results do not
/// depend on the thread count.
/// </summary>
public sealed class PairSampler(GenomeFeatures features, ulong seed, int threads)
{
    private const int Chunk = 2048;
    private const int MaxAttempts = 64;

    /// <summary>Population design: exact over all pairs when Total ≤ <paramref name="sampleSize"/> or
    /// <paramref name="exhaustive"/>, else <paramref name="sampleSize"/> draws with a normal-approximation CI.</summary>
    public PairMean[] Population(Genome genome, PairPopulation pop, ulong design, int sampleSize, bool exhaustive)
    {
        int slots = MeasureSlot.Of(genome).Count;
        bool all = exhaustive || pop.Total <= sampleSize;
        long draws = all ? pop.Total : sampleSize;
        int chunks = checked((int)((draws + Chunk - 1) / Chunk));
        var partial = new double[chunks, slots, 2];
        var counts = new long[chunks];
        Parallel.For(0, chunks, Options, () => new ChunkScorer(new PairScorer(features), slots), (chunk, _, cs) =>
        {
            long end = Math.Min(draws, (long)(chunk + 1) * Chunk);
            int pairs = 0;
            for (long i = (long)chunk * Chunk; i < end; i++)
            {
                if (!Draw(pop, design, i, all, out int x, out int y)) continue;
                cs.Xs[pairs] = x;
                cs.Ys[pairs++] = y;
            }
            // One batch per chunk: the Levenshtein pairs go through the inter-pair SIMD kernel together.
            cs.Scorer.ScoreBatch(genome, cs.Xs.AsSpan(0, pairs), cs.Ys.AsSpan(0, pairs), cs.Values.AsSpan(0, pairs * slots));
            counts[chunk] = pairs;
            for (int p = 0; p < pairs; p++)
                for (int s = 0; s < slots; s++)
                {
                    double v = cs.Values[p * slots + s];
                    partial[chunk, s, 0] += v;
                    partial[chunk, s, 1] += v * v;
                }
            return cs;
        }, _ => { });
        long n = 0;
        foreach (long c in counts) n += c;
        var result = new PairMean[slots];
        for (int s = 0; s < slots; s++)
        {
            double sum = 0, sq = 0;
            for (int c = 0; c < chunks; c++) { sum += partial[c, s, 0]; sq += partial[c, s, 1]; }
            if (n == 0) { result[s] = PairMean.None; continue; }
            double mean = sum / n;
            if (all) { result[s] = PairMean.Exact(mean, n); continue; }
            double sd = n > 1 ? Math.Sqrt(Math.Max(0, (sq - n * mean * mean) / (n - 1))) : double.NaN;
            double half = 1.959963984540054 * sd / Math.Sqrt(n);
            result[s] = new PairMean(mean, mean - half, mean + half, n, SimilarityMode.Sampled);
        }
        return result;
    }

    /// <summary>Study design: <paramref name="draws"/> keyed draws, percentile bootstrap CI over
    /// <paramref name="resamples"/> resamples (resample r keyed by (seed, design, r) too, shared by the genome's measures).</summary>
    public PairMean[] Study(Genome genome, PairPopulation pop, ulong design, int draws, int resamples)
    {
        int slots = MeasureSlot.Of(genome).Count;
        var values = new double[slots][];
        for (int s = 0; s < slots; s++) values[s] = new double[draws];
        var ok = new bool[draws];
        int chunks = (draws + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, Options, () => new PairScorer(features), (chunk, _, scorer) =>
        {
            Span<double> v = stackalloc double[slots];
            for (int i = chunk * Chunk; i < Math.Min(draws, (chunk + 1) * Chunk); i++)
            {
                if (pop.Total == 0 || !Draw(pop, design, i, all: false, out int x, out int y)) continue;
                scorer.Score(genome, x, y, v);
                ok[i] = true;
                for (int s = 0; s < slots; s++) values[s][i] = v[s];
            }
            return scorer;
        }, _ => { });
        return Bootstrap.MeansWithCi(values, ok, seed, design, resamples, threads);
    }

    private bool Draw(PairPopulation pop, ulong design, long i, bool all, out int x, out int y)
    {
        if (all) return pop.TryUnrank(i, out x, out y);
        var rng = new KeyedRandom(seed, design, i);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
            if (pop.TryUnrank(rng.Below(pop.Total), out x, out y)) return true;
        x = y = -1;
        return false;
    }

    private ParallelOptions Options => new() { MaxDegreeOfParallelism = threads };

    /// <summary>Per-thread buffers for one chunk of draws.</summary>
    private sealed class ChunkScorer(PairScorer scorer, int slots)
    {
        public readonly PairScorer Scorer = scorer;
        public readonly int[] Xs = new int[Chunk], Ys = new int[Chunk];
        public readonly double[] Values = new double[Chunk * slots];
    }
}
