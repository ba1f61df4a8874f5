using System.Text.Encodings.Web;
using System.Text.Json;
using Phylo.Output;

namespace Phylo.Report;

/// <summary>
/// Writes report.json, report.md and tables/ from report sections, in a fixed order with invariant
/// formatting, so the same input and seed give byte-identical files.
/// </summary>
public static class ReportWriter
{
    public static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <param name="header">Lines right under the title (the run header: it varies between runs).</param>
    /// <param name="tables">The sections' tables in section order (default: built here from <paramref name="sections"/>).</param>
    /// <returns>The paths of the tables/*.csv files written, in section order (each table is built once: a section's
    /// <see cref="IReportSection.Tables"/> materializes its columns, at full scale hundreds of MB for the model table).</returns>
    public static IReadOnlyList<string> Write(string outDir, IReadOnlyList<IReportSection> sections, string title, IReadOnlyList<string>? header = null,
        IEnumerable<ResultTable>? tables = null)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.Write(Path.Combine(outDir, "report.json"), s => WriteJson(s, sections));
        AtomicFile.WriteText(Path.Combine(outDir, "report.md"), md =>
        {
            md.Write($"# {title}\n\n");
            if (header is { Count: > 0 })
            {
                foreach (var line in header) md.Write(line + "  \n");
                md.Write('\n');
            }
            foreach (var section in sections) section.WriteMarkdown(md);
        });
        string dir = Path.Combine(outDir, "tables");
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        foreach (var table in tables ?? sections.SelectMany(s => s.Tables()))
        {
            string path = Path.Combine(dir, table.Name + ".csv");
            CsvTableWriter.Write(table, path);
            written.Add(path);
        }
        return written;
    }

    public static void WriteJson(Stream s, IReadOnlyList<IReportSection> sections)
    {
        using var w = new Utf8JsonWriter(s, JsonOptions);
        w.WriteStartObject();
        foreach (var section in sections) section.WriteJson(w);
        w.WriteEndObject();
        w.Flush();
        s.WriteByte((byte)'\n');
    }
}
