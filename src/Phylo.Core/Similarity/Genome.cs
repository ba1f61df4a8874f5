namespace Phylo.Similarity;

/// <summary>What of a model is compared (docs/definitions.md, "Similarity genomes"): see <see cref="CardGenome"/>,
/// <see cref="MetadataRecordGenome"/>, <see cref="MetadataCleanGenome"/>, <see cref="TraitGenome"/> for the exact
/// definitions. A pair counts only when both models have the genome.</summary>
public enum Genome : byte
{
    Card = 0,
    /// <summary>The study's: the Python repr of the Hub list record, parent-link tags included.</summary>
    Metadata = 1,
    /// <summary>Phylo's canonical record without links, counters or dates.</summary>
    MetadataClean = 2,
    Traits = 3,
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

/// <summary>How a reported value was obtained (report.json <c>estimate</c>).</summary>
public enum SimilarityMode : byte
{
    /// <summary>The mean over every pair of the population (no sampling error).</summary>
    Exact = 0,
    /// <summary>The mean over a seeded sample of pairs, with a 95 % CI.</summary>
    Sampled = 1,
}

/// <summary>Which of Phylo's procedures produced a value (report.json <c>mode</c>).</summary>
public enum SampleDesign : byte
{
    /// <summary>Phylo exact: the mean over every pair of the population under the design's weights (a seeded sample
    /// of ≥ 1M pairs where a measure has no identity and the population is larger).</summary>
    Population = 0,
    /// <summary>Phylo study mode (<c>--sampled</c>): the study's own draws, 5,000 per configuration and measure,
    /// pairs without the genome dropped, bootstrap CI.</summary>
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
        new(Genome.MetadataClean, SimilarityMeasure.TfIdf), new(Genome.MetadataClean, SimilarityMeasure.Bow),
        new(Genome.MetadataClean, SimilarityMeasure.Levenshtein),
        new(Genome.Traits, SimilarityMeasure.Jaccard),
    ];

    public const int Count = 11;

    /// <summary>Slots of a genome: the first index into <see cref="All"/> and how many follow. A text genome's first
    /// three are TF-IDF, BoW and Levenshtein, in that order.</summary>
    public static (int First, int Count) Of(Genome genome) => genome switch
    {
        Genome.Card => (0, 4),
        Genome.Metadata => (4, 3),
        Genome.MetadataClean => (7, 3),
        _ => (10, 1),
    };

    /// <summary>The slot of (genome, measure).</summary>
    public static int IndexOf(Genome genome, SimilarityMeasure measure)
    {
        for (int s = 0; s < All.Length; s++) if (All[s].Genome == genome && All[s].Measure == measure) return s;
        throw new ArgumentOutOfRangeException(nameof(measure), $"{genome} has no {measure}");
    }

    /// <summary>True for the cosine measures, whose pair means have linear-time identities.</summary>
    public bool IsVector => Measure is SimilarityMeasure.TfIdf or SimilarityMeasure.Bow;
}

public static class SimilarityNames
{
    /// <summary>The genomes compared as text (TF-IDF, BoW, Levenshtein), in report order.</summary>
    public static readonly Genome[] TextGenomes = [Genome.Card, Genome.Metadata, Genome.MetadataClean];

    /// <summary>Every genome, in report order.</summary>
    public static readonly Genome[] Genomes = [Genome.Card, Genome.Metadata, Genome.MetadataClean, Genome.Traits];

    public static bool IsText(this Genome g) => g != Genome.Traits;

    public static string Name(this Genome g) => g switch
    {
        Genome.Card => "card",
        Genome.Metadata => "metadata",
        Genome.MetadataClean => "metadata-clean",
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

    public static string Name(this SampleDesign d) => d == SampleDesign.Population ? "exact" : "study";
}
