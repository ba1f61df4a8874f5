using System.Globalization;
using System.Text.Json;

namespace Phylo.Report;

/// <summary>One cell of a study comparison: a count, a real number, a text, or nothing (not published / not run).</summary>
/// <param name="Detail">Extra text shown after the value in report.md only (a CI, an n); report.json keeps the value alone.</param>
public readonly record struct StudyValue(StudyValue.Kinds Kind, double Number, string? Text, int Digits, string? Detail = null)
{
    public enum Kinds { Missing, Count, Real, Text }

    public static StudyValue Missing => default;
    public static StudyValue Count(long n) => new(Kinds.Count, n, null, 0);
    public static StudyValue Real(double x, int digits) => double.IsFinite(x) ? new(Kinds.Real, x, null, digits) : Missing;
    public static StudyValue Of(string? text) => text is null ? Missing : new(Kinds.Text, 0, text, 0);

    /// <summary>The study's published number at a dotted path of study-facts.json (a count when <paramref name="digits"/> is 0).</summary>
    /// <remarks>A figure reading or an unverified value carries its marker ("(figure ±p)", "(unverified)") as detail.</remarks>
    public static StudyValue Published(string path, int digits = 0) =>
        StudyFacts.Number(path) is { } v
            ? (digits == 0 ? Count((long)Math.Round(v)) : Real(v, digits)).With(StudyFacts.NoteOf(path).Marker(digits))
            : Missing;

    public StudyValue With(string? detail) => Kind == Kinds.Missing ? this : this with { Detail = detail };

    public string Markdown()
    {
        string value = Kind switch
        {
            Kinds.Count => Md.N((long)Number),
            Kinds.Real => Md.F(Number, Digits),
            Kinds.Text => Text!,
            _ => "–",
        };
        return Detail is null ? value : $"{value} {Detail}";
    }

    public void WriteJson(Utf8JsonWriter json, string name)
    {
        switch (Kind)
        {
            case Kinds.Count: json.WriteNumber(name, (long)Number); break;
            case Kinds.Real: json.WriteNumber(name, Number); break;
            case Kinds.Text: json.WriteString(name, Text); break;
            default: json.WriteNull(name); break;
        }
    }
}

/// <summary>
/// One published figure of the study beside Phylo's exact value and Phylo's value by the study's own procedure
/// ("study mode"). <paramref name="Key"/> is stable (report.json); <paramref name="Label"/> is for people.
/// </summary>
public sealed record StudyRow(string Key, string Label, StudyValue Study, StudyValue Exact, StudyValue StudyMode)
{
    /// <summary>Which view and which rule produced the two Phylo values (docs/definitions.md names them), e.g.
    /// "exact: all edges, out-degree · study: bare list = [X]"; shown as its own column when any row of a table has one.</summary>
    public string? Basis { get; init; }

    /// <summary>A quantity whose study procedure is the exact enumeration itself: study mode = exact, by construction.</summary>
    public static StudyRow Enumerated(string key, string label, StudyValue study, StudyValue exact) => new(key, label, study, exact, exact);
}

/// <summary>
/// Writes study comparisons the same way in every section: a four-column table in report.md (quantity, study,
/// Phylo exact, Phylo study mode) followed by a note saying what study mode means for these rows, and in
/// report.json an object <c>{ "studyMode": note, "rows": [{ key, study, exact, studyMode }] }</c>.
/// </summary>
public static class StudyComparison
{
    public static readonly string[] Header = ["quantity", "study", "Phylo exact", "Phylo study mode"];

    /// <summary>The extra column of tables whose rows say which view and rule produced them.</summary>
    public const string BasisHeader = "view · rule (exact / study mode)";

    public static void WriteMarkdown(TextWriter md, IReadOnlyList<StudyRow> rows, string studyModeNote)
    {
        if (rows.Any(r => r.Basis is not null))
            Md.Table(md, [.. Header, BasisHeader], rows.Select(r => (IReadOnlyList<string>)[r.Label, r.Study.Markdown(), r.Exact.Markdown(), r.StudyMode.Markdown(), r.Basis ?? "–"]));
        else
            Md.Table(md, Header, rows.Select(r => (IReadOnlyList<string>)[r.Label, r.Study.Markdown(), r.Exact.Markdown(), r.StudyMode.Markdown()]));
        md.Write($"*Study mode*: {studyModeNote} Study values: {StudyFacts.SourceShort}.\n\n");
    }

    public static void WriteJson(Utf8JsonWriter json, string name, IReadOnlyList<StudyRow> rows, string studyModeNote)
    {
        json.WriteStartObject(name);
        json.WriteString("studyMode", studyModeNote);
        json.WriteStartArray("rows");
        foreach (var r in rows)
        {
            json.WriteStartObject();
            json.WriteString("key", r.Key);
            r.Study.WriteJson(json, "study");
            r.Exact.WriteJson(json, "exact");
            r.StudyMode.WriteJson(json, "studyMode");
            if (r.Basis is not null) json.WriteString("basis", r.Basis);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Rank label "#3" (invariant).</summary>
    public static string Rank(int zeroBased) => "#" + (zeroBased + 1).ToString(CultureInfo.InvariantCulture);
}
