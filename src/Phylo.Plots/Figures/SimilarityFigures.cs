namespace Phylo.Plots.Figures;

/// <summary>One row of the similarity-by-pair-type result (e.g. sibling / jaccard / tags, mean with 95% CI).</summary>
public sealed record SimilarityRow(string PairType, string Measure, string Genome, double Mean, double CiLow, double CiHigh);

/// <summary>Groups of relation types (e.g. finetune, adapter) with the parent and child estimate in each.</summary>
public sealed record ParentChildData(IReadOnlyList<string> Groups, IReadOnlyList<Estimate> Parent, IReadOnlyList<Estimate> Child);

/// <summary>The grouped-bar figures the similarity and drift analyses feed.</summary>
public static class SimilarityFigures
{
    /// <summary>Bars grouped by pair type; one series per genome × measure, in first-appearance order.</summary>
    public static string PairSimilarity(IReadOnlyList<SimilarityRow> rows, FigureText text, string path)
    {
        var groups = rows.Select(r => r.PairType).Distinct().ToArray();
        var keys = rows.Select(r => (r.Genome, r.Measure)).Distinct().ToArray();
        var series = keys.Select(k =>
        {
            var values = groups.Select(g => rows.FirstOrDefault(r => r.PairType == g && (r.Genome, r.Measure) == k) is { } r
                ? new Estimate(r.Mean, r.CiLow, r.CiHigh)
                : Estimate.Missing).ToArray();
            return new BarSeries($"{k.Genome} · {k.Measure}", values);
        }).ToArray();
        return GroupedBarFigure.Render(groups, series, text, path);
    }

    /// <summary>Parent vs child bars per relation type.</summary>
    public static string ParentChild(ParentChildData data, FigureText text, string path) =>
        GroupedBarFigure.Render(data.Groups, [new BarSeries("parent", data.Parent), new BarSeries("child", data.Child)], text, path);
}
