using System.Globalization;
using System.Text.Json;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Panels;

/// <summary>One bar of a summary panel: a label, its count, and its share as the study computed it (NaN: counts only).</summary>
public readonly record struct PanelItem(string Label, long Count, double Share);

/// <summary>One panel of the study's summary figure.</summary>
/// <param name="Key">The study-facts.json key under <c>panels</c>.</param>
/// <param name="ShareOf">What the share divides by ("" when the panel shows counts only).</param>
/// <param name="NotComputed">Why the panel is empty (no arXiv mapping given), or null.</param>
public sealed record Panel(string Key, string Title, string ShareOf, PanelItem[] Items, string? NotComputed = null);

/// <summary>
/// report.json <c>panels</c>, report.md "Summary panels", tables/summary_panels and tables/created_histogram: the study's
/// summary figure (top 10 licenses, tasks, languages, libraries, parent models, datasets, arXiv categories and
/// most-downloaded models, each share as the study computed it) and its createdAt histogram (docs/definitions.md).
/// </summary>
public sealed class PanelsSection(long models, IReadOnlyList<Panel> panels, CreatedHistogram histogram) : IReportSection
{
    public const string StudyModeNote =
        "the study counted these over every model of its CSV, an enumeration like Phylo's, so study mode repeats exact; " +
        "each share is the study's own (licenses: of all models; tasks, languages, libraries: of the models with one). " +
        "Parent models: models whose bare parent list is exactly [X]. Lists are sets per model in Phylo (the study's Counter " +
        "counted a value repeated within one model's list twice). \"≈\" marks a study count read off the figure.";

    public long Models => models;
    public IReadOnlyList<Panel> Panels => panels;
    public CreatedHistogram Histogram => histogram;

    public Panel this[string key] => panels.First(p => p.Key == key);

    public static PanelsSection Of(ModelTable table, PanelsPartial p, CreatedHistogram histogram)
    {
        var panels = new List<Panel>();
        Panel Trait(int t, string key, string title, long denominator, string shareOf)
        {
            string[] vocab = table[PanelsPartial.Traits[t]].Vocabulary;
            long[] counts = p.ValueModels[t];
            var items = Enumerable.Range(0, vocab.Length).Where(v => counts[v] > 0)
                .OrderByDescending(v => counts[v]).ThenBy(v => vocab[v], StringComparer.Ordinal).Take(PanelsPartial.Top)
                .Select(v => new PanelItem(vocab[v], counts[v], denominator == 0 || shareOf.Length == 0 ? double.NaN : counts[v] / (double)denominator));
            return new Panel(key, title, shareOf, [.. items]);
        }
        panels.Add(Trait(0, "license", "License", p.Models, "all models"));
        panels.Add(Trait(1, "task", "Task", p.WithValue[1], "models with a task"));
        panels.Add(Trait(2, "language", "Language", p.WithValue[2], "models with a language"));
        panels.Add(Trait(3, "library", "HF library", p.WithValue[3], "models with a library"));
        panels.Add(new Panel("parent", "Parent models", "",
            [.. BareParentCounts.Top(p.BareParents, PanelsPartial.Top).Select(kv => new PanelItem(kv.Key, kv.Value, double.NaN))]));
        panels.Add(Trait(4, "dataset", "Datasets", 0, ""));
        panels.Add(p.Arxiv is null
            ? new Panel("arxiv", "arXiv categories", "", [], "not computed: no arXiv category mapping given (--arxiv-categories FILE)")
            : new Panel("arxiv", "arXiv categories", "",
                [.. BareParentCounts.Top(p.Arxiv, PanelsPartial.Top).Where(kv => kv.Value > 0).Select(kv => new PanelItem(kv.Key, kv.Value, double.NaN))]));
        panels.Add(new Panel("downloads", "Most downloaded", "", [.. p.TopDownloads.Select(d => new PanelItem(d.Id, d.Downloads, double.NaN))]));
        return new PanelsSection(p.Models, panels, histogram);
    }

    public IReadOnlyList<StudyRow> StudyRows()
    {
        var rows = new List<StudyRow>();
        foreach (var panel in panels)
        {
            var published = Published(panel.Key);
            string basis = panel.NotComputed is not null ? "not computed"
                : panel.ShareOf.Length > 0 ? $"every model · share of {panel.ShareOf}"
                : panel.Key == "parent" ? "every model · bare parent list = [X]"
                : panel.Key == "downloads" ? "every model · 30-day downloads" : "every model · models per value";
            for (int i = 0; i < Math.Max(published.Length, panel.Items.Length); i++)
            {
                StudyValue phylo = i < panel.Items.Length ? StudyValue.Of(Text(panel.Items[i])) : StudyValue.Missing;
                if (panel.NotComputed is not null) phylo = StudyValue.Of("not computed");
                rows.Add(new StudyRow($"{panel.Key}.{i + 1}", $"{panel.Title} {StudyComparison.Rank(i)}",
                    i < published.Length ? StudyText(published[i]) : StudyValue.Missing, phylo, phylo)
                { Basis = basis });
            }
        }
        return rows;
    }

