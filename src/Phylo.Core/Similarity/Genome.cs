namespace Phylo.Similarity;

/// <summary>What of a model is compared (SPEC §4): see <see cref="CardGenome"/>, <see cref="MetadataGenome"/>,
/// <see cref="TraitGenome"/> for the exact definitions. A pair counts only when both models have the genome.</summary>
public enum Genome : byte
{
    Card = 0,
    Metadata = 1,
    Traits = 2,
}

/// <summary>How two genomes are compared.</summary>
public enum SimilarityMeasure : byte
{
    /// <summary>Cosine of L2-normalized TF-IDF rows over the genome's fitted 512-term vocabulary.</summary>
    TfIdf = 0,
    /// <summary>Cosine of raw-count rows over the same vocabulary.</summary>
    Bow = 1,
    /// <summary>1 − Levenshtein distance / max length, over code points.</summary>
    Levenshtein = 2,
    /// <summary>Jaccard of two sets.</summary>
    Jaccard = 3,
    /// <summary>MinHash-128 estimate of the Jaccard of 8-byte card shingles.</summary>
    MinHash = 4,
}

/// <summary>How a reported value was obtained.</summary>
public enum SimilarityMode : byte
{
    /// <summary>The mean over every pair of the population (no sampling error).</summary>
    Exact = 0,
    /// <summary>The mean over a seeded sample of pairs, with a 95 % CI.</summary>
    Sampled = 1,
}

/// <summary>Which population design produced a value.</summary>
public enum SampleDesign : byte
{
    /// <summary>The default run: every pair (exact), or a uniform sample of ≥ 1M pairs where no identity exists.</summary>
    Population = 0,
    /// <summary><c>--sampled</c>: the study's weighted designs, 5,000 draws, bootstrap CI.</summary>
    Study = 1,
}

/// <summary>One (genome, measure) combination the analysis reports, with its index in per-measure arrays.</summary>
public readonly record struct MeasureSlot(Genome Genome, SimilarityMeasure Measure)
{
    /// <summary>Every reported combination, in report order.</summary>
    public static readonly MeasureSlot[] All =
    [
        new(Genome.Card, SimilarityMeasure.TfIdf), new(Genome.Card, SimilarityMeasure.Bow),
        new(Genome.Card, SimilarityMeasure.Levenshtein), new(Genome.Card, SimilarityMeasure.MinHash),
        new(Genome.Metadata, SimilarityMeasure.TfIdf), new(Genome.Metadata, SimilarityMeasure.Bow),
        new(Genome.Metadata, SimilarityMeasure.Levenshtein),
        new(Genome.Traits, SimilarityMeasure.Jaccard),
    ];

    public const int Count = 8;

    /// <summary>Slots of a genome: the first index into <see cref="All"/> and how many follow.</summary>
    public static (int First, int Count) Of(Genome genome) => genome switch
    {
        Genome.Card => (0, 4),
        Genome.Metadata => (4, 3),
        _ => (7, 1),
    };

    /// <summary>True for the cosine measures, whose pair means have linear-time identities.</summary>
    public bool IsVector => Measure is SimilarityMeasure.TfIdf or SimilarityMeasure.Bow;
}

public static class SimilarityNames
{
    public static string Name(this Genome g) => g switch
    {
        Genome.Card => "card",
        Genome.Metadata => "metadata",
        Genome.Traits => "traits",
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    public static string Name(this SimilarityMeasure m) => m switch
    {
        SimilarityMeasure.TfIdf => "tfidf",
        SimilarityMeasure.Bow => "bow",
        SimilarityMeasure.Levenshtein => "levenshtein",
        SimilarityMeasure.Jaccard => "jaccard",
        SimilarityMeasure.MinHash => "minhash",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static string Name(this SimilarityMode m) => m == SimilarityMode.Exact ? "exact" : "sampled";

    public static string Name(this SampleDesign d) => d == SampleDesign.Population ? "population" : "study";
}
