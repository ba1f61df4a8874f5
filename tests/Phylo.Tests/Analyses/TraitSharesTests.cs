using Phylo.Analyses;
using Phylo.Analyses.Traits;
using Phylo.Table;
using Phylo.Tests.Drift;

namespace Phylo.Tests.Analyses;

/// <summary>License / language / task / library shares: exact counts, mergeable by family shard.</summary>
public class TraitSharesTests
{
    /// <summary>Two families (a → b, c; d → e) and a loner f.</summary>
    private static (ModelTable Table, Phylo.Graph.FamilyGraph Graph) Hand()
    {
        var g = new HandGraph();
        g.Model("o/a", licenses: ["apache-2.0"], languages: ["English", "French"], task: "text-generation");
        g.Model("o/b", licenses: ["mit"], languages: ["English"], task: "text-generation", parents: HandGraph.Finetune("o/a"));
        g.Model("o/c", licenses: ["apache-2.0"], parents: HandGraph.Finetune("o/a"));
        g.Model("o/d", licenses: ["mit", "apache-2.0"], languages: ["German"], task: "fill-mask");
        g.Model("o/e", parents: HandGraph.Finetune("o/d"));
        g.Model("o/f", languages: ["English"]);
        return g.Build();
    }

    [Fact]
    public void Counts_models_per_value_and_models_without_one()
    {
        var (table, graph) = Hand();
        var s = TraitShares.Run(table, graph);
        Assert.Equal(6, s.Models);
        var license = s[TraitKind.License];
        Assert.Equal(2, license.NoValue);                                           // e, f
        Assert.Equal([new ValueCount("apache-2.0", 3), new ValueCount("mit", 2)], license.Values);
        var language = s[TraitKind.Language];
        Assert.Equal(2, language.NoValue);                                          // c, e
        Assert.Equal([new ValueCount("English", 3), new ValueCount("French", 1), new ValueCount("German", 1)], language.Values);
        Assert.Equal(3, s[TraitKind.Task].NoValue);

        var rows = s.StudyRows().ToDictionary(r => r.Key);
        Assert.Equal(2, (long)rows["licenseCounts.none"].Exact.Number);
        Assert.Equal(3, (long)rows["licenseCounts.apache-2.0"].Exact.Number);
        Assert.Equal(3, (long)rows["english"].Exact.Number);
        Assert.Equal(4, (long)rows["modelsWithLanguage"].Exact.Number);
        Assert.Equal(1_188_829, (long)rows["licenseCounts.none"].Study.Number);   // from study-facts.json
        Assert.All(rows.Values, r => Assert.Equal(r.Exact, r.StudyMode));
    }

    [Fact]
    public void Shards_merge_to_the_single_process_result()
    {
        var (table, graph) = Hand();
        var whole = TraitShares.Run(table, graph);
        foreach (int n in new[] { 2, 3, 5 })
        {
            FamilyShard[] parts = FamilyShard.Split(graph, n);
            TraitSharesPartial merged = TraitShares.Compute(table, graph, parts[^1]);
            for (int i = parts.Length - 2; i >= 0; i--)                              // reverse order: merging is order-free
                merged = TraitShares.Merge(TraitShares.Compute(table, graph, parts[i]), merged);
            var s = TraitShares.Finish(table, merged);
            Assert.Equal(Csv(whole), Csv(s));
        }
    }

    [Fact]
    public void Table_lists_every_value_with_rank_zero_for_no_value()
    {
        var (table, graph) = Hand();
        var t = Assert.Single(TraitShares.Run(table, graph).Tables());
        Assert.Equal("trait_shares", t.Name);
        Assert.Equal(["trait", "rank", "value", "models", "share"], t.Columns.Select(c => c.Name));
        var lines = Enumerable.Range(0, t.RowCount).Select(r => string.Join(',', t.Columns.Select(c => c.Format(r)))).ToArray();
        Assert.Equal("license,0,,2,0.3333333333333333", lines[0]);
        Assert.Equal("license,1,apache-2.0,3,0.5", lines[1]);
        Assert.Equal("license,2,mit,2,0.3333333333333333", lines[2]);
        Assert.Contains("language,1,English,3,0.5", lines);
    }

    private static string Csv(TraitSharesSection s)
    {
        var t = s.Tables().Single();
        return string.Join('\n', Enumerable.Range(0, t.RowCount).Select(r => string.Join(',', t.Columns.Select(c => c.Format(r))))) + $"|{s.Models}|{s.LongCards}";
    }
}
