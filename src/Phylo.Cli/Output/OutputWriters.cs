using Phylo.Plots;
using Phylo.Run;

namespace Phylo.Cli.Output;

/// <summary>
/// The files every report-writing command (analyze, merge, run) adds after the report, in the order they are written:
/// each is one stage of the run (<see cref="AnalysisRun.Publish"/>). A new kind of output is one more entry here.
/// </summary>
internal static class OutputWriters
{
    /// <summary>Parquet tables, figures, then report.html (which embeds the figures written before it).</summary>
    public static IReadOnlyList<IOutputWriter> Report { get; } = [new ParquetTablesWriter(), new FiguresWriter(), new HtmlReportWriter()];
}
