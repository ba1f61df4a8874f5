using System.Text;
using System.Text.Json;
using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Graph;
using Phylo.Synth;
using Phylo.Table;

namespace Phylo.Tests.Drift;

public class DriftAnalysisTests
{
    private static readonly DriftOptions Options = new() { BootstrapReplicates = 300, OrderTopN = 8, Parallelism = 1 };
    private static readonly Lazy<(ModelTable Table, FamilyGraph Graph)> Eco = new(() => SyntheticTables.Build(new SynthOptions(6_000, Seed: 3, Cards: CardMode.Prefix, Threads: 2)));

    private static string Json(DriftResult r)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            r.WriteJson(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Any_family_partition_merged_in_any_grouping_gives_the_single_shard_report()
    {
        var (table, graph) = Eco.Value;
        string single = Json(DriftAnalysis.Finish(table, graph, DriftAnalysis.Compute(table, graph, FamilyShard.All, Options), Options));

        var rng = new Random(5);
        var masks = new bool[3][];
        for (int s = 0; s < 3; s++) masks[s] = new bool[graph.Families.Length];
        for (int f = 0; f < graph.Families.Length; f++) masks[rng.Next(3)][f] = true;
        var p = masks.Select(m => DriftAnalysis.Compute(table, graph, FamilyShard.Of(m), Options)).ToArray();

        var leftFirst = DriftAnalysis.Merge(DriftAnalysis.Merge(p[0], p[1]), p[2]);
        var rightFirst = DriftAnalysis.Merge(p[2], DriftAnalysis.Merge(p[1], p[0]));
        Assert.Equal(single, Json(DriftAnalysis.Finish(table, graph, leftFirst, Options)));
        Assert.Equal(single, Json(DriftAnalysis.Finish(table, graph, rightFirst, Options)));
        Assert.Equal(single, Json(DriftAnalysis.Run(table, graph, Options with { Parallelism = 4 })));
    }

    [Fact]
    public void Json_has_the_documented_keys_and_no_nan()
    {
        var (table, graph) = Eco.Value;
        string json = Json(DriftAnalysis.Run(table, graph, Options));
        using var doc = JsonDocument.Parse(json);
        JsonElement drift = doc.RootElement;
        JsonElement license = drift.GetProperty("mutationRate").GetProperty("license");
        Assert.InRange(license.GetProperty("rate").GetDouble(), 0, 1);
        Assert.True(license.GetProperty("n").GetInt64() > 0);
        Assert.True(license.GetProperty("views").GetProperty("nomerge").GetProperty("n").GetInt64() > 0);
        Assert.True(license.GetProperty("relations").GetProperty("adapter").GetProperty("n").GetInt64() > 0);
        JsonElement order = drift.GetProperty("ordering").GetProperty("license");
        Assert.Equal(8, order.GetProperty("order").GetArrayLength());
        Assert.Equal(8, order.GetProperty("weightedOrder").GetArrayLength());
        Assert.True(order.GetProperty("agreeingPairs").GetInt32() <= order.GetProperty("orientedPairs").GetInt32());
        JsonElement chars = drift.GetProperty("numeric").GetProperty("cardChars");
        Assert.True(chars.GetProperty("ciLow").GetDouble() <= chars.GetProperty("difference").GetDouble());
        Assert.True(chars.GetProperty("relations").GetProperty("finetune").GetProperty("n").GetInt64() > 0);
        Assert.Equal(6, drift.GetProperty("licenseCompliance").GetProperty("classMatrix").GetArrayLength());
        Assert.Equal(1.0, drift.GetProperty("licenseStationary").GetProperty("stationary").EnumerateArray().Sum(e => e.GetDouble()), 9);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_tables_and_markdown_are_written()
    {
        var (table, graph) = Eco.Value;
        DriftResult r = DriftAnalysis.Run(table, graph, Options);
        string dir = Path.Combine(Path.GetTempPath(), "phylo-drift-" + Guid.NewGuid().ToString("N"));
        try
        {
            r.WriteTables(dir);
            foreach (var t in r.Transitions)
            {
                string[] lines = File.ReadAllLines(Path.Combine(dir, $"transitions_{t.Trait.Name()}.csv"));
                Assert.Equal("from,to,transitions,clean_transitions", lines[0]);
                Assert.Equal(t.From.Length + 1, lines.Length);
                long total = lines.Skip(1).Sum(l => long.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(t.Transitions.Sum(), total);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var md = new StringWriter();
        r.WriteMarkdown(md);
        Assert.Contains("## Drift", md.ToString(), StringComparison.Ordinal);
        Assert.Contains("| license |", md.ToString(), StringComparison.Ordinal);
        // The study's published figures stand beside Phylo's (values from the embedded study-facts.json).
        Assert.Contains($"| license | {Phylo.Report.StudyFacts.Number("drift.mutationRate.license.rate"):F4} (138,694) |", md.ToString(), StringComparison.Ordinal);
        Assert.Contains("| license max-agreement order: oriented pairs agreeing | 113 / 121 |", md.ToString(), StringComparison.Ordinal);
        Assert.Contains("6.604 → 1.810", md.ToString(), StringComparison.Ordinal);
    }
}
