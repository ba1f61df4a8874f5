using System.Runtime.CompilerServices;
using Phylo.Graph;

namespace Phylo.Analyses;

/// <summary>
/// Which families one shard of a run computes. Families are independent, so every drift partial
/// is computed over the edges (and roots) of the selected families only; merging the partials of a
/// partition of the families gives exactly the one-shard result.
/// </summary>
public sealed class FamilyShard
{
    private readonly bool[]? _selected;
    private readonly ConditionalWeakTable<FamilyGraph, int[]> _edges = new();
    private readonly ConditionalWeakTable<FamilyGraph, int[]> _extraEdges = new();

    private FamilyShard(bool[]? selected) => _selected = selected;

    /// <summary>Every family: the single-process run.</summary>
    public static FamilyShard All { get; } = new(null);

    /// <summary>The families whose flag is set (indexed by family id, as <see cref="FamilyGraph.FamilyOf"/>).</summary>
    public static FamilyShard Of(bool[] selectedFamilies) => new(selectedFamilies);

    public bool Contains(int family) => _selected is null || _selected[family];

    /// <summary>
    /// Splits the families into <paramref name="count"/> contiguous ranges of family ids with about
    /// the same number of edges each (for in-process parallelism; any partition merges to the same result).
    /// </summary>
    public static FamilyShard[] Split(FamilyGraph graph, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int families = graph.Families.Length;
        var edgesPerFamily = new long[families];
        foreach (int c in graph.EdgeChild) edgesPerFamily[graph.FamilyOf[c]]++;
        long total = graph.EdgeCount, target = (total + count - 1) / count, acc = 0;
        var shards = new FamilyShard[count];
        int shard = 0;
        var mask = new bool[families];
        for (int f = 0; f < families; f++)
        {
            mask[f] = true;
            acc += edgesPerFamily[f];
            if (acc >= target * (shard + 1) && shard < count - 1)
            {
                shards[shard++] = new FamilyShard(mask);
                mask = new bool[families];
            }
        }
        shards[shard++] = new FamilyShard(mask);
        while (shard < count) shards[shard++] = new FamilyShard(new bool[families]);
        return shards;
    }

    /// <summary>
    /// The shard's edges (an edge lies inside its child's family) in child order: children are then read
    /// sequentially and parents, far fewer and heavily shared, stay in cache. Built once per graph and cached.
    /// </summary>
    internal int[] Edges(FamilyGraph graph) => _edges.GetValue(graph, CollectEdges);

    /// <summary>Indices into <see cref="FamilyGraph.StudyExtraEdges"/> of the shard's extra edges (the study graph's self-links and
    /// cycle edges; each lies inside its child's family), in order.</summary>
    internal int[] ExtraEdges(FamilyGraph graph) => _extraEdges.GetValue(graph, g =>
    {
        var extra = g.StudyExtraEdges;
        var list = new List<int>();
        for (int i = 0; i < extra.Count; i++) if (Contains(g.FamilyOf[extra.Child[i]])) list.Add(i);
        return [.. list];
    });

    private int[] CollectEdges(FamilyGraph graph)
    {
        var edges = new List<int>(_selected is null ? graph.EdgeCount : 0);
        for (int c = 0; c < graph.NodeCount; c++)
            if (Contains(graph.FamilyOf[c]))
                foreach (int e in graph.InEdges(c)) edges.Add(e);
        return [.. edges];
    }
}
