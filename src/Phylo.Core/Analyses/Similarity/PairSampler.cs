namespace Phylo.Analyses.Similarity;

/// <summary>
/// Evaluates a genome's measures over a <see cref="PairPopulation"/>: every pair when the population is small
/// enough (or exhaustive evaluation is asked for), otherwise a uniform sample with replacement whose draw i is
/// pair number <c>Below(Total)</c> of <see cref="KeyedRandom"/>(seed, design, i) — an aunt–niece number naming one
/// model twice is drawn again from the same stream (rejection keeps the draw uniform over real pairs).
/// An enumerated population also feeds the design configurations read from the same pairs (their weights from
/// <see cref="DesignWeights"/>; an aunt who is her own niece counts there, with similarity 1).
/// A sharded run enumerates the same draws in every shard and evaluates those whose first model it owns
/// (<c>owns(x)</c>: family pairs lie in one family; a random pair belongs to its first model's shard). Sums are
/// fixed point, so results depend on neither the thread count nor the shard count.
/// </summary>
public sealed class PairSampler(GenomeFeatures features, ulong seed, int threads)
{
    private const int Chunk = 2048;
    private const int MaxAttempts = 64;

    /// <summary>The design configurations read from a population's pairs, with the weights of their view.</summary>
    public sealed record DesignReader(DesignWeights Weights, DesignConfig[] Configs);

    /// <summary>Population design: every pair when Total ≤ <paramref name="sampleSize"/> or <paramref name="exhaustive"/>,
    /// else <paramref name="sampleSize"/> draws; only the pairs <paramref name="owns"/> accepts (null: all). With
    /// <paramref name="designs"/> and every pair enumerated, also the designs' weighted Levenshtein sums.</summary>
    public PopulationSums Population(Genome genome, PairPopulation pop, ulong design, int sampleSize, bool exhaustive, Func<int, bool>? owns = null,
        DesignReader? designs = null)
    {
        int slots = MeasureSlot.Of(genome).Count;
        bool all = IsExhaustive(pop, sampleSize, exhaustive);
        bool withDesigns = all && designs is not null && genome.IsText();
        int configs = withDesigns ? designs!.Configs.Length : 0;
        long draws = all ? pop.Total : sampleSize;
        int chunks = checked((int)((draws + Chunk - 1) / Chunk));
        List<PopulationWorker> workers = PairPipeline.Run(chunks, Chunk, threads, (c, chunk) =>
        {
            long end = Math.Min(draws, (long)(c + 1) * Chunk);
            for (long i = (long)c * Chunk; i < end; i++)
            {
                bool real = Draw(pop, design, i, all, out int x, out int y, out int m);
                // An aunt who is her own niece is no pair of Phylo's populations but is one of the study's structures.
                if ((real || (withDesigns && x >= 0 && x == y)) && (owns is null || owns(x))) chunk.Add(i, x, y, m);
            }
        }, () => new PopulationWorker(new PairScorer(features), slots, configs), (w, chunk) =>
        {
            // One batch per chunk: the Levenshtein pairs go through the inter-pair SIMD kernel together. No cosines: the
            // report takes TF-IDF and BoW of every pair type from the exact identities, never from these draws.
            int pairs = chunk.Count;
            w.Scorer.ScoreBatch(genome, chunk.Xs.AsSpan(0, pairs), chunk.Ys.AsSpan(0, pairs), w.Values.AsSpan(0, pairs * slots), cosines: false);
            for (int p = 0; p < pairs; p++)
            {
                int x = chunk.Xs[p], y = chunk.Ys[p];
                if (withDesigns) w.AddDesigns(designs!, x, y, chunk.Ms[p], w.Values[p * slots + 2]);
                if (x == y) continue;
                w.N++;
                for (int s = 0; s < slots; s++)
                {
                    double v = w.Values[p * slots + s];
                    w.Sum[s] += FixedSum.Of(v);
                    w.SumOfSquares[s] += FixedSum.Of(v * v);
                }
            }
        });
        return Fold(all, slots, configs, workers);
    }

