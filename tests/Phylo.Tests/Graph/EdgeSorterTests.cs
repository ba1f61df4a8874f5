using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Graph;

public class EdgeSorterTests
{
    [Fact]
    public void Sorts_by_parent_then_child_and_collapses_repeated_pairs()
    {
        // Links in child order, as the resolver emits them; (2→1) appears twice with different relations.
        (int P, int C, RelationMask M)[] links =
            [(2, 0, RelationMask.Finetune), (0, 1, RelationMask.None), (2, 1, RelationMask.Adapter), (2, 1, RelationMask.Merge), (0, 3, RelationMask.Quantized), (2, 3, RelationMask.None)];
        var resolved = new ResolvedLinks
        {
            Parent = [.. links.Select(l => l.P)], Child = [.. links.Select(l => l.C)], Mask = [.. links.Select(l => l.M)],
            Count = links.Length, Dangling = 0, DanglingParents = 0, SelfLinks = 0, SelfEdges = new([], [], []),
        };
        var edges = EdgeSorter.SortAndCollapse(4, resolved, out int duplicates);
        Assert.Equal(1, duplicates);
        Assert.Equal([0, 0, 2, 2, 2], edges.Parent);
        Assert.Equal([1, 3, 0, 1, 3], edges.Child);
        Assert.Equal([RelationMask.None, RelationMask.Quantized, RelationMask.Finetune, RelationMask.Adapter | RelationMask.Merge, RelationMask.None], edges.Mask);

        var filtered = EdgeSorter.Filter(edges, [true, false, true, false, true]);
        Assert.Equal([0, 2, 2], filtered.Parent);
        Assert.Equal([1, 0, 3], filtered.Child);
    }
}
