using Phylo.Run;

namespace Phylo.Plots;

/// <summary>
/// What the CLI writes after the core report (report.json, report.md, tables/*.csv): tables/*.parquet for
/// every section table, the graph figures in figures/, and report.html embedding them.
/// </summary>
public static class ReportExtras
{
    public static void Write(AnalysisOutcome outcome, string outDir)
    {
        string tables = Path.Combine(outDir, "tables");
        foreach (var section in outcome.Sections)
            foreach (var table in section.Tables())
                ParquetTableWriter.Write(table, Path.Combine(tables, table.Name + ".parquet"));
        string figures = Path.Combine(outDir, FigureSet.Dir);
        FigureSet.RenderGraphFigures(outcome.Table, outcome.Graph, figures);
        foreach (var drift in outcome.Sections.OfType<Drift.DriftResult>()) DriftFigures.Render(drift, figures);
        foreach (var sim in outcome.Sections.OfType<Similarity.SimilaritySection>())
            FigureSet.RenderPairSimilarity(SimilarityRows(sim), figures);
        HtmlReport.Write(outDir);
    }

    /// <summary>The default run's means on the all-edges view for the card and metadata genomes (TF-IDF, BoW, Levenshtein).</summary>
    private static List<Figures.SimilarityRow> SimilarityRows(Similarity.SimilaritySection section)
    {
        var rows = new List<Figures.SimilarityRow>();
        foreach (var v in section.Values)
        {
            if (v.View != Graph.GraphView.All || v.Design != Similarity.SampleDesign.Population) continue;
            if (v.Genome == Similarity.Genome.Traits) continue;
            if (v.Measure is not (Similarity.SimilarityMeasure.TfIdf or Similarity.SimilarityMeasure.Bow or Similarity.SimilarityMeasure.Levenshtein)) continue;
            rows.Add(new Figures.SimilarityRow(Similarity.PairTypes.Name(v.Pair), Similarity.SimilarityNames.Name(v.Measure), Similarity.SimilarityNames.Name(v.Genome), v.Mean, v.CiLow, v.CiHigh));
        }
        return rows;
    }
}
