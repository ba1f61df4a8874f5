namespace Phylo.Graph;

/// <summary>The three views of the family graph (docs/engine.md §2). Views are edge masks over one CSR, not copies.</summary>
public enum GraphView : byte
{
    /// <summary>Every edge.</summary>
    All = 0,
    /// <summary>Edges whose primary relation is fine-tune.</summary>
    Finetune = 1,
    /// <summary>All edges but merges, reduced to a forest: each child keeps its non-merge parent with the lowest model index.</summary>
    NoMerge = 2,
}

public static class GraphViews
{
    public static readonly GraphView[] All = [GraphView.All, GraphView.Finetune, GraphView.NoMerge];

    public static string Name(this GraphView view) => view switch
    {
        GraphView.All => "all",
        GraphView.Finetune => "finetune",
        GraphView.NoMerge => "nomerge",
        _ => throw new ArgumentOutOfRangeException(nameof(view)),
    };
}
