using Phylo.Analyses.Graph;
using Phylo.Graph;
using Phylo.Plots.Figures;
using Phylo.Table;

namespace Phylo.Plots;

/// <summary>
/// The report's figures, each written as figures/&lt;name&gt;.png. The graph-derived ones come from the
/// table and graph alone; the others take the plain rows their analyses produce (one call per figure).
/// </summary>
public static class FigureSet
{
    public const string Dir = "figures";

    public const string ChildrenPerParentName = "children_per_parent";
    public const string FamilySizesName = "family_sizes";
    public const string FamilyGrowthName = "family_growth";
    public const string PairSimilarityName = "pair_similarity";
    public const string LicenseOrderingName = "license_ordering";

    /// <summary>How many of the largest families the growth figure follows.</summary>
    public const int GrowthFamilies = FamilyGrowth.Families;

    /// <summary>Renders the figures that need only the table and graph; returns the files written, in order.</summary>
    public static IReadOnlyList<string> RenderGraphFigures(ModelTable table, FamilyGraph graph, string figuresDir) =>
    [
        FrequencyFigure.Render(ChildrenPerParent(graph),
            new FigureText("Children per parent", "children (out-degree, all relations)", "parents"),
            PathOf(figuresDir, ChildrenPerParentName)),
        FrequencyFigure.Render(FamilySizes(graph),
            new FigureText("Family size distribution", "family size (models)", "families"),
            PathOf(figuresDir, FamilySizesName)),
        GrowthFigure.Render(LargestFamilyGrowth(table, graph, GrowthFamilies),
            new FigureText($"Cumulative growth of the {GrowthFamilies} largest families (no-merge view)", "created", "models (cumulative)"),
            PathOf(figuresDir, FamilyGrowthName)),
    ];

    /// <summary>Similarity by pair type (bars per pair type, one series per genome × measure).</summary>
    public static string RenderPairSimilarity(IReadOnlyList<SimilarityRow> rows, string figuresDir) =>
        SimilarityFigures.PairSimilarity(rows,
            new FigureText("Similarity by pair type (mean, 95% CI)", "pair type", "similarity"),
            PathOf(figuresDir, PairSimilarityName));

    /// <summary>The study's 8-panel figure of one genome × measure (figures/similarity_&lt;genome&gt;_&lt;measure&gt;.png).</summary>
    public static string RenderDesigns(string genome, string measure, string measureTitle, IReadOnlyList<DesignPoint> points, string figuresDir) =>
        DesignFigure.Render(points,
            new FigureText($"{genome} · {measureTitle}: the study's 24 configurations, fine-tune graph", "design · configuration (kinship)", "similarity"),
            PathOf(figuresDir, DesignFigureName(genome, measure)));

    /// <summary>File name (no extension) of a genome × measure design figure.</summary>
    public static string DesignFigureName(string genome, string measure) => $"similarity_{genome.Replace('-', '_')}_{measure}";

    /// <summary>Parent license (rows) → child license (columns) transition counts, labels in the given order.</summary>
    public static string RenderLicenseOrdering(IReadOnlyList<string> labels, long[,] counts, string figuresDir) =>
        HeatmapFigure.Render(labels, counts,
            new FigureText("License transitions, parent (row) → child (column)", "child license", "parent license"),
            PathOf(figuresDir, LicenseOrderingName));

    /// <summary>Parent vs child bars per relation type, e.g. name "drift_languages", yLabel "languages per model".</summary>
    public static string RenderParentChild(string name, string title, string yLabel, ParentChildData data, string figuresDir) =>
        SimilarityFigures.ParentChild(data, new FigureText(title, "relation type", yLabel), PathOf(figuresDir, name));

    public static string PathOf(string figuresDir, string name) => Path.Combine(figuresDir, name + ".png");

    /// <summary>Number of parents per out-degree (all edges), parents only.</summary>
    public static FrequencyPoint[] ChildrenPerParent(FamilyGraph graph) =>
        FrequencyFigure.Of(Enumerable.Range(0, graph.NodeCount).Select(graph.OutDegree));

    /// <summary>Number of families per size (singletons included).</summary>
    public static FrequencyPoint[] FamilySizes(FamilyGraph graph) =>
        FrequencyFigure.Of(graph.Families.Select(f => f.Size));

    /// <summary>The growth figure's lines: <see cref="FamilyGrowth.Largest"/> labelled by root id and size.</summary>
    public static GrowthSeries[] LargestFamilyGrowth(ModelTable table, FamilyGraph graph, int count) =>
        FamilyGrowth.Largest(table, graph, count).Select(s => new GrowthSeries(s.Label, s.CreatedAtUnixSeconds)).ToArray();
}
