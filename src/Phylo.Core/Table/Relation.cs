namespace Phylo.Table;

/// <summary>Every relation a parent link was declared with (the full set, docs/engine.md §2).</summary>
[Flags]
public enum RelationMask : byte
{
    None = 0,
    Finetune = 1,
    Quantized = 2,
    Adapter = 4,
    Merge = 8,

    /// <summary>Not a relation: the link was named in the model's bare parent list (the published <c>parent_model</c>
    /// column, a <c>base_model:X</c> tag with no relation word). The study's "parent models" panel reads that list alone.</summary>
    Bare = 16,

    /// <summary>Not a relation: the bare parent list named this parent more than once (so the list is not exactly [X]).</summary>
    BareRepeated = 32,
}

/// <summary>The one relation an edge is reported under.</summary>
public enum EdgeType : byte
{
    Untyped = 0,
    Finetune = 1,
    Quantized = 2,
    Adapter = 3,
    Merge = 4,
}

public static class Relations
{
    public const int EdgeTypeCount = 5;

    public static readonly EdgeType[] AllTypes =
        [EdgeType.Finetune, EdgeType.Quantized, EdgeType.Adapter, EdgeType.Merge, EdgeType.Untyped];

    /// <summary>
    /// docs/engine.md §2: types are checked in the order finetune, quantized, adapter, merge and the last that
    /// matches wins; a link with no type (a bare <c>base_model:X</c> or <c>parent_model</c>) is untyped.
    /// </summary>
    public static EdgeType Primary(RelationMask mask)
    {
        if ((mask & RelationMask.Merge) != 0) return EdgeType.Merge;
        if ((mask & RelationMask.Adapter) != 0) return EdgeType.Adapter;
        if ((mask & RelationMask.Quantized) != 0) return EdgeType.Quantized;
        if ((mask & RelationMask.Finetune) != 0) return EdgeType.Finetune;
        return EdgeType.Untyped;
    }

    public static string Name(this EdgeType type) => type switch
    {
        EdgeType.Finetune => "finetune",
        EdgeType.Quantized => "quantized",
        EdgeType.Adapter => "adapter",
        EdgeType.Merge => "merge",
        _ => "untyped",
    };

    /// <summary>Parses a relation word as it appears in tags (<c>base_model:finetune:X</c>) and graph JSON.</summary>
    public static RelationMask ParseMask(ReadOnlySpan<char> word) => word switch
    {
        "finetune" or "fine-tune" or "finetuned" => RelationMask.Finetune,
        "quantized" or "quantization" => RelationMask.Quantized,
        "adapter" or "adapters" => RelationMask.Adapter,
        "merge" or "merges" or "merged" => RelationMask.Merge,
        _ => RelationMask.None,
    };
}
