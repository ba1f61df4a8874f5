using System.Text.Json;

namespace Phylo.Drift;

/// <summary>Everything the drift analyses found; writers only format it.</summary>
public sealed record DriftResult(
    DriftOptions Options,
    TraitMutation[] Mutation,
    TransitionMatrix[] Transitions,
    TraitOrder[] Orderings,
    NumericDrift[] Numeric,
    LicenseComplianceResult Compliance,
    LicenseChainResult Chain)
{
    /// <summary>
    /// Writes the report.json <c>drift</c> object (the caller writes the property name). Keys in a fixed
    /// order; doubles in shortest round-trip form; NaN (no observations) as null.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer) => DriftJson.Write(this, writer);

    /// <summary>Writes the report.md drift section (invariant culture).</summary>
    public void WriteMarkdown(TextWriter writer) => DriftMarkdown.Write(this, writer);

    /// <summary>
    /// Writes <c>transitions_&lt;trait&gt;.csv</c> and <c>license_flags.csv</c> into <paramref name="directory"/>
    /// (the run's <c>tables/</c>), each through a temporary file and a rename.
    /// </summary>
    public void WriteTables(string directory) => DriftTables.Write(this, directory);
}
