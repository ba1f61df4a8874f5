using System.Text.Json;

namespace Phylo.Report;

/// <summary>
/// The study's published figures (embedded study-facts.json), looked up by dotted path such as
/// <c>graph.edgesByType.finetune</c>, for the report's "study" column. Facts to compare against,
/// never inputs to any computation.
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

    /// <summary>The number at <paramref name="path"/>, or null when the study did not publish it.</summary>
    public static double? Number(string path) =>
        TryGet(path, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
