namespace Phylo.Lineage.Candidates;

/// <summary>Where a candidate parent came from (bit flags of <see cref="CandidateSet.Sources"/>; bit i is source index i
/// of <see cref="CandidateSources"/>).</summary>
[Flags]
public enum CandidateSource : ushort
{
    None = 0,
    /// <summary>Shares an LSH band (all rows equal) of the card-body MinHash signature.</summary>
    Card = 1 << 0,
    /// <summary>Shares a name token or adjacent-token bigram.</summary>
    NameToken = 1 << 1,
    /// <summary>Its base name (whole token sequence, or with the first or last token dropped) is a contiguous token run
    /// of the child's name: <c>Meta-Llama-3-8B</c> → "llama 3 8b" in <c>x-llama3-8b-sft</c>.</summary>
    BaseName = 1 << 2,
    /// <summary>Same author.</summary>
    Author = 1 << 3,
    /// <summary>Same architecture (config <c>model_type</c>).</summary>
    Architecture = 1 << 4,
    /// <summary>The child's card body names it (a huggingface.co link or a bare owner/name).</summary>
    Mention = 1 << 5,
    /// <summary>Shares a tag (not a <c>key:value</c> tag such as <c>base_model:…</c>) or a dataset.</summary>
    Tags = 1 << 6,
    /// <summary>Same task (pipeline tag) or library.</summary>
    Kind = 1 << 7,
    /// <summary>Among the most downloaded models created before the child (the popularity prior).</summary>
    Popular = 1 << 8,
}

/// <summary>The sources in bit order, their names and their weight in a candidate's vote.</summary>
public static class CandidateSources
{
    public const int Count = 9;

    public static readonly CandidateSource[] All =
    [
        CandidateSource.Card, CandidateSource.NameToken, CandidateSource.BaseName, CandidateSource.Author,
        CandidateSource.Architecture, CandidateSource.Mention, CandidateSource.Tags, CandidateSource.Kind, CandidateSource.Popular,
    ];

    /// <summary>Index of a source's bit (0 = Card … 8 = Popular).</summary>
    public const int Card = 0, NameToken = 1, BaseName = 2, Author = 3, Architecture = 4, Mention = 5, Tags = 6, Kind = 7, Popular = 8;

    /// <summary>
    /// Vote per shared key, by source index. A candidate's vote is the sum over every key it shares with the child; the
    /// generator keeps the K best votes (then the most popular). A card mention or a base name is close to a statement
    /// of the parent, so one outweighs any number of weak keys (a band, a token, a tag, a kind); author is between.
    /// </summary>
    public static readonly int[] Weight = [1, 1, 24, 2, 1, 96, 1, 1, 1];

    /// <summary>
    /// How many of a pool's most popular earlier members one key of each source offers (at most
    /// <see cref="CandidateIndex.PoolSize"/>). Keys that are near-statements of the parent (base names) offer the whole
    /// pool; keys shared by whole crowds (a card band of a template, a tag, a task) offer their few most popular members:
    /// their candidates are weak evidence and, measured, cost most of the generator's time.
    /// </summary>
    public static readonly int[] Take = [8, 16, 32, 8, 16, 0, 8, 32, 32];

    public static string Name(CandidateSource s) => s switch
    {
        CandidateSource.Card => "card MinHash band",
        CandidateSource.NameToken => "name token",
        CandidateSource.BaseName => "base name",
        CandidateSource.Author => "author",
        CandidateSource.Architecture => "architecture",
        CandidateSource.Mention => "card mention",
        CandidateSource.Tags => "tags, datasets",
        CandidateSource.Kind => "task, library",
        CandidateSource.Popular => "popular earlier",
        _ => s.ToString(),
    };

    /// <summary>Short machine name (JSON keys).</summary>
    public static string Key(CandidateSource s) => s switch
    {
        CandidateSource.Card => "card",
        CandidateSource.NameToken => "nameToken",
        CandidateSource.BaseName => "baseName",
        CandidateSource.Author => "author",
        CandidateSource.Architecture => "architecture",
        CandidateSource.Mention => "mention",
        CandidateSource.Tags => "tags",
        CandidateSource.Kind => "kind",
        CandidateSource.Popular => "popular",
        _ => s.ToString(),
    };
}
