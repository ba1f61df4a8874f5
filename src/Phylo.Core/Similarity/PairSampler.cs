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
    public static PopulationSums Merge(PopulationSums a, PopulationSums b)
    {
        if (a.Exhaustive != b.Exhaustive || a.Sum.Length != b.Sum.Length) throw new InvalidDataException("population sums of different designs");
        var sum = new FixedSum[a.Sum.Length];
        var sq = new FixedSum[a.Sum.Length];
        for (int s = 0; s < sum.Length; s++) { sum[s] = a.Sum[s] + b.Sum[s]; sq[s] = a.SumOfSquares[s] + b.SumOfSquares[s]; }
        return new PopulationSums(a.Exhaustive, a.N + b.N, sum, sq);
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

    /// <summary>Means with the percentile-bootstrap CI over every evaluated draw of <paramref name="total"/>.</summary>
    public PairMean[] Means(int total, ulong seed, ulong design, int resamples, int threads)
    {
        var values = new double[Slots][];
        for (int s = 0; s < Slots; s++) values[s] = new double[total];
        var ok = new bool[total];
        for (int k = 0; k < Draws.Length; k++)
        {
            ok[Draws[k]] = true;
            for (int s = 0; s < Slots; s++) values[s][Draws[k]] = Values[k * Slots + s];
        }
        return Bootstrap.MeansWithCi(values, ok, seed, design, resamples, threads);
    }
}

/// <summary>
/// Evaluates a genome's measures over a <see cref="PairPopulation"/>: every pair when the population is small
/// enough (or exhaustive evaluation is asked for), otherwise a uniform sample with replacement whose draw i is
/// pair number <c>Below(Total)</c> of <see cref="KeyedRandom"/>(seed, design, i) — an aunt–niece number naming one
/// model twice is drawn again from the same stream (rejection keeps the draw uniform over real pairs).
/// A sharded run enumerates the same draws in every shard and evaluates those whose first model it owns
/// (<c>owns(x)</c>: family pairs lie in one family; a random pair belongs to its first model's shard). Sums are
/// fixed point, so results depend on neither the thread count nor the shard count.
/// </summary>
public sealed class PairSampler(GenomeFeatures features, ulong seed, int threads)
{
    private const int Chunk = 2048;
    private const int MaxAttempts = 64;

    /// <summary>Population design: every pair when Total ≤ <paramref name="sampleSize"/> or <paramref name="exhaustive"/>,
    /// else <paramref name="sampleSize"/> draws; only the pairs <paramref name="owns"/> accepts (null: all).</summary>
    public PopulationSums Population(Genome genome, PairPopulation pop, ulong design, int sampleSize, bool exhaustive, Func<int, bool>? owns = null)
    {
        int slots = MeasureSlot.Of(genome).Count;
        bool all = IsExhaustive(pop, sampleSize, exhaustive);
        long draws = all ? pop.Total : sampleSize;
        int chunks = checked((int)((draws + Chunk - 1) / Chunk));
        List<PopulationWorker> workers = PairPipeline.Run(chunks, Chunk, threads, (c, chunk) =>
        {
            long end = Math.Min(draws, (long)(c + 1) * Chunk);
            for (long i = (long)c * Chunk; i < end; i++)
                if (Draw(pop, design, i, all, out int x, out int y) && (owns is null || owns(x))) chunk.Add(i, x, y);
        }, () => new PopulationWorker(new PairScorer(features), slots), (w, chunk) =>
        {
            // One batch per chunk: the Levenshtein pairs go through the inter-pair SIMD kernel together. No cosines: the
            // report takes TF-IDF and BoW of every pair type from the exact identities, never from these draws.
            int pairs = chunk.Count;
            w.Scorer.ScoreBatch(genome, chunk.Xs.AsSpan(0, pairs), chunk.Ys.AsSpan(0, pairs), w.Values.AsSpan(0, pairs * slots), cosines: false);
            w.N += pairs;
            for (int p = 0; p < pairs; p++)
                for (int s = 0; s < slots; s++)
                {
                    double v = w.Values[p * slots + s];
                    w.Sum[s] += FixedSum.Of(v);
                    w.SumOfSquares[s] += FixedSum.Of(v * v);
                }
        });
        long n = 0;
        var sum = new FixedSum[slots];
        var sq = new FixedSum[slots];
        foreach (PopulationWorker w in workers)
        {
            n += w.N;
            for (int s = 0; s < slots; s++) { sum[s] += w.Sum[s]; sq[s] += w.SumOfSquares[s]; }
        }
        return new PopulationSums(all, n, sum, sq);
    }

