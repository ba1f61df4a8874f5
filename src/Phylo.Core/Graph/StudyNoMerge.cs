using System.Runtime.CompilerServices;
using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// The study's no-merge graph (docs/definitions.md, "No-merge view"): every declared edge whose primary relation is not
/// merge — untyped edges, self-links and cycle edges included; inferred links excluded. Unlike
/// <see cref="GraphView.NoMerge"/> it is not a forest: a model keeps every non-merge parent. Its weakly connected
/// components are the study's families (family sizes, growth); its out-degree decides "children that have children".
/// Each component lies inside one <see cref="FamilyGraph"/> family, so shards own whole components.
/// </summary>
public sealed class StudyNoMerge
{
    private static readonly ConditionalWeakTable<FamilyGraph, StudyNoMerge> Cache = new();

    private StudyNoMerge(int[] componentOf, int[] sizes, int[] outDegree, int[] named)
    {
        ComponentOf = componentOf;
        Sizes = sizes;
        OutDegree = outDegree;
        Named = named;
    }

    /// <summary>Component per model, numbered in order of their lowest model index.</summary>
    public int[] ComponentOf { get; }
    /// <summary>Models per component.</summary>
    public int[] Sizes { get; }
    /// <summary>Successors per model in this view (a self-link counts: the study's graph has the edge).</summary>
    public int[] OutDegree { get; }
    /// <summary>The model that names each component: among members with no parent in the view (self-links aside), the one
    /// with the most children in the view; ties by the lowest model index. A component with no such member (every member
    /// on a cycle) is named by its member with the most children.</summary>
    public int[] Named { get; }

    public int ComponentCount => Sizes.Length;

    /// <summary>Whether an edge of this primary relation is in the view.</summary>
    public static bool Keeps(EdgeType type) => type != EdgeType.Merge;

    /// <summary>The view of <paramref name="graph"/>, built once per graph.</summary>
    public static StudyNoMerge Of(FamilyGraph graph) => Cache.GetValue(graph, Build);

    /// <summary>Drops the view of <paramref name="graph"/> built so far (rebuilt on the next <see cref="Of"/>): a shard's
    /// graph analysis builds it, and it would otherwise stay with the graph (~25 MiB at full scale) under the similarity
    /// stage, which does not read it.</summary>
    internal static void Forget(FamilyGraph graph) => Cache.Remove(graph);

    private static StudyNoMerge Build(FamilyGraph graph)
    {
        int n = graph.NodeCount;
        var uf = new int[n];
        for (int i = 0; i < n; i++) uf[i] = i;
        var outDegree = new int[n];
        var hasParent = new bool[n];
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            if (!graph.IsDeclared(e) || !Keeps(graph.EdgeTypes[e])) continue;
            Link(graph.EdgeParent[e], graph.EdgeChild[e]);
        }
        var extra = graph.StudyExtraEdges;
        for (int i = 0; i < extra.Count; i++)
            if (Keeps(extra.Types[i])) Link(extra.Parent[i], extra.Child[i]);

        var componentOf = new int[n];
        var sizes = new List<int>();
        var named = new List<int>();
        for (int v = 0; v < n; v++)
        {
            int r = Find(uf, v);
            int c;
            if (r == v) { c = sizes.Count; sizes.Add(0); named.Add(v); }
            else c = componentOf[r];
            componentOf[v] = c;
            sizes[c]++;
            if (Better(v, named[c])) named[c] = v;
        }
        return new StudyNoMerge(componentOf, [.. sizes], outDegree, [.. named]);

        void Link(int parent, int child)
        {
            outDegree[parent]++;
            if (parent == child) return;
            hasParent[child] = true;
            int a = Find(uf, parent), b = Find(uf, child);
            if (a < b) uf[b] = a;
            else if (b < a) uf[a] = b;
        }

        // v (a later index) replaces the current pick when it is parentless and the pick is not, or when both are alike
        // and v has strictly more children.
        bool Better(int v, int current)
        {
            if (v == current) return false;
            if (hasParent[v] != hasParent[current]) return !hasParent[v];
            return outDegree[v] > outDegree[current];
        }
    }

    private static int Find(int[] uf, int x)
    {
        while (uf[x] != x) { uf[x] = uf[uf[x]]; x = uf[x]; }
        return x;
    }
}
