using System.Text.Json;
using Phylo.Report;

namespace Phylo.Analyses.Summary;

/// <summary>The report's first block: inputs, model count, rejected rows by reason, the quarantine file.</summary>
public sealed class SummarySection(IngestFacts facts, string quarantineFile) : IReportSection
{
    private readonly IReadOnlyList<Phylo.Table.InputSummary> inputs = facts.Inputs;
    private readonly int models = facts.Models;

    public IngestFacts Facts => facts;

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartArray("inputs");
        foreach (var i in inputs)
        {
            json.WriteStartObject();
            json.WriteString("file", Path.GetFileName(i.Path));
            json.WriteString("format", i.Format.ToString());
            json.WriteNumber("bytes", i.Bytes);
            json.WriteNumber("records", i.Records);
            json.WriteNumber("models", i.Models);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("models", models);
        json.WriteStartObject("rejected");
        foreach (var (reason, count) in facts.RejectedByReason) json.WriteNumber(reason, count);
        json.WriteEndObject();
        json.WriteNumber("rowsRejected", facts.RowsDropped);
        json.WriteString("quarantine", quarantineFile);
    }

    public void WriteMarkdown(TextWriter md)
    {
        md.Write("## Input\n\n");
        Md.Table(md, ["file", "format", "bytes", "records", "models"],
            inputs.Select(i => (IReadOnlyList<string>)[Path.GetFileName(i.Path), i.Format.ToString(), Md.N(i.Bytes), Md.N(i.Records), Md.N(i.Models)]));
        md.Write($"**{Md.N(models)} models**; {Md.N(facts.RowsDropped)} rows rejected");
        md.Write(facts.RejectionsTotal > 0 ? $" (listed in `{quarantineFile}`).\n\n" : ".\n\n");
        if (facts.RejectionsTotal > 0)
            Md.Table(md, ["reason", "count"], facts.RejectedByReason.Select(kv => (IReadOnlyList<string>)[kv.Key, Md.N(kv.Value)]));
    }
}