    private static bool IsExhaustive(PairPopulation pop, int sampleSize, bool exhaustive) => exhaustive || pop.Total <= sampleSize;

    /// <summary>Marks in <paramref name="needed"/> the second model of every pair <paramref name="owns"/> accepts: the
    /// models outside a shard's families its random pairs read (population design, then study design).</summary>
    public void MarkPartners(PairPopulation pop, ulong populationDesign, int sampleSize, bool exhaustive, ulong? studyDesign, int studyDraws,
        Func<int, bool> owns, bool[] needed)
    {
        bool all = IsExhaustive(pop, sampleSize, exhaustive);
        long draws = all ? pop.Total : sampleSize;
        Parallel.For(0, (draws + Chunk - 1) / Chunk, Options, chunk =>
        {
            for (long i = chunk * Chunk; i < Math.Min(draws, (chunk + 1) * Chunk); i++)
                if (Draw(pop, populationDesign, i, all, out int x, out int y) && owns(x)) needed[y] = true; // only ever set: benign race
        });
        if (studyDesign is not { } sd || pop.Total == 0) return;
        for (int i = 0; i < studyDraws; i++)
            if (Draw(pop, sd, i, all: false, out int x, out int y) && owns(x)) needed[y] = true;
    }

    /// <summary>Study design: the owned ones of <paramref name="draws"/> keyed draws; the bootstrap runs on the merged
    /// draws (<see cref="StudyDraws.Means"/>, resample r keyed by (seed, design, r) too).</summary>
    public StudyDraws Study(Genome genome, PairPopulation pop, ulong design, int draws, Func<int, bool>? owns = null)
    {
        int slots = MeasureSlot.Of(genome).Count;
        var values = new double[draws * slots];
        var ok = new bool[draws];
        int chunks = (draws + Chunk - 1) / Chunk;
        PairPipeline.Run(chunks, Chunk, threads, (c, chunk) =>
        {
            for (int i = c * Chunk; i < Math.Min(draws, (c + 1) * Chunk); i++)
                if (pop.Total > 0 && Draw(pop, design, i, all: false, out int x, out int y) && (owns is null || owns(x))) chunk.Add(i, x, y);
        }, () => new PairScorer(features), (scorer, chunk) =>
        {
            for (int p = 0; p < chunk.Count; p++)
            {
                int i = (int)chunk.Draws[p];
                scorer.Score(genome, chunk.Xs[p], chunk.Ys[p], values.AsSpan(i * slots, slots));
                ok[i] = true;
            }
        });
        var kept = new List<int>();
        for (int i = 0; i < draws; i++) if (ok[i]) kept.Add(i);
        var packed = new double[kept.Count * slots];
        for (int k = 0; k < kept.Count; k++) values.AsSpan(kept[k] * slots, slots).CopyTo(packed.AsSpan(k * slots));
        return new StudyDraws(slots, [.. kept], packed);
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

    /// <summary>A population worker's scorer, value buffer and running exact sums (integer: any split adds to the same bits).</summary>
    private sealed class PopulationWorker(PairScorer scorer, int slots)
    {
        public readonly PairScorer Scorer = scorer;
        public readonly double[] Values = new double[Chunk * slots];
        public readonly FixedSum[] Sum = new FixedSum[slots], SumOfSquares = new FixedSum[slots];
        public long N;
    }
}
