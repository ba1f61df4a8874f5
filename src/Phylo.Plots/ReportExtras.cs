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
        HtmlReport.Write(outDir);
    }
}
