using Phylo.Synth;

namespace Phylo.Tests.Synth;

/// <summary>
/// Issue 3: at N = 200,000 the marginals match the study's published figures (docs/engine.md §2, §3, §5) within
/// 2 percentage points, or 10 % relative for the small shares. Read back with CsvHelper, not with the engine.
/// </summary>
public sealed class SynthMarginalTests
{
    private const int N = 200_000;
    private const double FullScale = 1_860_411;

    private static List<SynthRow> Rows => SynthCsv.Get(N, CardMode.None).Rows;

    private static void Share(double expectedPercent, long count, long total, string what)
    {
        double actual = 100.0 * count / total;
        double tolerance = expectedPercent >= 5 ? 2.0 : Math.Max(0.1 * expectedPercent, 0.02);
        Assert.True(Math.Abs(actual - expectedPercent) <= tolerance, $"{what}: {actual:F2} % (expected {expectedPercent} ± {tolerance:F2})");
    }

    [Fact]
    public void Layout_ids_unique_parents_on_earlier_rows_and_tags_agree_with_columns()
    {
        var rows = Rows;
        Assert.Equal(N, rows.Count);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(i, rows[i].Index);
        Assert.Equal(N, rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        var edges = SynthCsv.Edges(rows);
        Assert.All(edges, e => Assert.True(e.Parent < e.Child, $"parent row {e.Parent} after child {e.Child}"));
        foreach (var r in rows.Take(20_000))
        {
            foreach (string p in r.Parents)
            {
                Assert.Contains("base_model:" + p, r.Tags);
                if (r.Relation.TryGetValue(p, out string? rel)) Assert.Contains($"base_model:{rel}:{p}", r.Tags);
            }
            foreach (string l in r.Licenses) Assert.Contains("license:" + l, r.Tags);
            foreach (string d in r.Datasets) Assert.Contains("dataset:" + d, r.Tags);
            Assert.Contains("region:us", r.Tags);
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$", r.CreatedAt);
        }
    }

    [Fact]
    public void Edges_and_types_match_the_study()
    {
        var edges = SynthCsv.Edges(Rows);
        Share(100 * 573_653 / FullScale, edges.Count, N, "edges per model");
        var byType = edges.GroupBy(e => e.Relation).ToDictionary(g => g.Key, g => (long)g.Count());
        Share(33.0, byType["finetune"], edges.Count, "finetune");
        Share(17.8, byType["quantized"], edges.Count, "quantized");
        Share(42.1, byType["adapter"], edges.Count, "adapter");
        Share(7.1, byType["merge"] + byType.GetValueOrDefault("untyped"), edges.Count, "merge + untyped");
        // merges have 2..7 parents
        foreach (var r in Rows.Where(r => r.Relation.ContainsValue("merge")))
            Assert.InRange(r.Parents.Count, 2, 7);
    }

    [Fact]
    public void Children_per_parent_are_heavy_tailed_with_the_study_top_parents()
    {
        var edges = SynthCsv.Edges(Rows);
        var children = edges.GroupBy(e => e.Parent).Select(g => g.Count()).OrderDescending().ToArray();
        double scale = N / FullScale;
        int[] study = [33_042, 32_501, 30_581, 23_794, 9_565];
        for (int i = 0; i < study.Length; i++)
            Assert.InRange(children[i], study[i] * scale * 0.9, study[i] * scale * 1.15);
        // heavy tail: most parents have few children, the median is small
        Assert.True(children[children.Length / 2] <= 3, $"median children {children[children.Length / 2]}");

        // children that have children of their own, by their relation (docs/engine.md §2: 15,047 / 970 / 458 at full scale)
        var hasChildren = edges.Select(e => e.Parent).ToHashSet();
        var primary = edges.GroupBy(e => e.Child).ToDictionary(g => g.Key, g => g.First().Relation);
        var byRel = primary.Where(kv => hasChildren.Contains(kv.Key)).GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(byRel["finetune"], 15_047 * scale * 0.9, 15_047 * scale * 1.1);
        Assert.InRange(byRel.GetValueOrDefault("quantized"), 970 * scale * 0.7, 970 * scale * 1.3);
        Assert.True(byRel["finetune"] > 5 * (byRel.GetValueOrDefault("quantized") + byRel.GetValueOrDefault("adapter")));
    }

    [Fact]
    public void Licenses_match_the_study()
    {
        var rows = Rows;
        Func<SynthRow, string> license = r => r.Licenses.Count == 0 ? "" : r.Licenses[0];
        Shares(rows, license, ("", 63.9), ("apache-2.0", 16.0), ("mit", 5.9), ("other", 4.4), ("openrail", 2.0),
            ("creativeml-openrail-m", 1.6), ("cc-by-nc-4.0", 0.8));
        var count = rows.GroupBy(license).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (string l in new[] { "llama2", "llama3", "gemma", "llama3.1", "llama3.2" })
            Assert.InRange(100.0 * count.GetValueOrDefault(l) / N, 0.27, 0.66);
        Assert.InRange(count.Count - 1, 70, 78);
    }

    [Fact]
    public void Languages_match_the_study()
    {
        var rows = Rows;
        Share(86.0, rows.Count(r => r.Languages.Count == 0), N, "no language");
        Share(12.3, rows.Count(r => r.Languages.Count == 1), N, "one language");
        Share(1.0, rows.Count(r => r.Languages.Count == 2), N, "two languages");
        var any = rows.Where(r => r.Languages.Count > 0).ToList();
        Share(85.6, any.Count(r => r.Languages.Contains("English")), any.Count, "English of those with any");
        foreach (string l in new[] { "Chinese", "French", "Spanish", "German", "Japanese", "Korean" })
            Assert.InRange(100.0 * any.Count(r => r.Languages.Contains(l)) / any.Count, 1.8, 6.0);
        Assert.Contains(rows, r => r.Languages.Count >= 8 && r.Parents.Count == 0);
    }

    [Fact]
    public void Tasks_and_libraries_match_the_study()
    {
        Shares(Rows.Where(r => r.Task is not null).ToList(), r => r.Task!,
            ("text-generation", 41.0), ("text-classification", 13.6), ("text-to-image", 11.4),
            ("reinforcement-learning", 8.7), ("automatic-speech-recognition", 3.5));
        Shares(Rows.Where(r => r.Library is not null).ToList(), r => r.Library!,
            ("transformers", 63.0), ("peft", 20.0), ("diffusers", 8.3), ("stable-baselines3", 2.1), ("sentence-transformers", 1.3));
    }

    /// <summary>Each named value's share of <paramref name="items"/> (percent) against the study's.</summary>
    private static void Shares(List<SynthRow> items, Func<SynthRow, string> key, params (string Name, double Percent)[] expected)
    {
        var count = items.GroupBy(key).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        foreach (var (name, percent) in expected) Share(percent, count.GetValueOrDefault(name), items.Count, name);
    }
}
