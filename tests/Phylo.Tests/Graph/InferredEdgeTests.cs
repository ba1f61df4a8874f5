using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Graph;

/// <summary>Inferred links join the graph flagged, after the declared ones, and every link lands in one bucket.</summary>
public sealed class InferredEdgeTests
{
    // Declared: a → b → c (finetune), d and e and f parentless.
    private static TestIngest.Result Small() => TestIngest.Run(TestIngest.TempFile(new PublishedCsv()
        .Row("o/a").Row("o/b", finetune: "['o/a']").Row("o/c", finetune: "['o/b']").Row("o/d").Row("o/e").Row("o/f").ToString()));

    private static InferredLinks Links(params (string Child, string Parent, RelationMask Mask)[] links) =>
        new([.. links.Select(l => l.Child)], [.. links.Select(l => l.Parent)], [.. links.Select(l => l.Mask)]);

    [Fact]
    public void Every_inferred_link_is_added_or_counted_in_exactly_one_bucket()
    {
        var r = Small();
        var links = Links(
            ("o/d", "o/a", RelationMask.Quantized),   // added
            ("o/e", "o/c", RelationMask.Finetune),    // added
            ("o/e", "o/c", RelationMask.Adapter),     // repeats the previous inferred link: relations OR-ed
            ("o/b", "o/a", RelationMask.Merge),       // repeats a declared edge: declared (finetune) wins
            ("o/x", "o/a", RelationMask.Finetune),    // unknown child
            ("o/f", "o/nope", RelationMask.Finetune), // unknown parent
            ("o/f", "o/f", RelationMask.Finetune),    // self link
            ("o/a", "o/c", RelationMask.Finetune),    // c → a closes a → b → c → a
            ("o/f", "o/d", RelationMask.Finetune),    // d → f and f → d: a cycle of two inferred links, both dropped
            ("o/d", "o/f", RelationMask.Finetune));
        FamilyGraph g = FamilyGraphBuilder.Build(r.Table, links);

        var s = g.Stats.Inferred!;
        Assert.Equal(new InferredLinkStats(Given: 10, Added: 2, UnknownModel: 2, SelfLinks: 1, Duplicates: 2, CyclesClosed: 3), s);
        Assert.Equal(s.Given, s.Added + s.UnknownModel + s.SelfLinks + s.Duplicates + s.CyclesClosed);
        Assert.Equal(r.Graph.EdgeCount + s.Added, g.EdgeCount);
        Assert.Equal(r.Graph.EdgeCount, g.Stats.KeptEdges);

        int Edge(string parent, string child) =>
            Enumerable.Range(0, g.EdgeCount).Single(e => g.EdgeParent[e] == r.Table.IndexOf[parent] && g.EdgeChild[e] == r.Table.IndexOf[child]);
        Assert.True(g.Inferred![Edge("o/a", "o/d")]);
        Assert.Equal(EdgeType.Quantized, g.EdgeTypes[Edge("o/a", "o/d")]);
        Assert.Equal(RelationMask.Finetune | RelationMask.Adapter, g.EdgeMasks[Edge("o/c", "o/e")]);
        Assert.False(g.Inferred[Edge("o/a", "o/b")]);
        Assert.Equal(RelationMask.Finetune, g.EdgeMasks[Edge("o/a", "o/b")]);
        // d and e joined a's family; f stays alone.
        Assert.Equal(g.FamilyOf[r.Table.IndexOf["o/a"]], g.FamilyOf[r.Table.IndexOf["o/d"]]);
        Assert.Equal(g.FamilyOf[r.Table.IndexOf["o/a"]], g.FamilyOf[r.Table.IndexOf["o/e"]]);
        Assert.Equal(r.Graph.Families.Length - 2, g.Families.Length);
    }

    [Fact]
    public void Order_of_the_links_does_not_matter_and_no_links_changes_nothing()
    {
        var r = Small();
        var forward = Links(("o/d", "o/a", RelationMask.Finetune), ("o/a", "o/c", RelationMask.Finetune), ("o/f", "o/e", RelationMask.Merge));
        var backward = Links([.. Enumerable.Range(0, 3).Reverse().Select(i => (forward.Child[i], forward.Parent[i], forward.Mask[i]))]);
        FamilyGraph a = FamilyGraphBuilder.Build(r.Table, forward), b = FamilyGraphBuilder.Build(r.Table, backward);
        Assert.Equal(a.EdgeParent, b.EdgeParent);
        Assert.Equal(a.EdgeChild, b.EdgeChild);
        Assert.Equal(a.Inferred, b.Inferred);
        Assert.Equal(a.Stats.Inferred, b.Stats.Inferred);

        FamilyGraph none = FamilyGraphBuilder.Build(r.Table, Links());
        Assert.Equal(r.Graph.EdgeParent, none.EdgeParent);
        Assert.Equal(r.Graph.EdgeChild, none.EdgeChild);
        Assert.All(none.Inferred!, f => Assert.False(f));
        Assert.Null(r.Graph.Inferred);
        Assert.Null(r.Graph.Stats.Inferred);
    }

    [Theory]
    [InlineData("child,parent,score\n", 1, "expected the header")]
    [InlineData("child,parent,score,relation\no/a,o/b,0.9,finetune\no/a,o/b,0.9\n", 3, "expected 4 fields")]
    [InlineData("child,parent,score,relation\no/a,o/b,high,finetune\n", 2, "score 'high'")]
    [InlineData("child,parent,score,relation\no/a,o/b,1.5,finetune\n", 2, "not a number in [0, 1]")]
    [InlineData("child,parent,score,relation\no/a,o/b,0.5,cousin\n", 2, "unknown relation 'cousin'")]
    [InlineData("child,parent,score,relation\n\"o/a,o/b,0.5,merge\n", 2, "unbalanced quote")]
    public void A_malformed_file_names_file_and_line(string text, int line, string reason)
    {
        string path = TestIngest.TempFile(text);
        var e = Assert.Throws<PhyloInputException>(() => InferredEdgesFile.Read(path));
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_ids_are_read_as_the_lineage_writer_quotes_them()
    {
        string path = TestIngest.TempFile("child,parent,score,relation\n\"o/a,1\",\"o/\"\"b\"\"\",0.500000,adapter\n");
        var links = InferredEdgesFile.Read(path);
        Assert.Equal(["o/a,1"], links.Child);
        Assert.Equal(["o/\"b\""], links.Parent);
        Assert.Equal([RelationMask.Adapter], links.Mask);
    }
}
