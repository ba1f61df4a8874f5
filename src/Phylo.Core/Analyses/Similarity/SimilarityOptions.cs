using Phylo.Graph;

namespace Phylo.Analyses.Similarity;

/// <summary>Settings of <see cref="SimilarityAnalysis.Run"/>.</summary>
/// <param name="Seed">Seed of every sample and bootstrap (draws are keyed by (seed, design, index)).</param>
/// <param name="Threads">Worker threads; 0 = one per core. Results do not depend on it.</param>
/// <param name="Sampled">Also compute the study's designs (5,000 draws, bootstrap CI): <c>--sampled</c>.</param>
/// <param name="ExactLevenshtein">Evaluate Levenshtein, MinHash and trait Jaccard over every pair of every type
/// instead of a uniform sample of <see cref="SampleSize"/> where a type has more pairs: <c>--exact-levenshtein</c>.</param>
/// <param name="Views">Graph views to report; null = all three.</param>
public sealed record SimilarityOptions(
    ulong Seed = 42,
    int Threads = 0,
    bool Sampled = false,
    bool ExactLevenshtein = false,
    IReadOnlyList<GraphView>? Views = null)
{
    /// <summary>Default of <see cref="SampleSize"/>: 200,000 draws give a 95 % CI of at most ±0.0014 for a measure in
    /// [0, 1] (s ≤ 0.5; about ±0.0005–0.0011 on the full-scale synthetic populations), 5–15 times narrower than the
    /// study's own 5,000-draw designs, at a fifth of the Levenshtein cost of 1,000,000 (native-notes/similarity.md).</summary>
    public const int DefaultSampleSize = 200_000;

    /// <summary>Draws of the population design for measures without a linear-time identity; a population of at most
    /// this many pairs is enumerated whole.</summary>
    public int SampleSize { get; init; } = DefaultSampleSize;

    /// <summary>Draws of a design configuration's own exact-mode sample (a non-edge configuration whose shape has more
    /// pairs than <see cref="SampleSize"/> and whose weights are not uniform): 200,000, a 95 % CI of about ±0.0013 at a
    /// standard deviation of 0.3 — ten times narrower than the study's figure readings.</summary>
    public int DesignSampleSize { get; init; } = 200_000;

    /// <summary>Draws per study design (the study: 5,000).</summary>
    public int StudyDraws { get; init; } = 5_000;

    /// <summary>Bootstrap resamples of the study design's CI (the study: 10,000).</summary>
    public int BootstrapResamples { get; init; } = 10_000;

    /// <summary>How terms tied on count at the 512-term cut are chosen (<c>--tie-break</c>); null: numpy's order with
    /// <see cref="Sampled"/> (the study's), the alphabetical one otherwise.</summary>
    public Text.TieBreak? TieBreak { get; init; }

    /// <summary>The tie-break this run uses.</summary>
    public Text.TieBreak Ties => TieBreak ?? (Sampled ? Text.TieBreak.NumpyQuicksort : Text.TieBreak.Lexicographic);

    /// <summary>Receives (steps done, steps in all) as the stage advances; never changes results.</summary>
    public Action<long, long>? Progress { get; init; }

    internal int Parallelism => Threads <= 0 ? -1 : Threads;

    internal IReadOnlyList<GraphView> ViewList => Views ?? GraphViews.All;
}

/// <summary>One row of report.json's <c>similarity</c> array: a pooled pair type (<see cref="Config"/> null) or one of
/// the study's 24 design configurations (<see cref="Pair"/> is then its kinship).</summary>
public sealed record SimilarityValue(
    Genome Genome, SimilarityMeasure Measure, PairType Pair, GraphView View, SimilarityMode Mode, SampleDesign Design,
    long N, double Mean, double CiLow, double CiHigh)
{
    /// <summary>The study's design configuration; null for Phylo's pooled pair-type rows.</summary>
    public DesignConfig? Config { get; init; }

    public static SimilarityValue From(MeasureSlot slot, PairType pair, GraphView view, SampleDesign design, PairMean m) =>
        new(slot.Genome, slot.Measure, pair, view, m.Mode, design, m.N, m.Mean, m.CiLow, m.CiHigh);

    public static SimilarityValue Of(DesignConfig c, Genome genome, SimilarityMeasure measure, SampleDesign design, PairMean m) =>
        new(genome, measure, c.Kinship, GraphView.Finetune, m.Mode, design, m.N, m.Mean, m.CiLow, m.CiHigh) { Config = c };
}
