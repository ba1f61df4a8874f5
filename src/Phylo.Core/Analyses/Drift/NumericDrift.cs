using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>Parent and child means of one metric over one group of edges, with a bootstrap CI of their difference.</summary>
/// <param name="CiLow">Lower bound of the 95 % percentile CI of <see cref="Difference"/>.</param>
public readonly record struct NumericStat(double ParentMean, double ChildMean, long N, double CiLow, double CiHigh)
{
    /// <summary>childMean − parentMean: the drift (for createdDays, the mean parent→child gap in days).</summary>
    public double Difference => ChildMean - ParentMean;
}

/// <summary>Numeric drift of one metric: over every edge, and per primary relation (indexed by <see cref="EdgeType"/>).</summary>
public sealed record NumericDrift(NumericMetric Metric, NumericStat Overall, NumericStat[] Relations);

/// <summary>Exact per-shard integer sums of <see cref="NumericDriftAnalysis"/>.</summary>
public sealed class NumericPartial
{
    internal NumericPartial(int groups)
    {
        Groups = groups;
        N = new long[Cells];
        SumParent = new long[Cells];
        SumChild = new long[Cells];
        GroupSums = new long[groups * 2 * Cells];
    }

    /// <summary>Cells are metric × slot; slot 0 is every edge, slot 1 + type each primary relation.</summary>
    internal const int Slots = 1 + Relations.EdgeTypeCount;
    internal const int Cells = NumericMetrics.Count * Slots;

    internal int Groups { get; }
    internal long[] N { get; }
    internal long[] SumParent { get; }
    internal long[] SumChild { get; }
    /// <summary>Per bootstrap group: <see cref="Cells"/> counts, then <see cref="Cells"/> sums of child − parent.</summary>
    internal long[] GroupSums { get; }
}

/// <summary>
/// Numeric drift parent → child (docs/engine.md §5): parent mean, child mean and a bootstrap 95 % CI of their
/// difference, over every edge and per relation type. Sums are integers (checked), so partials merge exactly.
/// </summary>
public static class NumericDriftAnalysis
{
    public const double Level = 0.95;

    public static NumericPartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        var partial = new NumericPartial(options.BootstrapBuckets);
        int groupMask = options.BootstrapBuckets - 1;
        foreach (int e in shard.Edges(graph))
        {
            int parent = graph.EdgeParent[e], child = graph.EdgeChild[e];
            int group = (int)(DriftHash.EdgeKey(options.Seed, parent, child) & (ulong)groupMask);
            int relationSlot = 1 + (int)graph.EdgeTypes[e];
            Span<long> groupRow = partial.GroupSums.AsSpan(group * 2 * NumericPartial.Cells, 2 * NumericPartial.Cells);
            for (int m = 0; m < NumericMetrics.Count; m++)
            {
                if (!NumericMetrics.All[m].TryValues(table, parent, child, out long p, out long c)) continue;
                long diff = checked(c - p);
                foreach (int cell in (ReadOnlySpan<int>)[m * NumericPartial.Slots, m * NumericPartial.Slots + relationSlot])
                {
                    partial.N[cell]++;
                    partial.SumParent[cell] = checked(partial.SumParent[cell] + p);
                    partial.SumChild[cell] = checked(partial.SumChild[cell] + c);
                    groupRow[cell]++;
                    groupRow[NumericPartial.Cells + cell] = checked(groupRow[NumericPartial.Cells + cell] + diff);
                }
            }
        }
        return partial;
    }

    public static NumericPartial Merge(NumericPartial left, NumericPartial right)
    {
        var merged = new NumericPartial(left.Groups);
        AddInto(merged.N, left.N, right.N);
        AddInto(merged.SumParent, left.SumParent, right.SumParent);
        AddInto(merged.SumChild, left.SumChild, right.SumChild);
        AddInto(merged.GroupSums, left.GroupSums, right.GroupSums);
        return merged;
    }

    private static void AddInto(long[] target, long[] a, long[] b)
    {
        for (int i = 0; i < target.Length; i++) target[i] = checked(a[i] + b[i]);
    }

    public static NumericDrift[] Finish(NumericPartial partial, DriftOptions options)
    {
        double[][] replicates = GroupBootstrap.Replicates(
            partial.GroupSums, partial.Groups, NumericPartial.Cells, options.BootstrapReplicates, options.Seed);
        var result = new NumericDrift[NumericMetrics.Count];
        for (int m = 0; m < result.Length; m++)
        {
            NumericMetric metric = NumericMetrics.All[m];
            var stats = new NumericStat[NumericPartial.Slots];
            for (int s = 0; s < stats.Length; s++)
            {
                int cell = m * NumericPartial.Slots + s;
                long n = partial.N[cell];
                double scale = metric.Scale();
                var (low, high) = GroupBootstrap.Interval(replicates[cell], Level);
                stats[s] = new NumericStat(
                    n == 0 ? double.NaN : partial.SumParent[cell] / (double)n / scale,
                    n == 0 ? double.NaN : partial.SumChild[cell] / (double)n / scale,
                    n,
                    low / scale,
                    high / scale);
            }
            result[m] = new NumericDrift(metric, stats[0], stats[1..]);
        }
        return result;
    }
}
