using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Cli.Output;

/// <summary>Renders a model's tree in the no-merge forest from its root down: as indented text (<see cref="Print"/>) or
/// as one JSON document (<see cref="WriteJson"/>), showing the same models.</summary>
internal sealed class FamilyTreePrinter(ModelTable table, FamilyGraph graph, int maxDepth, int maxChildren)
{
    public void Print(TextWriter w, int model)
    {
        int root = graph.Root[model];
        int family = graph.FamilyOf[model];
        w.WriteLine($"family of {table.Ids[model]}: {graph.Families[family].Size:N0} models, depth {graph.Families[family].Depth}; " +
                    $"{table.Ids[model]} is generation {graph.Generation[model]} under {table.Ids[root]}");
        Node(w, root, -1, "", true, model, PathToRoot(model));
    }

    public void WriteJson(System.Text.Json.Utf8JsonWriter w, int model)
    {
        int family = graph.FamilyOf[model];
        w.WriteString("model", table.Ids[model]);
        w.WriteString("root", table.Ids[graph.Root[model]]);
        w.WriteNumber("familySize", graph.Families[family].Size);
        w.WriteNumber("familyDepth", graph.Families[family].Depth);
        w.WriteNumber("generation", graph.Generation[model]);
        w.WritePropertyName("tree");
        JsonNode(w, graph.Root[model], -1, model, PathToRoot(model));
    }

    private HashSet<int> PathToRoot(int model)
    {
        var onPath = new HashSet<int>();
        for (int v = model; v >= 0; v = graph.ForestParent[v]) onPath.Add(v);
        return onPath;
    }

    private void Node(TextWriter w, int v, int edge, string indent, bool last, int focus, HashSet<int> onPath)
    {
        string branch = edge < 0 ? "" : last ? "└─ " : "├─ ";
        string relation = edge < 0 ? "root" : graph.EdgeTypes[edge].Name();
        string licenses = string.Join(",", Licenses(v));
        string mark = v == focus ? "  ◀" : "";
        w.WriteLine($"{indent}{branch}{table.Ids[v]}  [{relation}; gen {graph.Generation[v]}; {(licenses.Length > 0 ? licenses : "no license")}; {graph.Descendants[v]:N0} desc]{mark}");
        var (shown, hidden, cut) = Children(v, onPath);
        string childIndent = indent + (edge < 0 ? "" : last ? "   " : "│  ");
        if (cut > 0)
        {
            w.WriteLine($"{childIndent}└─ … {cut:N0} children below depth {maxDepth}");
            return;
        }
        for (int i = 0; i < shown.Count; i++)
            Node(w, shown[i].Child, shown[i].Edge, childIndent, i == shown.Count - 1 && hidden == 0, focus, onPath);
        if (hidden > 0) w.WriteLine($"{childIndent}└─ … {hidden:N0} more children");
    }

    private void JsonNode(System.Text.Json.Utf8JsonWriter w, int v, int edge, int focus, HashSet<int> onPath)
    {
        w.WriteStartObject();
        w.WriteString("id", table.Ids[v]);
        w.WriteString("relation", edge < 0 ? "root" : graph.EdgeTypes[edge].Name());
        w.WriteNumber("generation", graph.Generation[v]);
        w.WriteStartArray("licenses");
        foreach (string l in Licenses(v)) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteNumber("descendants", graph.Descendants[v]);
        if (v == focus) w.WriteBoolean("focus", true);
        var (shown, hidden, cut) = Children(v, onPath);
        w.WriteStartArray("children");
        foreach (var (child, e) in shown) JsonNode(w, child, e, focus, onPath);
        w.WriteEndArray();
        w.WriteNumber("childrenNotShown", hidden + cut);
        w.WriteEndObject();
    }

    /// <summary>The children shown under <paramref name="v"/> (largest subtrees first, the path to the focus model always),
    /// how many more are left out, and — past the depth limit — how many are cut (then none is shown).</summary>
    private (List<(int Child, int Edge)> Shown, int Hidden, int Cut) Children(int v, HashSet<int> onPath)
    {
        var kids = new List<(int Child, int Edge)>();
        for (int e = graph.ChildOffsets[v]; e < graph.ChildOffsets[v + 1]; e++)
            if (graph.IsForestEdge[e]) kids.Add((graph.EdgeChild[e], e));
        if (kids.Count > 0 && graph.Generation[v] >= maxDepth && !kids.Exists(k => onPath.Contains(k.Child))) return ([], 0, kids.Count);
        kids.Sort((a, b) => graph.Descendants[b.Child] != graph.Descendants[a.Child]
            ? graph.Descendants[b.Child].CompareTo(graph.Descendants[a.Child]) : a.Child.CompareTo(b.Child));
        var shown = kids.Take(maxChildren).ToList();
        foreach (var k in kids) if (onPath.Contains(k.Child) && !shown.Contains(k)) shown.Add(k);
        return (shown, kids.Count - shown.Count, 0);
    }

    private IEnumerable<string> Licenses(int v)
    {
        var col = table[TraitKind.License];
        foreach (int id in col[v].ToArray()) yield return col.Vocabulary[id];
    }
}
