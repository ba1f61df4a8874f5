namespace Phylo.Table;

/// <summary>The per-model trait sets ("genetic markers") the table keeps as CSR columns.</summary>
public enum TraitKind : byte
{
    License = 0,
    Language = 1,
    Task = 2,
    Library = 3,
    Dataset = 4,
    Arxiv = 5,
    Region = 6,
    Tag = 7,
}

public static class TraitKinds
{
    public const int Count = 8;

    public static readonly TraitKind[] All =
    [
        TraitKind.License, TraitKind.Language, TraitKind.Task, TraitKind.Library,
        TraitKind.Dataset, TraitKind.Arxiv, TraitKind.Region, TraitKind.Tag,
    ];

    /// <summary>Lower-case name used in reports and on the command line.</summary>
    public static string Name(this TraitKind kind) => kind switch
    {
        TraitKind.License => "license",
        TraitKind.Language => "language",
        TraitKind.Task => "task",
        TraitKind.Library => "library",
        TraitKind.Dataset => "dataset",
        TraitKind.Arxiv => "arxiv",
        TraitKind.Region => "region",
        TraitKind.Tag => "tag",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