    /// <summary>A non-edge design configuration's exact-mode sample: <paramref name="sampleSize"/> draws of
    /// <paramref name="sampler"/>, the genome's measures of the owned ones (only Levenshtein is read).</summary>
    public PopulationSums DesignSample(Genome genome, DesignSampler sampler, ulong design, int sampleSize, Func<int, bool>? owns = null)
    {
        int slots = MeasureSlot.Of(genome).Count;
        int chunks = sampler.Total > 0 ? (sampleSize + Chunk - 1) / Chunk : 0;
        List<PopulationWorker> workers = PairPipeline.Run(chunks, Chunk, threads, (c, chunk) =>
        {
            for (long i = (long)c * Chunk; i < Math.Min(sampleSize, (long)(c + 1) * Chunk); i++)
                if (sampler.Draw(seed, design, i, out int x, out int y) && (owns is null || owns(x))) chunk.Add(i, x, y);
        }, () => new PopulationWorker(new PairScorer(features), slots, 0), (w, chunk) =>
        {
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
        return Fold(false, slots, 0, workers);
    }

    private static PopulationSums Fold(bool all, int slots, int configs, List<PopulationWorker> workers)
    {
        long n = 0;
        var sum = new FixedSum[slots];
        var sq = new FixedSum[slots];
        var designs = new DesignSums(new FixedSum[configs], new FixedSum[configs], new long[configs]);
        foreach (PopulationWorker w in workers)
        {
            n += w.N;
            for (int s = 0; s < slots; s++) { sum[s] += w.Sum[s]; sq[s] += w.SumOfSquares[s]; }
            designs = DesignSums.Merge(designs, w.Designs);
        }
        return new PopulationSums(all, n, sum, sq) { Designs = designs };
    }

    private static bool IsExhaustive(PairPopulation pop, int sampleSize, bool exhaustive) => exhaustive || pop.Total <= sampleSize;

    /// <summary>Whether <paramref name="pop"/> is evaluated pair by pair (its design configurations are then exact).</summary>
    public static bool Enumerates(PairPopulation pop, int sampleSize, bool exhaustive) => IsExhaustive(pop, sampleSize, exhaustive);

    /// <summary>Marks in <paramref name="needed"/> the second model of every pair <paramref name="owns"/> accepts: the
    /// models outside a shard's families its random pairs read (population design).</summary>
    public void MarkPartners(PairPopulation pop, ulong populationDesign, int sampleSize, bool exhaustive, Func<int, bool> owns, bool[] needed)
    {
        bool all = IsExhaustive(pop, sampleSize, exhaustive);
        long draws = all ? pop.Total : sampleSize;
        Parallel.For(0, (draws + Chunk - 1) / Chunk, Options, chunk =>
        {
            for (long i = chunk * Chunk; i < Math.Min(draws, (chunk + 1) * Chunk); i++)
                if (Draw(pop, populationDesign, i, all, out int x, out int y, out _) && owns(x)) needed[y] = true; // only ever set: benign race
        });
    }

    /// <summary>Marks in <paramref name="needed"/> the second model of every draw of a design configuration's exact-mode
    /// sample (<see cref="DesignSample"/>) that <paramref name="owns"/> accepts.</summary>
    public void MarkPartners(DesignSampler sampler, ulong design, int sampleSize, Func<int, bool> owns, bool[] needed)
    {
        if (sampler.Total <= 0) return;
        Parallel.For(0, (sampleSize + Chunk - 1) / Chunk, Options, chunk =>
        {
            for (long i = (long)chunk * Chunk; i < Math.Min(sampleSize, (long)(chunk + 1) * Chunk); i++)
                if (sampler.Draw(seed, design, i, out int x, out int y) && owns(x)) needed[y] = true; // only ever set: benign race
        });
    }

    private bool Draw(PairPopulation pop, ulong design, long i, bool all, out int x, out int y, out int middle)
    {
        if (all) return pop.TryUnrank(i, out x, out y, out middle);
        var rng = new KeyedRandom(seed, design, i);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
            if (pop.TryUnrank(rng.Below(pop.Total), out x, out y, out middle)) return true;
        x = y = middle = -1;
        return false;
    }

    private ParallelOptions Options => new() { MaxDegreeOfParallelism = threads };

    /// <summary>A population worker's scorer, value buffer and running exact sums (integer: any split adds to the same bits).</summary>
    private sealed class PopulationWorker(PairScorer scorer, int slots, int configs)
    {
        public readonly PairScorer Scorer = scorer;
        public readonly double[] Values = new double[Chunk * slots];
        public readonly FixedSum[] Sum = new FixedSum[slots], SumOfSquares = new FixedSum[slots];
        public readonly DesignSums Designs = new(new FixedSum[configs], new FixedSum[configs], new long[configs]);
        public long N;

        public void AddDesigns(DesignReader reader, int x, int y, int middle, double levenshtein)
        {
            if (double.IsNaN(levenshtein)) return;
            for (int c = 0; c < reader.Configs.Length; c++)
            {
                double weight = reader.Weights.Structure(reader.Configs[c], x, y, middle);
                if (weight <= 0) continue;
                Designs.Sum[c] += FixedSum.Of(weight * levenshtein);
                Designs.Weight[c] += FixedSum.Of(weight);
                Designs.Count[c]++;
            }
        }
    }
}
