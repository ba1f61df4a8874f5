namespace Phylo.Analyses.Similarity;

/// <summary>
/// Which two models are compared (docs/engine.md §4). Every family type is a multiset of pairs counted once per path through
/// the view's edges: a model with two parents in the view is the child of both; two siblings sharing two parents
/// are a sibling pair twice — exactly the population the study's weighted designs sample uniformly.
/// </summary>
public enum PairType : byte
{
    /// <summary>Two distinct models drawn from all models that have the genome (independent of the view).</summary>
    Random = 0,
    /// <summary>The two ends of one edge.</summary>
    ParentChild = 1,
    /// <summary>Two distinct children of one parent.</summary>
    Siblings = 2,
    /// <summary>The ends of a path g→p→c.</summary>
    GrandparentGrandchild = 3,
    /// <summary>(a, n) for g→p→n and g→a with a ≠ p: a sibling of the niece's parent (a = n, possible when a model
    /// has two parents, is not a pair).</summary>
    AuntNiece = 4,
    /// <summary>The ends of a path a→b→c→d.</summary>
    ThreeGenerations = 5,
}

public static class PairTypes
{
    public const int Count = 6;

    public static readonly PairType[] All =
    [
        PairType.Random, PairType.ParentChild, PairType.Siblings, PairType.GrandparentGrandchild,
        PairType.AuntNiece, PairType.ThreeGenerations,
    ];

    /// <summary>Name in report.json and the key under <c>similarity.&lt;genome&gt;.tfidf</c> in the study facts.</summary>
    public static string Name(this PairType type) => type switch
    {
        PairType.Random => "random",
        PairType.ParentChild => "parent-child",
        PairType.Siblings => "siblings",
        PairType.GrandparentGrandchild => "grandparent-grandchild",
        PairType.AuntNiece => "aunt-niece",
        PairType.ThreeGenerations => "three-generations",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