    private static JsonElement[] Published(string key)
    {
        string path = key == "parent" ? "graph.topParents.items" : $"panels.{key}.items";
        return StudyFacts.TryGet(path, out var items) ? [.. items.EnumerateArray()] : [];
    }

    private static string Text(PanelItem item) =>
        double.IsNaN(item.Share) ? $"{item.Label}: {Md.N(item.Count)}" : $"{item.Label}: {Md.N(item.Count)} ({Percent(item.Share)})";

    private static string Percent(double share) => (share * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";

    /// <summary>"apache-2.0: 298,442 (16.04 %)"; a count read off the figure gets "≈".</summary>
    private static StudyValue StudyText(JsonElement item)
    {
        string label = (item.TryGetProperty("value", out var v) ? v : item.GetProperty("model")).GetString()!;
        string? count = null;
        foreach (string name in (ReadOnlySpan<string>)["models", "downloads", "children"])
        {
            if (!item.TryGetProperty(name, out var c)) continue;
            bool figure = c.ValueKind == JsonValueKind.Object;
            double n = figure ? c.GetProperty("value").GetDouble() : c.GetDouble();
            count = (figure ? "≈" : "") + Md.N((long)n);
        }
        string? percent = item.TryGetProperty("percent", out var p) ? p.GetDouble().ToString("0.00", CultureInfo.InvariantCulture) + " %" : null;
        return StudyValue.Of((count, percent) switch
        {
            (not null, not null) => $"{label}: {count} ({percent})",
            (not null, null) => $"{label}: {count}",
            (null, not null) => $"{label}: {percent}",
            _ => label,
        });
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("panels");
        json.WriteNumber("models", models);
        foreach (var panel in panels)
        {
            json.WriteStartObject(panel.Key);
            json.WriteString("title", panel.Title);
            if (panel.ShareOf.Length > 0) json.WriteString("shareOf", panel.ShareOf);
            if (panel.NotComputed is not null) json.WriteString("notComputed", panel.NotComputed);
            json.WriteStartArray("top");
            foreach (var item in panel.Items)
            {
                json.WriteStartObject();
                json.WriteString("value", item.Label);
                json.WriteNumber("count", item.Count);
                if (!double.IsNaN(item.Share)) json.WriteNumber("share", item.Share);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteStartObject("createdAtHistogram");
        json.WriteNumber("bins", histogram.Counts.Length);
        json.WriteString("first", Date(histogram.First));
        json.WriteString("last", Date(histogram.Last));
        json.WriteNumber("unknown", histogram.Unknown);
        json.WriteStartArray("counts");
        foreach (long c in histogram.Counts) json.WriteNumberValue(c);
        json.WriteEndArray();
        json.WriteString("table", "created_histogram.csv");
        json.WriteEndObject();
        StudyComparison.WriteJson(json, "vsStudy", StudyRows(), StudyModeNote);
        json.WriteEndObject();
    }

    private static string Date(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(unixSeconds)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public void WriteMarkdown(TextWriter md)
    {
        md.Write("## Summary panels (the study's summary figure)\n\n");
        StudyComparison.WriteMarkdown(md, StudyRows(), StudyModeNote);
        long[] c = histogram.Counts;
        int peak = Array.IndexOf(c, c.Max());
        md.Write($"### Models by creation time ({c.Length} equal bins, {Date(histogram.First)[..10]} to {Date(histogram.Last)[..10]})\n\n");
        Md.Table(md, ["", "study", "Phylo"],
        [
            ["first bin", StudyValue.Published("graph.createdAtHistogram.firstBinModels").Markdown(), $"{Md.N(c[0])} (from {Date(histogram.Start(0))[..10]})"],
            ["tallest bin", StudyValue.Published("graph.createdAtHistogram.peakModels").Markdown(), $"{Md.N(c[peak])} (from {Date(histogram.Start(peak))[..10]})"],
            ["models without a date", "–", Md.N(histogram.Unknown)],
        ]);
        md.Write("Every bin: `tables/created_histogram.csv`; every panel: `tables/summary_panels.csv`.\n\n");
    }

    public IEnumerable<ResultTable> Tables()
    {
        var panel = new List<string?>();
        var rank = new List<int>();
        var value = new List<string?>();
        var count = new List<long>();
        var share = new List<double>();
        foreach (var p in panels)
            for (int i = 0; i < p.Items.Length; i++)
            {
                panel.Add(p.Key); rank.Add(i + 1); value.Add(p.Items[i].Label); count.Add(p.Items[i].Count); share.Add(p.Items[i].Share);
            }
        yield return new ResultTable("summary_panels").Add("panel", panel.ToArray()).Add("rank", rank.ToArray())
            .Add("value", value.ToArray()).Add("count", count.ToArray()).Add("share", share.ToArray());
        int bins = histogram.Counts.Length;
        yield return new ResultTable("created_histogram")
            .Add("bin_start", [.. Enumerable.Range(0, bins).Select(b => Date(histogram.Start(b)))])
            .Add("bin_end", [.. Enumerable.Range(0, bins).Select(b => Date(histogram.Start(b + 1)))])
            .Add("models", histogram.Counts);
    }
}
