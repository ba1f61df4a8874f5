using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>
/// The edges of the study's graph (docs/definitions.md, "The study's graph") one shard owns: Phylo's declared edges plus
/// the self-links and cycle edges Phylo leaves out. Parallel arrays in a fixed order (graph edges by child, then extras).
/// </summary>
internal sealed class StudyEdges
{
    public required int[] Parent { get; init; }
    public required int[] Child { get; init; }
    public required EdgeType[] Type { get; init; }
    public int Count => Parent.Length;

    /// <summary>Whether an extra edge (never in the no-merge forest) of this type lies in <paramref name="view"/>.</summary>
    public static bool InView(EdgeType type, GraphView view) => view switch
    {
        GraphView.All => true,
        GraphView.Finetune => type == EdgeType.Finetune,
        _ => false,
    };

    public static StudyEdges Of(FamilyGraph graph, FamilyShard shard)
    {
        int[] edges = shard.Edges(graph), extras = shard.ExtraEdges(graph);
        var parent = new List<int>(edges.Length + extras.Length);
        var child = new List<int>(edges.Length + extras.Length);
        var type = new List<EdgeType>(edges.Length + extras.Length);
        foreach (int e in edges)
        {
            if (!graph.IsDeclared(e)) continue;
            parent.Add(graph.EdgeParent[e]);
            child.Add(graph.EdgeChild[e]);
            type.Add(graph.EdgeTypes[e]);
        }
        StudyExtraEdges extra = graph.StudyExtraEdges;
        foreach (int i in extras)
        {
            parent.Add(extra.Parent[i]);
            child.Add(extra.Child[i]);
            type.Add(extra.Types[i]);
        }
        return new StudyEdges { Parent = [.. parent], Child = [.. child], Type = [.. type] };
    }
}
