using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Graph;

/// <summary>
/// The graph figures the study published beside Phylo's exact value (Phylo's graph: self-links dropped, cycles broken,
/// families over all edges, out-degree) and Phylo's value by the study's rules (the study's graph, the no-merge view, the
/// bare parent list). The terms are defined in docs/definitions.md.
/// </summary>
internal static class GraphStudyRows
{
    public const string Note =
        "exact is Phylo's graph (self-links dropped, cycles broken at DFS back edges, families = components over all edges, " +
        "children = out-degree); study mode repeats the study's rules on the same inputs: the study's graph keeps self-links " +
        "and cycle edges, \"parent models\" counts models whose bare parent list is exactly [X], children with children are " +
        "counted per edge in the no-merge view, and families are components of the no-merge view (merge edges removed, " +
        "untyped kept, not a forest). Ranked rows compare rank by rank.";

    private const string Edges = "exact: Phylo graph · study: study graph (self-links, cycle edges kept)";
    private const string Parents = "exact: all edges, out-degree · study: bare parent list = [X]";
    private const string Chains = "exact: all edges, distinct children · study: no-merge view, per edge";
    private const string Families = "exact: components of all edges · study: components of the no-merge view";

    public static IReadOnlyList<StudyRow> Of(GraphSummary summary, StudyGraphPartial study)
    {
        var rows = new List<StudyRow>
        {
            Row("edges", "edges", summary.EdgesTotal, study.Edges, Edges),
            Row("edgesByType.finetune", "fine-tune edges", summary.Edges(EdgeType.Finetune), study.EdgesByType[(int)EdgeType.Finetune], Edges),
            Row("edgesByType.quantized", "quantized edges", summary.Edges(EdgeType.Quantized), study.EdgesByType[(int)EdgeType.Quantized], Edges),
            Row("edgesByType.adapter", "adapter edges", summary.Edges(EdgeType.Adapter), study.EdgesByType[(int)EdgeType.Adapter], Edges),
            Row("edgesByType.mergeOrUntyped", "merge + untyped edges", summary.Edges(EdgeType.Merge) + summary.Edges(EdgeType.Untyped),
                study.EdgesByType[(int)EdgeType.Merge] + study.EdgesByType[(int)EdgeType.Untyped], Edges),
            new StudyRow("selfLinks", "self-links", StudyValue.Missing, StudyValue.Count(0), StudyValue.Count(study.SelfLinks))
                { Basis = $"exact: {Md.N(summary.SelfLinks)} dropped · study: kept as edges" },
            new StudyRow("cycleEdges", "edges closing a cycle", StudyValue.Missing, StudyValue.Count(0), StudyValue.Count(study.CycleEdges))
                { Basis = $"exact: {Md.N(summary.CyclesBroken)} dropped · study: kept" },
        };
        foreach (var (type, key) in (ReadOnlySpan<(EdgeType, string)>)[(EdgeType.Finetune, "finetune"), (EdgeType.Quantized, "quantized"), (EdgeType.Adapter, "adapter")])
            rows.Add(Row($"childrenWithChildren.{key}", $"{key} children with children", summary.ChildrenWithChildren(type), study.ChildrenWithChildren[(int)type], Chains));

        var published = Items("graph.topParents.items");
        var ruled = BareParentCounts.Top(study.BareParents, Math.Max(10, published.Length));
        for (int i = 0; i < Math.Max(published.Length, Math.Min(summary.TopParents.Length, 10)); i++)
        {
            rows.Add(new StudyRow($"topParents.{i + 1}", $"parent models {StudyComparison.Rank(i)}",
                i < published.Length ? Named(published[i].GetProperty("model").GetString(), published[i].GetProperty("children").GetInt64()) : StudyValue.Missing,
                i < summary.TopParents.Length ? Named(summary.TopParents[i].ModelId, summary.TopParents[i].Children) : StudyValue.Missing,
                i < ruled.Length ? Named(ruled[i].Key, ruled[i].Value) : StudyValue.Missing)
            { Basis = Parents });
        }

        var families = Items("graph.largestFamilies.items");
        for (int i = 0; i < Math.Max(families.Length, Math.Min(summary.LargestFamilies.Length, 10)); i++)
        {
            rows.Add(new StudyRow($"largestFamilies.{i + 1}", $"largest family {StudyComparison.Rank(i)}",
                i < families.Length ? Named(families[i].GetProperty("name").GetString(), families[i].GetProperty("size").GetInt64()) : StudyValue.Missing,
                i < summary.LargestFamilies.Length ? Named(summary.LargestFamilies[i].RootId, summary.LargestFamilies[i].Size) : StudyValue.Missing,
                i < study.LargestFamilies.Length ? Named(study.LargestFamilies[i].Name, study.LargestFamilies[i].Size) : StudyValue.Missing)
            { Basis = Families });
        }
        return rows;
    }

    private static StudyRow Row(string key, string label, long exact, long studyMode, string basis) =>
        new(key, label, StudyValue.Published("graph." + key), StudyValue.Count(exact), StudyValue.Count(studyMode)) { Basis = basis };

    private static StudyValue Named(string? name, long count) => StudyValue.Of($"{name}: {Md.N(count)}");

    private static System.Text.Json.JsonElement[] Items(string path) =>
        StudyFacts.TryGet(path, out var items) ? [.. items.EnumerateArray()] : [];
}
