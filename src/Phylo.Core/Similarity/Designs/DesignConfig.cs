namespace Phylo.Similarity;

/// <summary>The study's eight sampling designs (docs/definitions.md, "The 24 design configurations").</summary>
public enum StudyDesign : byte
{
    Rando = 0,
    Duo = 1,
    Trio1 = 2,
    Trio2 = 3,
    Quad0 = 4,
    Quad1 = 5,
    Quad2 = 6,
    Quad3 = 7,
}

/// <summary>The structure a configuration's pair is read from, which decides how its exact mean is computed.</summary>
public enum PairShape : byte
{
    /// <summary>Two distinct models (rando).</summary>
    Random = 0,
    /// <summary>The two ends of one edge: every edge is measured, so every measure is exact.</summary>
    Edge = 1,
    /// <summary>Two distinct children (v, x) of one parent m.</summary>
    Siblings = 2,
    /// <summary>The ends (a, b) of a path a → m → b.</summary>
    TwoPath = 3,
    /// <summary>(w, x) of u → v → w and u → x, x ≠ v (x = w allowed: a model that is also its grandparent's child).</summary>
    AuntNiece = 4,
    /// <summary>The ends (t, w) of a path t → u → v → w.</summary>
    ThreePath = 5,
}

/// <summary>
/// One of the study's 24 configurations: design, configuration number (1-based, the study's), the kinship of the
/// pair it compares, and the shape the pair is read from. <see cref="Index"/> is the position in <see cref="All"/>,
/// the order of the study's figure panels.
/// </summary>
public readonly record struct DesignConfig(int Index, StudyDesign Design, int Config, PairType Kinship, PairShape Shape, string Detail)
{
    public const int Count = 24;

    public static readonly DesignConfig[] All =
    [
        new(0, StudyDesign.Rando, 1, PairType.Random, PairShape.Random, "two distinct models"),
        new(1, StudyDesign.Duo, 1, PairType.ParentChild, PairShape.Edge, "uniform edge"),
        new(2, StudyDesign.Trio1, 1, PairType.ParentChild, PairShape.Edge, "edge weight k(p) - 1"),
        new(3, StudyDesign.Trio1, 2, PairType.Siblings, PairShape.Siblings, "sibling pairs pooled"),
        new(4, StudyDesign.Trio2, 1, PairType.GrandparentGrandchild, PairShape.TwoPath, "uniform 2-paths"),
        new(5, StudyDesign.Trio2, 2, PairType.ParentChild, PairShape.Edge, "lower edge of a 2-path"),
        new(6, StudyDesign.Trio2, 3, PairType.ParentChild, PairShape.Edge, "upper edge of a 2-path"),
        new(7, StudyDesign.Quad0, 1, PairType.ParentChild, PairShape.Edge, "edge weight (k - 1)(k - 2)"),
        new(8, StudyDesign.Quad0, 2, PairType.Siblings, PairShape.Siblings, "sibling pair weight k - 2"),
        new(9, StudyDesign.Quad1, 1, PairType.GrandparentGrandchild, PairShape.TwoPath, "2-path weight k(v) - 1"),
        new(10, StudyDesign.Quad1, 2, PairType.ParentChild, PairShape.Edge, "lower edge"),
        new(11, StudyDesign.Quad1, 3, PairType.ParentChild, PairShape.Edge, "upper edge"),
        new(12, StudyDesign.Quad1, 4, PairType.Siblings, PairShape.Siblings, "siblings whose parent has a parent"),
        new(13, StudyDesign.Quad2, 1, PairType.GrandparentGrandchild, PairShape.TwoPath, "2-path weight k(u) - 1"),
        new(14, StudyDesign.Quad2, 2, PairType.AuntNiece, PairShape.AuntNiece, "aunt/uncle and niece/nephew"),
        new(15, StudyDesign.Quad2, 3, PairType.ParentChild, PairShape.Edge, "edge (v, w)"),
        new(16, StudyDesign.Quad2, 4, PairType.ParentChild, PairShape.Edge, "edge (u, v)"),
        new(17, StudyDesign.Quad2, 5, PairType.Siblings, PairShape.Siblings, "siblings (v, x), weight k(v) + k(x)"),
        new(18, StudyDesign.Quad3, 1, PairType.ThreeGenerations, PairShape.ThreePath, "3-paths weighted 1/indeg(u)"),
        new(19, StudyDesign.Quad3, 2, PairType.GrandparentGrandchild, PairShape.TwoPath, "(u, w)"),
        new(20, StudyDesign.Quad3, 3, PairType.GrandparentGrandchild, PairShape.TwoPath, "(t, v)"),
        new(21, StudyDesign.Quad3, 4, PairType.ParentChild, PairShape.Edge, "edge (v, w)"),
        new(22, StudyDesign.Quad3, 5, PairType.ParentChild, PairShape.Edge, "edge (u, v)"),
        new(23, StudyDesign.Quad3, 6, PairType.ParentChild, PairShape.Edge, "edge (t, u)"),
    ];

    /// <summary>The study's name of the design: rando, duo, trio_1, trio_2, quad_0 … quad_3.</summary>
    public string DesignName => Name(Design);

    /// <summary>"trio_1.2": the key of this configuration in report.json rows and study-facts.json.</summary>
    public string Key => $"{DesignName}.{Config}";

    public static string Name(StudyDesign d) => d switch
    {
        StudyDesign.Rando => "rando",
        StudyDesign.Duo => "duo",
        StudyDesign.Trio1 => "trio_1",
        StudyDesign.Trio2 => "trio_2",
        StudyDesign.Quad0 => "quad_0",
        StudyDesign.Quad1 => "quad_1",
        StudyDesign.Quad2 => "quad_2",
        StudyDesign.Quad3 => "quad_3",
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    /// <summary>The configurations of one design, in order.</summary>
    public static ReadOnlySpan<DesignConfig> Of(StudyDesign d)
    {
        int first = Array.FindIndex(All, c => c.Design == d), last = Array.FindLastIndex(All, c => c.Design == d);
        return All.AsSpan(first, last - first + 1);
    }

    /// <summary>The configurations read from <paramref name="shape"/>, in order.</summary>
    public static DesignConfig[] OfShape(PairShape shape) => Array.FindAll(All, c => c.Shape == shape);
}
