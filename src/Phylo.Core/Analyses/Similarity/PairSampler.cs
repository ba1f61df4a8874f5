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
    private readonly DrawnPairs _drawn = new();

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
        if (!all && FoldsRepeats(pop, sampleSize))
        {
            _drawn.Collect(sampleSize, threads, (long i, out int x, out int y) =>
                Draw(pop, design, i, false, out x, out y, out _) && (owns is null || owns(x)));
            return Distinct(genome, slots, selfPairs: false);
        }
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
            w.Score(genome, chunk);
            for (int p = 0; p < chunk.Count; p++)
            {
                int x = chunk.Xs[p], y = chunk.Ys[p];
                if (withDesigns) w.AddDesigns(designs!, x, y, chunk.Ms[p], w.Values[p * slots + 2]);
                if (x != y) w.Add(p, 1);
            }
        });
        return Fold(all, slots, configs, workers);
    }

    /// <summary>A non-edge design configuration's exact-mode sample: <paramref name="sampleSize"/> draws of
    /// <paramref name="sampler"/>, the genome's measures of the owned ones (only Levenshtein is read).</summary>
    public PopulationSums DesignSample(Genome genome, DesignSampler sampler, ulong design, int sampleSize, Func<int, bool>? owns = null)
    {
        int slots = MeasureSlot.Of(genome).Count;
        if (sampler.Total <= 0) return Fold(false, slots, 0, []);
        // A design's weights concentrate on few pairs (quad_1.1: ~1,100 distinct pairs in 200,000 draws at 300k models).
        _drawn.Collect(sampleSize, threads, (long i, out int x, out int y) => sampler.Draw(seed, design, i, out x, out y) && (owns is null || owns(x)));
        return Distinct(genome, slots, selfPairs: true);
    }

    /// <summary>Whether a uniform sample of <paramref name="draws"/> pairs from <paramref name="pop"/> repeats enough pairs
    /// to fold: about draws²/(2·Total) draws repeat an earlier one, ≥ 1.5 % of them when Total ≤ 32 · draws (at 300k
    /// models the fine-tune card aunt–niece population, 22 %; at full scale none: those keep the streaming producer).</summary>
    private static bool FoldsRepeats(PairPopulation pop, int draws) => pop.Total <= 32L * draws;

    /// <summary>Scores the distinct pairs <see cref="_drawn"/> holds, each counted as often as it was drawn; a pair naming
    /// one model twice counts only with <paramref name="selfPairs"/> (a design's aunt who is her own niece; a population
    /// rejects such numbers when it draws).</summary>
    private PopulationSums Distinct(Genome genome, int slots, bool selfPairs)
    {
        DrawnPairs drawn = _drawn;
        int chunks = (drawn.Count + Chunk - 1) / Chunk;
        List<PopulationWorker> workers = PairPipeline.Run(chunks, Chunk, threads, (c, chunk) =>
        {
            for (int i = c * Chunk, end = Math.Min(drawn.Count, i + Chunk); i < end; i++) chunk.Add(i, drawn.Xs[i], drawn.Ys[i], times: drawn.Times[i]);
        }, () => new PopulationWorker(new PairScorer(features), slots, 0), (w, chunk) =>
        {
            w.Score(genome, chunk);
            for (int p = 0; p < chunk.Count; p++)
                if (selfPairs || chunk.Xs[p] != chunk.Ys[p]) w.Add(p, chunk.Times[p]);
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

        /// <summary>Scores the chunk's pairs into <see cref="Values"/>: one batch, so the Levenshtein pairs go through the
        /// inter-pair SIMD kernel together. No cosines: the report takes TF-IDF and BoW of every pair type from the exact
        /// identities, never from these draws.</summary>
        public void Score(Genome genome, PairChunk chunk)
        {
            int pairs = chunk.Count, slots = Sum.Length;
            Scorer.ScoreBatch(genome, chunk.Xs.AsSpan(0, pairs), chunk.Ys.AsSpan(0, pairs), Values.AsSpan(0, pairs * slots), cosines: false);
        }

        /// <summary>Adds pair p's values <paramref name="times"/> times: k · (v · 2⁶⁴ truncated) is the integer sum of k
        /// draws of the pair, so folded repeats leave every bit of the sums as it was.</summary>
        public void Add(int p, int times)
        {
            int slots = Sum.Length;
            N += times;
            for (int s = 0; s < slots; s++)
            {
                double v = Values[p * slots + s];
                FixedSum value = FixedSum.Of(v), square = FixedSum.Of(v * v);
                Sum[s] += times == 1 ? value : new FixedSum(value.Raw * times);
                SumOfSquares[s] += times == 1 ? square : new FixedSum(square.Raw * times);
            }
        }

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
