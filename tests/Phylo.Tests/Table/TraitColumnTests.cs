using Phylo.Table;

namespace Phylo.Tests.Table;

public class TraitColumnTests
{
    private static ModelTable Licensed(params string[][] licenses)
    {
        var b = new ModelTableBuilder();
        for (int i = 0; i < licenses.Length; i++)
        {
            var r = TestRecords.Model($"m{i}");
            r.Licenses = [.. licenses[i]];
            Assert.Null(b.Add(r));
        }
        return b.Build();
    }

    [Fact]
    public void Rows_are_sorted_distinct_and_vocabulary_is_first_seen_order()
    {
        var t = Licensed(["mit", "apache-2.0", "mit", ""], [], ["llama3", "apache-2.0", "gemma", "llama3"]);
        var col = t[TraitKind.License];
        Assert.Equal(["mit", "apache-2.0", "llama3", "gemma"], col.Vocabulary);
        Assert.Equal([0, 2, 2, 5], col.Offsets);
        for (int m = 0; m < t.Count; m++)
        {
            var row = col[m].ToArray();
            Assert.Equal(row.Order().Distinct(), row);
        }
        // Reference: the row as a set of strings equals the record's non-empty values.
        Assert.Equal(["apache-2.0", "mit"], col[0].ToArray().Select(v => col.Vocabulary[v]).Order(StringComparer.Ordinal));
        Assert.Equal(["apache-2.0", "gemma", "llama3"], col[2].ToArray().Select(v => col.Vocabulary[v]).Order(StringComparer.Ordinal));
        Assert.Equal(0, col.CountOf(1));
        Assert.Equal([1, 2, 1, 1], col.ModelCounts);
        Assert.Equal(3, col.IdOf("gemma"));
        Assert.Equal(-1, col.IdOf("bsd"));
    }

    [Fact]
    public void Single_valued_traits_become_rows_of_zero_or_one()
    {
        var b = new ModelTableBuilder();
        b.Add(new Phylo.Table.ModelRecord { Id = "a", PipelineTag = "text-generation", LibraryName = "" });
        b.Add(new Phylo.Table.ModelRecord { Id = "b", PipelineTag = null, LibraryName = "peft" });
        b.Add(new Phylo.Table.ModelRecord { Id = "c", PipelineTag = "text-generation" });
        var t = b.Build();
        Assert.Equal(["text-generation"], t[TraitKind.Task].Vocabulary);
        Assert.Equal([0, 1, 1, 2], t[TraitKind.Task].Offsets);
        Assert.Equal([0, 0, 1, 1], t[TraitKind.Library].Offsets);
        Assert.Equal([2], t[TraitKind.Task].ModelCounts);
    }

    [Fact]
    public void Every_kind_has_its_own_column()
    {
        var r = TestRecords.Model("a");
        r.Licenses = ["l"]; r.Languages = ["English"]; r.PipelineTag = "t"; r.LibraryName = "lib";
        r.Datasets = ["d"]; r.Arxiv = ["2508.06811"]; r.Regions = ["us"]; r.Tags = ["tag"];
        var t = TestRecords.BuildTable(r);
        Assert.Equal(TraitKinds.Count, t.Traits.Length);
        string[] expected = ["l", "English", "t", "lib", "d", "2508.06811", "us", "tag"];
        foreach (TraitKind k in TraitKinds.All)
        {
            Assert.Equal(k, t[k].Kind);
            Assert.Equal([expected[(int)k]], t[k].Vocabulary);
        }
    }
}
