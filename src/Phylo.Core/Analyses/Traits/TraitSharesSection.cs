using System.Text.Json;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Traits;

/// <summary>
/// report.json <c>traitShares</c>, the "Trait shares" part of report.md (the study's published counts beside
/// Phylo's, then the top values of each trait) and tables/trait_shares (every value of every trait).
/// </summary>
public sealed class TraitSharesSection(long models, long longCards, IReadOnlyList<TraitShare> shares) : IReportSection
{
    /// <summary>Values per trait shown in report.md and report.json (the table holds them all).</summary>
    public const int Top = 10;

    public const string StudyModeNote =
        "the study counted models over the whole snapshot, an exact enumeration like Phylo's, so the study-mode column " +
        "repeats the exact one by construction. \"no license\" counts models with an empty license list.";

    public long Models => models;
    public long LongCards => longCards;
    public IReadOnlyList<TraitShare> Shares => shares;

    public TraitShare this[TraitKind trait] => shares.First(s => s.Trait == trait);

    public IReadOnlyList<StudyRow> StudyRows()
    {
        TraitShare license = this[TraitKind.License], language = this[TraitKind.Language];
        return
        [
            Row("models", "models", "models", models),
            Row("licenseCounts.none", "traits.licenseCounts.none", "models with no license", license.NoValue),
            Row("licenseCounts.apache-2.0", "traits.licenseCounts.apache-2.0", "models licensed apache-2.0", license.Of("apache-2.0")),
            Row("licenseCounts.mit", "traits.licenseCounts.mit", "models licensed mit", license.Of("mit")),
            Row("english", "traits.english", "models in English", language.Of("English")),
            Row("modelsWithLanguage", "traits.modelsWithLanguage", "models with a language", models - language.NoValue),
            Row("cardsAtLeast512NotAuto", "traits.cardsAtLeast512NotAuto", $"cards ≥ {TraitShares.LongCardChars} characters, not auto-generated", longCards),
        ];
    }

    private static StudyRow Row(string key, string studyPath, string label, long value) =>
        StudyRow.Enumerated(key, label, StudyValue.Published(studyPath), StudyValue.Count(value)) with { Basis = "every model · models with the value (sets)" };

    private double Share(long n) => models == 0 ? double.NaN : (double)n / models;

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("traitShares");
        json.WriteNumber("models", models);
        json.WriteNumber("longCardsNotAuto", longCards);
        foreach (var s in shares)
        {
            json.WriteStartObject(s.Trait.Name());
            json.WriteNumber("noValue", s.NoValue);
            json.WriteNumber("distinctValues", s.Values.Length);
            json.WriteStartArray("top");
            foreach (var v in s.Values.Take(Top))
            {
                json.WriteStartObject();
                json.WriteString("value", v.Value);
                json.WriteNumber("models", v.Models);
                json.WriteNumber("share", Share(v.Models));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteString("table", "trait_shares.csv");
        StudyComparison.WriteJson(json, "vsStudy", StudyRows(), StudyModeNote);
        json.WriteEndObject();
    }

    public void WriteMarkdown(TextWriter md)
    {
        md.Write("## Trait shares\n\n");
        StudyComparison.WriteMarkdown(md, StudyRows(), StudyModeNote);
        md.Write($"The top {Top} values of each trait by model count follow; `tables/trait_shares.csv` has every value.\n\n");
        foreach (var s in shares)
        {
            md.Write($"### {s.Trait.Name()} (top {Top} of {Md.N(s.Values.Length)} values)\n\n");
            var rows = new List<IReadOnlyList<string>> { (IReadOnlyList<string>)["(none)", Md.N(s.NoValue), Md.F(Share(s.NoValue), 4)] };
            rows.AddRange(s.Values.Take(Top).Select(v => (IReadOnlyList<string>)[v.Value, Md.N(v.Models), Md.F(Share(v.Models), 4)]));
            Md.Table(md, [s.Trait.Name(), "models", "share of models"], rows);
        }
    }

    /// <summary>trait_shares: trait, rank (0 = no value, value empty), value, models, share of all models.</summary>
    public IEnumerable<ResultTable> Tables()
    {
        var trait = new List<string?>();
        var rank = new List<int>();
        var value = new List<string?>();
        var count = new List<long>();
        var share = new List<double>();
        foreach (var s in shares)
        {
            Add(s.Trait.Name(), 0, null, s.NoValue);
            for (int i = 0; i < s.Values.Length; i++) Add(s.Trait.Name(), i + 1, s.Values[i].Value, s.Values[i].Models);
        }
        yield return new ResultTable("trait_shares").Add("trait", trait.ToArray()).Add("rank", rank.ToArray())
            .Add("value", value.ToArray()).Add("models", count.ToArray()).Add("share", share.ToArray());

        void Add(string t, int r, string? v, long n)
        {
            trait.Add(t); rank.Add(r); value.Add(v); count.Add(n); share.Add(Share(n));
        }
    }
}
