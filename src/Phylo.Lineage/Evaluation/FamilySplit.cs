using Phylo.Graph;
using Phylo.Kernels;

namespace Phylo.Lineage.Evaluation;

/// <summary>
/// K folds of whole families (weakly connected components), for cross-validation: every family with a declared edge
/// belongs to exactly one fold, so every declared edge is held out exactly once and nothing of a held-out family (its
/// siblings, its root's child count) is ever seen in training. Families are dealt largest first (ties in a seeded hash
/// order) to the fold with the fewest declared edges so far, which balances folds as well as whole families allow; a
/// family larger than a fold's share is a fold of its own.
/// </summary>
public static class FamilySplit
{
    public const int DefaultFolds = 5;

    /// <summary>Per family its fold (0 … <paramref name="folds"/> − 1), or −1 for a family without declared edges.</summary>
    public static int[] Folds(FamilyGraph graph, int folds, ulong seed)
    {
        if (folds < 2) throw new ArgumentException("--folds must be at least 2");
        int families = graph.Families.Length;
        var edges = new long[families];
        for (int e = 0; e < graph.EdgeCount; e++) edges[graph.FamilyOf[graph.EdgeChild[e]]]++;
        var order = new List<(long NegEdges, ulong Key, int Family)>();
        for (int f = 0; f < families; f++)
            if (edges[f] > 0) order.Add((-edges[f], SplitMix64.Mix(seed ^ (0xFA_0000_0000UL + (ulong)f)), f));
        if (order.Count < folds)
            throw new ArgumentException($"--folds {folds} needs at least {folds} families with declared parent links; the inputs have {order.Count}");
        order.Sort();
        var fold = new int[families];
        Array.Fill(fold, -1);
        var load = new long[folds];
        foreach (var (negEdges, _, f) in order)
        {
            int best = 0;
            for (int k = 1; k < folds; k++) if (load[k] < load[best]) best = k;
            fold[f] = best;
            load[best] -= negEdges;
        }
        return fold;
    }

    /// <summary>Per family, whether fold <paramref name="k"/> holds it out.</summary>
    public static bool[] HeldOut(int[] folds, int k)
    {
        var held = new bool[folds.Length];
        for (int f = 0; f < folds.Length; f++) held[f] = folds[f] == k;
        return held;
    }

    /// <summary>
    /// Models without a declared parent held out by fold <paramref name="k"/>: those of its families (their roots), and
    /// models of families without declared edges (lone models) whose seeded hash falls on <paramref name="k"/>. The
    /// unconditional probability map learns from them what a root's scoring looks like; each is held out exactly once.
    /// </summary>
    public static int[] Roots(FamilyGraph graph, int[] folds, int count, int k, ulong seed)
    {
        var list = new List<int>();
        for (int m = 0; m < graph.NodeCount; m++)
        {
            if (graph.ParentOffsets[m + 1] > graph.ParentOffsets[m]) continue;
            int f = folds[graph.FamilyOf[m]];
            if (f < 0) f = (int)(SplitMix64.Mix(seed ^ 0x2007_0000_0000UL ^ (ulong)m) % (ulong)count);
            if (f == k) list.Add(m);
        }
        return [.. list];
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
