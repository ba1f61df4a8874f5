using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>A mean with the number of observations behind it (NaN when <see cref="N"/> is 0).</summary>
public readonly record struct RateN(double Rate, long N);

/// <summary>Mutation rates of one trait: the study's view, every view and every primary relation.</summary>
/// <param name="Study">The rate over <see cref="DriftOptions.StudyView"/> edges (the study: fine-tune).</param>
/// <param name="Views">Indexed by <see cref="GraphView"/>.</param>
/// <param name="Relations">Indexed by <see cref="EdgeType"/>.</param>
public sealed record TraitMutation(TraitKind Trait, RateN Study, RateN[] Views, RateN[] Relations);

/// <summary>Exact per-shard tallies of <see cref="MutationRate"/>.</summary>
public sealed class MutationPartial
{
    internal MutationPartial(int traits)
    {
        Tallies = new JaccardTally[traits * EdgeSlots.Count];
        for (int i = 0; i < Tallies.Length; i++) Tallies[i] = new JaccardTally();
    }

    /// <summary>[trait index × <see cref="EdgeSlots.Count"/> + slot].</summary>
    internal JaccardTally[] Tallies { get; }
}

/// <summary>
/// Per-edge mutation rate of a trait (docs/engine.md §5): the Jaccard distance between parent and child sets,
/// averaged over edges where both sets are non-empty.
/// </summary>
public static class MutationRate
{
    public static MutationPartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        var traits = options.Traits;
        var partial = new MutationPartial(traits.Count);
        Span<int> slots = stackalloc int[EdgeSlots.Count];
        for (int t = 0; t < traits.Count; t++)
        {
            TraitColumn column = table[traits[t]];
            int baseSlot = t * EdgeSlots.Count;
            foreach (int e in shard.Edges(graph))
            {
                ReadOnlySpan<int> p = column[graph.EdgeParent[e]], c = column[graph.EdgeChild[e]];
                if (p.IsEmpty || c.IsEmpty) continue;
                int inter = SortedSets.IntersectionCount(p, c);
                int union = p.Length + c.Length - inter;
                int n = EdgeSlots.Of(graph, e, slots);
                for (int s = 0; s < n; s++) partial.Tallies[baseSlot + slots[s]].Add(inter, union);
            }
        }
        return partial;
    }

    public static MutationPartial Merge(MutationPartial left, MutationPartial right)
    {
        var merged = new MutationPartial(left.Tallies.Length / EdgeSlots.Count);
        for (int i = 0; i < merged.Tallies.Length; i++)
        {
            merged.Tallies[i].AddFrom(left.Tallies[i]);
            merged.Tallies[i].AddFrom(right.Tallies[i]);
        }
        return merged;
    }

    public static TraitMutation[] Finish(MutationPartial partial, DriftOptions options)
    {
        var result = new TraitMutation[options.Traits.Count];
        for (int t = 0; t < result.Length; t++)
        {
            var rates = new RateN[EdgeSlots.Count];
            for (int s = 0; s < rates.Length; s++)
            {
                JaccardTally tally = partial.Tallies[t * EdgeSlots.Count + s];
                rates[s] = new RateN(tally.MeanDistance(), tally.Count);
            }
            result[t] = new TraitMutation(
                options.Traits[t],
                rates[EdgeSlots.OfView(options.StudyView)],
                rates[..EdgeSlots.ViewCount],
                rates[EdgeSlots.ViewCount..]);
        }
        return result;
    }
}
