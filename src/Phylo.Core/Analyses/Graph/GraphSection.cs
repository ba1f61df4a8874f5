using System.Text.Json;
using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Graph;

/// <summary>report.json <c>graph</c>, the family-graph tables of report.md, and tables/models + tables/families.</summary>
public sealed class GraphSection(ModelTable table, FamilyGraph graph, GraphSummary summary, StudyGraphPartial study) : IReportSection
{
    private static readonly (EdgeType Type, string Key)[] TypeKeys =
        [(EdgeType.Finetune, "finetune"), (EdgeType.Quantized, "quantized"), (EdgeType.Adapter, "adapter"), (EdgeType.Merge, "merge"), (EdgeType.Untyped, "untyped")];

    public GraphSummary Summary => summary;

    /// <summary>The graph numbers by the study's own rules (docs/definitions.md).</summary>
    public StudyGraphPartial Study => study;

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("graph");
        json.WriteNumber("edges", summary.EdgesTotal);
        json.WriteStartObject("edgesByType");
        foreach (var (type, key) in TypeKeys) json.WriteNumber(key, summary.Edges(type));
        json.WriteEndObject();
        json.WriteNumber("danglingParents", summary.DanglingParents);
        json.WriteNumber("danglingLinks", summary.DanglingLinks);
        json.WriteNumber("selfLinks", summary.SelfLinks);
        json.WriteNumber("duplicateLinks", summary.DuplicateLinks);
        json.WriteNumber("cyclesBroken", summary.CyclesBroken);
        if (graph.Stats.Inferred is { } inf)
        {
            json.WriteStartObject("inferred");
            json.WriteNumber("given", inf.Given);
            json.WriteNumber("added", inf.Added);
            json.WriteNumber("unknownModel", inf.UnknownModel);
            json.WriteNumber("selfLinks", inf.SelfLinks);
            json.WriteNumber("duplicates", inf.Duplicates);
            json.WriteNumber("cyclesClosed", inf.CyclesClosed);
            json.WriteEndObject();
        }
        json.WriteNumber("families", summary.FamilyCount);
        json.WriteNumber("maxGeneration", summary.MaxGeneration);
        json.WriteStartArray("largestFamilies");
        foreach (var f in summary.LargestFamilies)
        {
            json.WriteStartObject();
            json.WriteString("root", f.RootId);
            json.WriteNumber("size", f.Size);
            json.WriteNumber("depth", f.Depth);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("topParents");
        foreach (var p in summary.TopParents)
        {
            json.WriteStartObject();
            json.WriteString("model", p.ModelId);
            json.WriteNumber("children", p.Children);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("childrenWithChildren");
        foreach (var (type, key) in TypeKeys) json.WriteNumber(key, summary.ChildrenWithChildren(type));
        json.WriteEndObject();
        json.WriteStartObject("outDegreeHistogram");
        foreach (var view in GraphViews.All)
        {
            json.WriteStartArray(view.Name());
            foreach (var d in summary.OutDegreeHistogram(view))
            {
                json.WriteStartArray();
                json.WriteNumberValue(d.Degree);
                json.WriteNumberValue(d.Parents);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        WriteStudyMode(json);
        StudyComparison.WriteJson(json, "vsStudy", StudyRows(), StudyModeNote);
        json.WriteEndObject();
    }

    /// <summary>"studyMode": the graph numbers by the study's rules (docs/definitions.md).</summary>
    private void WriteStudyMode(Utf8JsonWriter json)
    {
        json.WriteStartObject("studyMode");
        json.WriteNumber("edges", study.Edges);
        json.WriteStartObject("edgesByType");
        foreach (var (type, key) in TypeKeys) json.WriteNumber(key, study.EdgesByType[(int)type]);
        json.WriteEndObject();
        json.WriteNumber("selfLinks", study.SelfLinks);
        json.WriteNumber("cycleEdges", study.CycleEdges);
        json.WriteStartObject("childrenWithChildren");
        foreach (var (type, key) in TypeKeys) json.WriteNumber(key, study.ChildrenWithChildren[(int)type]);
        json.WriteEndObject();
        json.WriteStartArray("parentModels");
        foreach (var (key, models) in BareParentCounts.Top(study.BareParents, 20))
        {
            json.WriteStartObject();
            json.WriteString("parents", key);
            json.WriteNumber("models", models);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("largestFamilies");
        foreach (var f in study.LargestFamilies)
        {
            json.WriteStartObject();
            json.WriteString("name", f.Name);
            json.WriteNumber("size", f.Size);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What study mode means for the graph rows.</summary>
    public const string StudyModeNote = GraphStudyRows.Note;

    /// <summary>Every graph figure the study published, beside Phylo's.</summary>
    public IReadOnlyList<StudyRow> StudyRows() => GraphStudyRows.Of(summary, study);

    public void WriteMarkdown(TextWriter md)
    {
        md.Write("## Family graph\n\n");
        StudyComparison.WriteMarkdown(md, StudyRows(), StudyModeNote);
        var rows = new List<IReadOnlyList<string>>
        {
            Row("dangling parent links (parent not in snapshot)", summary.DanglingLinks),
            Row("self-links dropped", summary.SelfLinks),
            Row("repeated declarations of a link (collapsed)", summary.DuplicateLinks),
            Row("edges dropped to break cycles", summary.CyclesBroken),
            Row("families (weakly connected components)", summary.FamilyCount),
            Row("deepest generation", summary.MaxGeneration),
        };
        if (graph.Stats.Inferred is { } inf)
        {
            rows.Add(Row("inferred links given (--with-inferred)", inf.Given));
            rows.Add(Row("inferred edges added (included in the edge counts above)", inf.Added));
            rows.Add(Row("inferred links dropped: model not in snapshot", inf.UnknownModel));
            rows.Add(Row("inferred links dropped: self link", inf.SelfLinks));
            rows.Add(Row("inferred links dropped: repeat a declared or inferred edge", inf.Duplicates));
            rows.Add(Row("inferred links dropped: would close a cycle", inf.CyclesClosed));
        }
        md.Write("Not published by the study:\n\n");
        Md.Table(md, ["quantity", "Phylo"], rows);
        md.Write("### Most direct children\n\n");
        Md.Table(md, ["rank", "model", "children"],
            summary.TopParents.Select((p, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p.ModelId, Md.N(p.Children)]));
        md.Write("### Largest families\n\n");
        Md.Table(md, ["rank", "root", "models", "depth"],
            summary.LargestFamilies.Select((f, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), f.RootId, Md.N(f.Size), Md.N(f.Depth)]));
    }

    private static IReadOnlyList<string> Row(string label, long value) => [label, Md.N(value)];

    public IEnumerable<ResultTable> Tables()
    {
        yield return FamiliesTable();
        yield return ModelsTable();
        yield return FamilyGrowth.Table(FamilyGrowth.Largest(table, graph, FamilyGrowth.Families));
    }

    private ResultTable FamiliesTable()
    {
        var fams = graph.Families;
        var root = new string?[fams.Length];
        var size = new int[fams.Length];
        var depth = new int[fams.Length];
        for (int f = 0; f < fams.Length; f++) { root[f] = table.Ids[fams[f].Root]; size[f] = fams[f].Size; depth[f] = fams[f].Depth; }
        return new ResultTable("families").Add("family_root", root).Add("size", size).Add("depth", depth);
    }

    private ResultTable ModelsTable()
    {
        int n = table.Count;
        var familyRoot = new string?[n];
        var licenses = new string?[n];
        var languages = new string?[n];
        var task = new string?[n];
        var library = new string?[n];
        for (int m = 0; m < n; m++)
        {
            familyRoot[m] = table.Ids[graph.Families[graph.FamilyOf[m]].Root];
            licenses[m] = Joined(table[TraitKind.License], m);
            languages[m] = Joined(table[TraitKind.Language], m);
            task[m] = Joined(table[TraitKind.Task], m);
            library[m] = Joined(table[TraitKind.Library], m);
        }
        return new ResultTable("models")
            .Add("model_id", table.Ids).Add("family_root", familyRoot).Add("tree_root", Map(graph.Root))
            .Add("generation", graph.Generation).Add("descendants", graph.Descendants)
            .Add("licenses", licenses).Add("languages", languages).Add("task", task).Add("library", library)
            .Add("card_chars", table.CardChars).Add("card_words", table.CardWords).Add("auto_generated", table.AutoGenerated);
    }

    private string?[] Map(int[] models)
    {
        var ids = new string?[models.Length];
        for (int i = 0; i < models.Length; i++) ids[i] = table.Ids[models[i]];
        return ids;
    }

    /// <summary>A model's values of one trait joined with ';' (empty when none).</summary>
    private static string? Joined(TraitColumn col, int m)
    {
        var ids = col[m];
        if (ids.IsEmpty) return null;
        if (ids.Length == 1) return col.Vocabulary[ids[0]];
        var parts = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++) parts[i] = col.Vocabulary[ids[i]];
        Array.Sort(parts, StringComparer.Ordinal);
        return string.Join(';', parts);
    }
}
