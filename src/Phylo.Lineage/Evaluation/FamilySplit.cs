using Phylo.Graph;
using Phylo.Kernels;

namespace Phylo.Lineage.Evaluation;

/// <summary>
/// Held-out families: families (weakly connected components) are visited in a seeded hash order and held out while
/// they fit in <c>fraction</c> of the declared edges (a family bigger than what is left stays in training, so one
/// giant family cannot swallow the test set). Every edge of a family is on one side, so nothing of a held-out family
/// (its siblings, its root's child count) is seen in training.
/// </summary>
public static class FamilySplit
{
    public const double DefaultFraction = 0.2;

    /// <summary>Per family, whether it is held out.</summary>
    public static bool[] HeldOut(FamilyGraph graph, double fraction, ulong seed)
    {
        int families = graph.Families.Length;
        var edges = new long[families];
        for (int e = 0; e < graph.EdgeCount; e++) edges[graph.FamilyOf[graph.EdgeChild[e]]]++;
        var order = new (ulong Key, int Family)[families];
        for (int f = 0; f < families; f++) order[f] = (SplitMix64.Mix(seed ^ (0xFA_0000_0000UL + (ulong)f)), f);
        Array.Sort(order);
        var held = new bool[families];
        long target = (long)Math.Ceiling(fraction * graph.EdgeCount), taken = 0;
        foreach (var (_, f) in order)
        {
            if (edges[f] == 0 || taken + edges[f] > target) continue;
            held[f] = true;
            taken += edges[f];
        }
        return held;
    }

    /// <summary>Models with at least one declared parent whose family is (or is not) held out, ascending.</summary>
    public static int[] Children(FamilyGraph graph, bool[] heldOut, bool wantHeldOut)
    {
        var list = new List<int>();
        for (int m = 0; m < graph.NodeCount; m++)
            if (graph.ParentOffsets[m + 1] > graph.ParentOffsets[m] && heldOut[graph.FamilyOf[m]] == wantHeldOut) list.Add(m);
        return list.ToArray();
    }
}
