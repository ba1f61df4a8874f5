using Phylo.Run;

namespace Phylo.Plots;

/// <summary>
/// What the CLI writes after the core report (report.json, report.md, tables/*.csv): tables/*.parquet for
/// every section table, the figures in figures/, and report.html embedding exactly the figures written by this
/// call (a PNG left in figures/ by an earlier run into the same directory is not embedded).
/// </summary>
public static class ReportExtras
{
    /// <param name="progress">Receives (files written, files in all) as tables and figures are written.</param>
    /// <returns>The figures of this run, in the order report.html embeds them.</returns>
    public static IReadOnlyList<string> Write(AnalysisOutcome outcome, string outDir, Action<long, long>? progress = null)
    {
        string tables = Path.Combine(outDir, "tables");
        var all = outcome.Sections.SelectMany(s => s.Tables()).ToArray();
        var drifts = outcome.Sections.OfType<Drift.DriftResult>().ToArray();
        var sims = outcome.Sections.OfType<Similarity.SimilaritySection>().ToArray();
        var steps = new Analyses.ProgressCounter(all.Length + 2 + drifts.Length + 2 * sims.Length + 1, progress);
        foreach (var table in all)
        {
            ParquetTableWriter.Write(table, Path.Combine(tables, table.Name + ".parquet"));
            steps.Step();
        }
        string figures = Path.Combine(outDir, FigureSet.Dir);
        var written = new List<string>(FigureSet.RenderGraphFigures(outcome.Table, outcome.Graph, figures));
        steps.Step();
        written.AddRange(StudyFigures.Render(outcome.Table, outcome.Graph, outcome.Sections.OfType<Analyses.Panels.PanelsSection>().FirstOrDefault(), figures));
        steps.Step();
        foreach (var drift in drifts) { written.AddRange(DriftFigures.Render(drift, figures)); steps.Step(); }
        foreach (var sim in sims)
        {
            written.AddRange(SimilarityDesignFigures.Render(sim, figures));
            steps.Step();
            written.Add(FigureSet.RenderPairSimilarity(SimilarityRows(sim), figures));
            steps.Step();
        }
        HtmlReport.Write(outDir, written);
        steps.Complete();
        return written;
    }

    /// <summary>The default run's means on the all-edges view for the card and metadata genomes (TF-IDF, BoW, Levenshtein).</summary>
    private static List<Figures.SimilarityRow> SimilarityRows(Similarity.SimilaritySection section)
    {
        var rows = new List<Figures.SimilarityRow>();
        foreach (var v in section.Values)
        {
            if (v.Config is not null || v.View != Graph.GraphView.All || v.Design != Similarity.SampleDesign.Population) continue;
            if (v.Genome == Similarity.Genome.Traits) continue;
            if (v.Measure is not (Similarity.SimilarityMeasure.TfIdf or Similarity.SimilarityMeasure.Bow or Similarity.SimilarityMeasure.Levenshtein)) continue;
            rows.Add(new Figures.SimilarityRow(Similarity.PairTypes.Name(v.Pair), Similarity.SimilarityNames.Name(v.Measure), Similarity.SimilarityNames.Name(v.Genome), v.Mean, v.CiLow, v.CiHigh));
        }
        return rows;
    }
}
