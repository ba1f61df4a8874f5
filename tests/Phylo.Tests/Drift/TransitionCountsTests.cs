using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Table;

namespace Phylo.Tests.Drift;

public class TransitionCountsTests
{
    private static readonly DriftOptions Options = new() { Traits = [TraitKind.License], Parallelism = 1 };

    private static TransitionMatrix Count(HandGraph h)
    {
        var (table, graph) = h.Build();
        return TransitionCounts.Finish(table, TransitionCounts.Compute(table, graph, FamilyShard.All, Options), Options)[0];
    }

    private static (long Study, long Clean) Cell(TransitionMatrix m, string from, string to)
    {
        int f = Array.IndexOf(m.Vocabulary, from), t = Array.IndexOf(m.Vocabulary, to);
        for (int i = 0; i < m.From.Length; i++)
            if (m.From[i] == f && m.To[i] == t) return (m.Transitions[i], m.CleanTransitions[i]);
        return (0, 0);
    }

    [Fact]
    public void A_plain_swap_counts_twice_by_the_study_rule_and_once_clean()
    {
        var h = new HandGraph();
        h.Model("p", licenses: ["A"]);
        h.Model("c", licenses: ["B"], parents: HandGraph.Finetune("p"));
        TransitionMatrix m = Count(h);
        Assert.Equal((2L, 1L), Cell(m, "A", "B"));
        Assert.Equal((0L, 0L), Cell(m, "B", "A"));
        Assert.Single(m.From);
        Assert.Equal(1, m.Edges);
        Assert.Equal(2, m.Count(Array.IndexOf(m.Vocabulary, "A"), Array.IndexOf(m.Vocabulary, "B")));
    }

    [Fact]
    public void Adds_come_from_every_parent_trait_and_drops_go_to_every_child_trait()
    {
        var h = new HandGraph();
        h.Model("p", licenses: ["A", "C"]);
        h.Model("c", licenses: ["B", "C"], parents: HandGraph.Finetune("p"));
        TransitionMatrix m = Count(h);
        // B added: A→B, C→B. A dropped: A→B, A→C.
        Assert.Equal((2L, 1L), Cell(m, "A", "B"));
        Assert.Equal((1L, 1L), Cell(m, "C", "B"));
        Assert.Equal((1L, 1L), Cell(m, "A", "C"));
        Assert.Equal(3, m.From.Length);
    }

    [Fact]
    public void Only_study_view_edges_with_both_sets_non_empty_count()
    {
        var h = new HandGraph();
        h.Model("p", licenses: ["A"]);
        h.Model("q", licenses: ["B"], parents: [("p", RelationMask.Quantized)]);
        h.Model("e", parents: HandGraph.Finetune("p"));
        h.Model("f", licenses: ["B"], parents: HandGraph.Finetune("e"));
        h.Model("g", licenses: ["A"], parents: HandGraph.Finetune("p"));
        TransitionMatrix m = Count(h);
        Assert.Empty(m.From);
        Assert.Equal(1, m.Edges); // p→g: both non-empty, unchanged
    }

    [Fact]
    public void Counts_add_up_over_edges()
    {
        var h = new HandGraph();
        h.Model("p", licenses: ["A"]);
        for (int i = 0; i < 3; i++) h.Model("c" + i, licenses: ["B"], parents: HandGraph.Finetune("p"));
        h.Model("d", licenses: ["A", "B"], parents: HandGraph.Finetune("p")); // add only: A→B once, clean once
        TransitionMatrix m = Count(h);
        Assert.Equal((7L, 4L), Cell(m, "A", "B"));
    }
}
