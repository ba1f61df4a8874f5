using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Cli.Output;

/// <summary>Renders a model's tree in the no-merge forest as indented text, from its root down.</summary>
internal sealed class FamilyTreePrinter(ModelTable table, FamilyGraph graph, int maxDepth, int maxChildren)
{
    public void Print(TextWriter w, int model)
    {
        int root = graph.Root[model];
        int family = graph.FamilyOf[model];
        w.WriteLine($"family of {table.Ids[model]}: {graph.Families[family].Size:N0} models, depth {graph.Families[family].Depth}; " +
                    $"{table.Ids[model]} is generation {graph.Generation[model]} under {table.Ids[root]}");
        var onPath = new HashSet<int>();
        for (int v = model; v >= 0; v = graph.ForestParent[v]) onPath.Add(v);
        Node(w, root, -1, "", true, model, onPath);
    }

    private void Node(TextWriter w, int v, int edge, string indent, bool last, int focus, HashSet<int> onPath)
    {
        string branch = edge < 0 ? "" : last ? "└─ " : "├─ ";
        string relation = edge < 0 ? "root" : graph.EdgeTypes[edge].Name();
        string licenses = string.Join(",", Licenses(v));
        string mark = v == focus ? "  ◀" : "";
        w.WriteLine($"{indent}{branch}{table.Ids[v]}  [{relation}; gen {graph.Generation[v]}; {(licenses.Length > 0 ? licenses : "no license")}; {graph.Descendants[v]:N0} desc]{mark}");
        int gen = graph.Generation[v];
        var kids = new List<(int Child, int Edge)>();
        for (int e = graph.ChildOffsets[v]; e < graph.ChildOffsets[v + 1]; e++)
            if (graph.IsForestEdge[e]) kids.Add((graph.EdgeChild[e], e));
        if (kids.Count == 0) return;
        string childIndent = indent + (edge < 0 ? "" : last ? "   " : "│  ");
        if (gen >= maxDepth && !kids.Exists(k => onPath.Contains(k.Child)))
        {
            w.WriteLine($"{childIndent}└─ … {kids.Count:N0} children below depth {maxDepth}");
            return;
        }
        // Largest subtrees first, then the path to the focus model is always shown.
        kids.Sort((a, b) => graph.Descendants[b.Child] != graph.Descendants[a.Child]
            ? graph.Descendants[b.Child].CompareTo(graph.Descendants[a.Child]) : a.Child.CompareTo(b.Child));
        var shown = kids.Take(maxChildren).ToList();
        foreach (var k in kids) if (onPath.Contains(k.Child) && !shown.Contains(k)) shown.Add(k);
        int hidden = kids.Count - shown.Count;
        for (int i = 0; i < shown.Count; i++)
            Node(w, shown[i].Child, shown[i].Edge, childIndent, i == shown.Count - 1 && hidden == 0, focus, onPath);
        if (hidden > 0) w.WriteLine($"{childIndent}└─ … {hidden:N0} more children");
    }

    private IEnumerable<string> Licenses(int v)
    {
        var col = table[TraitKind.License];
        foreach (int id in col[v].ToArray()) yield return col.Vocabulary[id];
    }
}
