using Phylo.Analyses.Panels;
using Phylo.Analyses.Similarity.Diff;
using Phylo.Graph;
using Phylo.Plots.Figures;
using Phylo.Table;

namespace Phylo.Plots;

/// <summary>
/// The study's figures Phylo redraws in every report: the summary figure, the createdAt histogram, three family trees
/// (the study's families, i.e. components of the no-merge view: the largest, one of median depth among those at least 2
/// deep, a small one) and the diff DNA of one edge
/// (the study's example when both models are in the inputs, else the fine-tune edge whose child has the most downloads).
/// The picks are deterministic; docs/definitions.md states them.
/// </summary>
public static class StudyFigures
{
    public const string SummaryName = "summary_panels", HistogramName = "created_histogram", DiffName = "diff_dna";
    public const string StudyDiffParent = "Qwen/Qwen1.5-72B", StudyDiffChild = "abideen/MegaQwen-120B";

    /// <summary>The study drew its 2,500th largest family as its small example.</summary>
    public const int SmallFamilyRank = 2500;

    /// <summary>The small family is the <see cref="SmallFamilyRank"/>-th largest of the families with at least this many models
    /// (the last of them when there are fewer).</summary>
    public const int SmallFamilyMin = 5;

    public static IReadOnlyList<string> Render(ModelTable table, FamilyGraph graph, PanelsSection? panels, string figuresDir)
    {
        var written = new List<string>();
        if (panels is not null)
        {
            written.Add(SummaryFigure.Render(Panels(panels), new FigureText("The ecosystem at a glance (the study's summary figure)", "", ""),
                FigureSet.PathOf(figuresDir, SummaryName)));
            written.Add(HistogramFigure.Render(Histogram(panels.Histogram),
                new FigureText($"Models by creation time ({panels.Histogram.Counts.Length} equal bins)", "createdAt", "models"),
                FigureSet.PathOf(figuresDir, HistogramName)));
        }
        var nm = StudyNoMerge.Of(graph);
        foreach (var (name, family) in TreePicks(table, graph))
        {
            var layout = FamilyTreeLayout.OfStudyFamily(graph, family);
            string title = $"Family of {table.Ids[nm.Named[family]]} ({nm.Sizes[family]:N0} models, depth {layout.Depth}; no-merge view)";
            written.Add(TreeFigure.Render(layout, table.Ids, new FigureText(title, "", "generation"), FigureSet.PathOf(figuresDir, "family_tree_" + name)));
        }
        if (DiffEdge(table, graph) is var (parent, child))
        {
            var genome = DiffGenomes.Metadata(table);
            string p = genome(parent), c = genome(child);
            written.Add(DiffDnaFigure.Render(p, c, GenomeDiff.Align(p, c), "parent", "child",
                new FigureText($"Diff DNA (metadata genome): {table.Ids[parent]} → {table.Ids[child]}", "", ""), FigureSet.PathOf(figuresDir, DiffName)));
        }
        return written;
    }

    /// <summary>The summary figure's panels from the section: shares in percent where the study gave one, else counts.</summary>
    public static PanelBars[] Panels(PanelsSection section) =>
    [
        .. section.Panels.Select(p =>
        {
            bool share = p.ShareOf.Length > 0;
            return new PanelBars(p.Title, [.. p.Items.Select(i => i.Label)],
                [.. p.Items.Select(i => share ? 100 * i.Share : i.Count)],
                [.. p.Items.Select(i => share ? $"{100 * i.Share:F2} %" : i.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))],
                share ? $"% of {p.ShareOf}" : p.Key == "downloads" ? "downloads (30 days)" : "models", p.NotComputed);
        }),
    ];

    public static TimeHistogram Histogram(CreatedHistogram h) => new(h.First, h.Last, h.Counts);

    /// <summary>(name, family) of the trees the report draws, families being the study's (components of the no-merge view,
    /// <see cref="StudyNoMerge"/>), without repeats: "largest", "median_depth", "small".</summary>
    public static IReadOnlyList<(string Name, int Family)> TreePicks(ModelTable table, FamilyGraph graph)
    {
        var nm = StudyNoMerge.Of(graph);
        var depth = new int[nm.ComponentCount];
        for (int m = 0; m < graph.NodeCount; m++) depth[nm.ComponentOf[m]] = Math.Max(depth[nm.ComponentOf[m]], graph.Generation[m]);
        int[] bySize = [.. Enumerable.Range(0, nm.ComponentCount).Where(c => nm.Sizes[c] > 1)
            .OrderByDescending(c => nm.Sizes[c]).ThenBy(c => table.Ids[nm.Named[c]], StringComparer.Ordinal)];
        var picks = new List<(string, int)>();
        void Add(string name, int c) { if (!picks.Exists(p => p.Item2 == c)) picks.Add((name, c)); }
        if (bySize.Length == 0) return picks;
        Add("largest", bySize[0]);
        int[] deep = [.. bySize.Where(c => depth[c] >= 2)];
        if (deep.Length > 0)
        {
            int median = deep.Select(c => depth[c]).Order().ElementAt(deep.Length / 2);
            int[] atDepth = [.. deep.Where(c => depth[c] == median)];   // still by size desc, name
            Add("median_depth", atDepth[atDepth.Length / 2]);
        }
        int[] several = [.. bySize.Where(c => nm.Sizes[c] >= SmallFamilyMin)];
        if (several.Length > 0) Add("small", several[Math.Min(SmallFamilyRank, several.Length) - 1]);
        return picks;
    }

    /// <summary>The edge the report's diff DNA shows: the study's example when both models are present, else the fine-tune edge
    /// whose child has the most downloads (ties: parent id, then child id); null when there is no fine-tune edge.</summary>
    public static (int Parent, int Child)? DiffEdge(ModelTable table, FamilyGraph graph)
    {
        if (table.TryGetIndex(StudyDiffParent, out int sp) && table.TryGetIndex(StudyDiffChild, out int sc)) return (sp, sc);
        int best = -1;
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            if (graph.EdgeTypes[e] != EdgeType.Finetune || !graph.IsDeclared(e)) continue;
            if (best < 0 || Better(e, best)) best = e;
        }
        return best < 0 ? null : (graph.EdgeParent[best], graph.EdgeChild[best]);

        bool Better(int e, int than)
        {
            long a = table.Downloads[graph.EdgeChild[e]], b = table.Downloads[graph.EdgeChild[than]];
            if (a != b) return a > b;
            int c = string.CompareOrdinal(table.Ids[graph.EdgeParent[e]], table.Ids[graph.EdgeParent[than]]);
            return c != 0 ? c < 0 : string.CompareOrdinal(table.Ids[graph.EdgeChild[e]], table.Ids[graph.EdgeChild[than]]) < 0;
        }
    }
}
