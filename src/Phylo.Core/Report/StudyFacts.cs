using System.Text.Json;

namespace Phylo.Report;

/// <summary>
/// The study's published figures (embedded study-facts.json), looked up by dotted path such as
/// <c>graph.edgesByType.finetune</c>, for the report's "study" column. Facts to compare against,
/// never inputs to any computation. A value is a plain number or string, or an object
/// <c>{ "value": …, "source": …, "figure": true, "precision": p, "unverified": reason }</c>; a <c>source</c> on an
/// enclosing object covers every value inside it (<see cref="NoteOf"/>).
/// </summary>
public static class StudyFacts
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
    {
        using var s = typeof(StudyFacts).Assembly.GetManifestResourceStream("Phylo.study-facts.json")
            ?? throw new InvalidOperationException("embedded study-facts.json missing");
        return JsonDocument.Parse(s);
    });

    public static string Source => Doc.Value.RootElement.GetProperty("source").GetString()!;

    /// <summary>The whole document (read-only).</summary>
    public static JsonElement Root => Doc.Value.RootElement;

    /// <summary>How report.md cites the facts under each comparison table.</summary>
    public const string SourceShort = "Laufer, Oderinwale, Kleinberg (2025), arXiv:2508.06811, via src/Phylo.Core/Report/study-facts.json";

    public static bool TryGet(string path, out JsonElement value)
    {
        value = Doc.Value.RootElement;
        string[] parts = path.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            if (value.ValueKind != JsonValueKind.Object) return false;
            // a key may itself contain dots (licenseCounts."apache-2.0"): extend the key until a property matches
            string key = parts[i];
            while (!value.TryGetProperty(key, out _) && i + 1 < parts.Length) key += "." + parts[++i];
            if (!value.TryGetProperty(key, out value)) return false;
        }
        return true;
    }

    /// <summary>The value at <paramref name="path"/>, unwrapped from its <c>{ "value": … }</c> object if it has one.</summary>
    public static bool TryValue(string path, out JsonElement value)
    {
        if (!TryGet(path, out value)) return false;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner)) value = inner;
        return true;
    }

    /// <summary>The number at <paramref name="path"/>, or null when the study did not publish it.</summary>
    public static double? Number(string path) =>
        TryValue(path, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public static string? Text(string path) =>
        TryValue(path, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Where the value at <paramref name="path"/> comes from: the innermost <c>source</c> on the path, whether it
    /// is a figure reading (and its ± precision) and why it is unverified, if it is.</summary>
    public static StudyFactNote NoteOf(string path)
    {
        JsonElement value = Doc.Value.RootElement;
        string? source = null, unverified = null;
        bool figure = false;
        double? precision = null;
        string[] parts = path.Split('.');
        for (int i = 0; i <= parts.Length; i++)
        {
            if (value.ValueKind != JsonValueKind.Object) break;
            if (value.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String) source = s.GetString();
            if (value.TryGetProperty("figure", out var f) && f.ValueKind == JsonValueKind.True) figure = true;
            if (value.TryGetProperty("precision", out var p) && p.ValueKind == JsonValueKind.Number) precision = p.GetDouble();
            if (value.TryGetProperty("unverified", out var u) && u.ValueKind == JsonValueKind.String) unverified = u.GetString();
            if (i == parts.Length) break;
            string key = parts[i];
            while (!value.TryGetProperty(key, out _) && i + 1 < parts.Length) key += "." + parts[++i];
            if (!value.TryGetProperty(key, out value)) break;
        }
        return new StudyFactNote(source, figure, precision, unverified);
    }
}

/// <summary>Provenance of one study value (see <see cref="StudyFacts.NoteOf"/>).</summary>
/// <param name="Figure">Read off a published figure by pixel position, to ± <paramref name="Precision"/>.</param>
/// <param name="Unverified">Why the value is not a printed notebook output, or null when it is.</param>
public readonly record struct StudyFactNote(string? Source, bool Figure, double? Precision, string? Unverified)
{
    /// <summary>What report.md shows after the value: "(figure ±0.005)", "(unverified)" or nothing.</summary>
    public string? Marker(int digits)
    {
        if (Unverified is not null) return "(unverified)";
        if (!Figure) return null;
        return Precision is { } p ? $"(figure ±{Md.F(p, digits)})" : "(figure)";
    }
}
