using Phylo.Graph;

namespace Phylo.Tests.Graph;

/// <summary>Slow, obviously-correct reference computations the graph tests compare against.</summary>
internal static class NaiveGraph
{
    public static bool IsAcyclic(int n, IEnumerable<(int P, int C)> edges)
    {
        var indeg = new int[n];
        var adj = new List<int>[n];
        for (int i = 0; i < n; i++) adj[i] = [];
        foreach (var (p, c) in edges) { adj[p].Add(c); indeg[c]++; }
        var queue = new Queue<int>(Enumerable.Range(0, n).Where(v => indeg[v] == 0));
        int seen = 0;
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            seen++;
            foreach (int c in adj[v]) if (--indeg[c] == 0) queue.Enqueue(c);
        }
        return seen == n;
    }

    public static IEnumerable<(int P, int C)> Edges(FamilyGraph g, GraphView view) =>
        Enumerable.Range(0, g.EdgeCount).Where(e => g.InView(e, view)).Select(e => (g.EdgeParent[e], g.EdgeChild[e]));

    /// <summary>Components by BFS over undirected edges, numbered in order of their lowest model index.</summary>
    public static int[] Components(int n, IEnumerable<(int P, int C)> edges)
    {
        var adj = new List<int>[n];
        for (int i = 0; i < n; i++) adj[i] = [];
        foreach (var (p, c) in edges) { adj[p].Add(c); adj[c].Add(p); }
        var label = Enumerable.Repeat(-1, n).ToArray();
        int next = 0;
        for (int s = 0; s < n; s++)
        {
            if (label[s] >= 0) continue;
            label[s] = next;
            var queue = new Queue<int>([s]);
            while (queue.Count > 0)
                foreach (int w in adj[queue.Dequeue()])
                    if (label[w] < 0) { label[w] = next; queue.Enqueue(w); }
            next++;
        }
        return label;
    }

    /// <summary>Descendants in the forest: every model adds one to each of its forest ancestors.</summary>
    public static int[] Descendants(int[] forestParent)
    {
        var desc = new int[forestParent.Length];
        for (int v = 0; v < forestParent.Length; v++)
            for (int a = forestParent[v]; a >= 0; a = forestParent[a]) desc[a]++;
        return desc;
    }

    public static int RootOf(int[] forestParent, int v)
    {
        while (forestParent[v] >= 0) v = forestParent[v];
        return v;
    }

    public static int Depth(int[] forestParent, int v)
    {
        int d = 0;
        for (int a = forestParent[v]; a >= 0; a = forestParent[a]) d++;
        return d;
    }
}
