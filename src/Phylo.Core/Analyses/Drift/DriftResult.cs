using System.Text.Json;
using Phylo.Report;

namespace Phylo.Analyses.Drift;

/// <summary>Everything the drift analyses found; writers only format it.</summary>
public sealed record DriftResult(
    DriftOptions Options,
    TraitMutation[] Mutation,
    TransitionMatrix[] Transitions,
    TraitOrder[] Orderings,
    NumericDrift[] Numeric,
    LicenseComplianceResult Compliance,
    LicenseChainResult Chain,
    StudyDriftResult Study) : IReportSection
{
    /// <summary>
    /// Writes the report.json <c>drift</c> object (the caller writes the property name). Keys in a fixed
    /// order; doubles in shortest round-trip form; NaN (no observations) as null.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer) => DriftJson.Write(this, writer);

    /// <summary>As a report section: the <c>"drift"</c> property of report.json.</summary>
    void IReportSection.WriteJson(Utf8JsonWriter json)
    {
        json.WritePropertyName("drift");
        DriftJson.Write(this, json);
    }

    /// <summary>Writes the report.md drift section (invariant culture).</summary>
    public void WriteMarkdown(TextWriter md) => DriftMarkdown.Write(this, md);

    /// <summary><c>transitions_&lt;trait&gt;</c> per trait and <c>license_flags</c>.</summary>
    public IEnumerable<ResultTable> Tables() => DriftTables.All(this);

    /// <summary>Writes <see cref="Tables"/> as CSV into <paramref name="directory"/>, each atomically.</summary>
    public void WriteTables(string directory)
    {
        foreach (var t in Tables()) CsvTableWriter.Write(t, Path.Combine(directory, t.Name + ".csv"));
    }
}
