using System.Text.Json;

namespace Phylo.Report;

/// <summary>
/// One analysis' share of the report: its keys in report.json, a part of report.md, and any tables.
/// Sections hold results only (nothing that varies between runs of the same input and seed).
/// </summary>
public interface IReportSection
{
    /// <summary>Writes the section's properties (e.g. <c>"graph": {…}</c>) into the open top-level report object.</summary>
    void WriteJson(Utf8JsonWriter json);

    void WriteMarkdown(TextWriter md);

    /// <summary>This section's tables (written as tables/&lt;name&gt;.csv, and .parquet by Phylo.Plots).</summary>
    IEnumerable<ResultTable> Tables() => [];
}
