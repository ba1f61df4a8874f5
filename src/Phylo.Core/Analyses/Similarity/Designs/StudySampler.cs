namespace Phylo.Analyses.Similarity;

/// <summary>
/// Study mode (<c>--sampled</c>, docs/definitions.md "Study mode"): for one (configuration, measure), the study's
/// draws of <see cref="StudyDraw"/>, each scored for every text genome; a draw whose pair lacks a genome on either end
/// is NaN for that genome (dropped, never redrawn). The genomes share the draws of a (configuration, measure), the
/// measures do not (the study ran each measure on its own draws). A shard evaluates the draws whose first model it
/// owns; values go to their draw slots, so nothing depends on threads, chunks or shards.
/// </summary>
public sealed class StudySampler(GenomeFeatures features, ulong seed, int threads)
{
    private const int Chunk = 1024;

    public static readonly SimilarityMeasure[] Measures = [SimilarityMeasure.TfIdf, SimilarityMeasure.Bow, SimilarityMeasure.Levenshtein];

    /// <summary>The owned draws of <paramref name="draws"/>, with one value per text genome (<see cref="SimilarityNames.TextGenomes"/> order).</summary>
    public StudyDraws Evaluate(StudyDraw design, DesignConfig config, SimilarityMeasure measure, int draws, Func<int, bool>? owns = null)
    {
        Genome[] genomes = SimilarityNames.TextGenomes;
        int slots = genomes.Length;
        ulong id = KeyedRandom.StudyDrawId(config, measure);
        var values = new double[(long)draws * slots];
        var ok = new bool[draws];
        int chunks = design.CanDraw ? (draws + Chunk - 1) / Chunk : 0;
        PairPipeline.Run(chunks, Chunk, threads, (c, chunk) =>
        {
            for (int i = c * Chunk; i < Math.Min(draws, (c + 1) * Chunk); i++)
                if (design.Draw(config.Config, seed, id, i, out int x, out int y) && (owns is null || owns(x))) chunk.Add(i, x, y);
        }, () => (Scorer: new PairScorer(features), Values: new double[Chunk * 4]), (w, chunk) =>
        {
            int n = chunk.Count;
            for (int g = 0; g < slots; g++)
            {
                Genome genome = genomes[g];
                if (measure == SimilarityMeasure.Levenshtein)
                {
                    int per = MeasureSlot.Of(genome).Count;
                    w.Scorer.ScoreBatch(genome, chunk.Xs.AsSpan(0, n), chunk.Ys.AsSpan(0, n), w.Values.AsSpan(0, n * per), cosines: false);
                    for (int p = 0; p < n; p++) values[chunk.Draws[p] * slots + g] = w.Values[p * per + 2];
                    continue;
                }
                VectorGenome rows = features.Vectors(genome);
                for (int p = 0; p < n; p++)
                {
                    int x = chunk.Xs[p], y = chunk.Ys[p];
                    bool both = features.Has(genome, x) && features.Has(genome, y);
                    values[chunk.Draws[p] * slots + g] = both ? rows.Cosine(measure, x, y) : double.NaN;
                }
            }
            for (int p = 0; p < n; p++) ok[chunk.Draws[p]] = true;
        });
        var kept = new List<int>();
        for (int i = 0; i < draws; i++) if (ok[i]) kept.Add(i);
        var packed = new double[kept.Count * slots];
        for (int k = 0; k < kept.Count; k++) values.AsSpan(kept[k] * slots, slots).CopyTo(packed.AsSpan(k * slots));
        return new StudyDraws(slots, [.. kept], packed);
    }

    /// <summary>Marks in <paramref name="needed"/> the second model of every owned rando draw (of every measure): the
    /// models outside a shard's families its study draws read.</summary>
    public static void MarkPartners(StudyDraw rando, int draws, ulong seed, Func<int, bool> owns, bool[] needed) =>
        MarkPartners(rando, DesignConfig.All[0], draws, seed, owns, needed);

    /// <summary>Marks in <paramref name="needed"/> the second model of every draw of <paramref name="config"/> (of every
    /// measure) whose first model <paramref name="owns"/> accepts; <paramref name="design"/> is the config's design.</summary>
    public static void MarkPartners(StudyDraw design, DesignConfig config, int draws, ulong seed, Func<int, bool> owns, bool[] needed)
    {
        if (!design.CanDraw) return;
        foreach (SimilarityMeasure m in Measures)
        {
            ulong id = KeyedRandom.StudyDrawId(config, m);
            for (int i = 0; i < draws; i++)
                if (design.Draw(config.Config, seed, id, i, out int x, out int y) && owns(x)) needed[y] = true;
        }
    }
}
