using System.Runtime.InteropServices;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>Transitions counted from one trait to another: the study's rule and the clean variant.</summary>
internal struct TransitionCount
{
    public long Study;
    public long Clean;
}

/// <summary>Exact per-shard transition counts: one sparse matrix per trait, keyed by (from &lt;&lt; 32 | to).</summary>
public sealed class TransitionPartial
{
    internal TransitionPartial(int traits)
    {
        Cells = new Dictionary<long, TransitionCount>[traits];
        for (int i = 0; i < traits; i++) Cells[i] = [];
        Edges = new long[traits];
    }

    internal Dictionary<long, TransitionCount>[] Cells { get; }
    /// <summary>Edges per trait where both sets are non-empty (the only ones that can transition).</summary>
    internal long[] Edges { get; }
}

/// <summary>
/// The transition graph of one trait over the trait vocabulary (docs/engine.md §5), as a sparse matrix whose
/// entries are sorted by (from, to) vocabulary id.
/// </summary>
public sealed class TransitionMatrix
{
    internal TransitionMatrix(TraitKind trait, string[] vocabulary, long edges, Dictionary<long, TransitionCount> cells)
    {
        Trait = trait;
        Vocabulary = vocabulary;
        Edges = edges;
        var keys = cells.Keys.ToArray();
        Array.Sort(keys);
        From = new int[keys.Length];
        To = new int[keys.Length];
        Transitions = new long[keys.Length];
        CleanTransitions = new long[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            From[i] = (int)(keys[i] >> 32);
            To[i] = (int)(uint)keys[i];
            Transitions[i] = cells[keys[i]].Study;
            CleanTransitions[i] = cells[keys[i]].Clean;
        }
        _keys = keys;
    }

    private readonly long[] _keys;

    public TraitKind Trait { get; }
    public string[] Vocabulary { get; }
    /// <summary>Edges of the view where parent and child both carry the trait.</summary>
    public long Edges { get; }
    public int[] From { get; }
    public int[] To { get; }
    /// <summary>The study's count: a plain swap A→B counts twice (once as B added, once as A dropped).</summary>
    public long[] Transitions { get; }
    /// <summary>Each ordered pair at most once per edge: a plain swap counts once.</summary>
    public long[] CleanTransitions { get; }

    /// <summary>The study's count of transitions <paramref name="from"/> → <paramref name="to"/> (0 when absent).</summary>
    public long Count(int from, int to)
    {
        int i = Array.BinarySearch(_keys, ((long)from << 32) | (uint)to);
        return i >= 0 ? Transitions[i] : 0;
    }
}

/// <summary>
/// Counts trait transitions along the edges of the study view. For each edge with both sets non-empty:
/// every trait the child adds counts one transition from each parent trait to it, and every trait the
/// child drops counts one transition from it to each trait the child has — the study's rule, under which
/// a plain swap A→B counts twice. The clean variant counts each (from, to) pair at most once per edge.
/// </summary>
public static class TransitionCounts
{
    public static TransitionPartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        var traits = options.Traits;
        var partial = new TransitionPartial(traits.Count);
        for (int t = 0; t < traits.Count; t++)
        {
            TraitColumn column = table[traits[t]];
            var cells = partial.Cells[t];
            foreach (int e in shard.Edges(graph))
            {
                if (!graph.InView(e, options.StudyView)) continue;
                ReadOnlySpan<int> p = column[graph.EdgeParent[e]], c = column[graph.EdgeChild[e]];
                if (p.IsEmpty || c.IsEmpty) continue;
                partial.Edges[t]++;
                // Study rule over the study's graph: declared edges only; the clean count is over Phylo's graph.
                CountEdge(p, c, cells, graph.IsDeclared(e) ? 1 : 0, clean: true);
            }
            // The study's graph also keeps the edges Phylo drops to break cycles (self-links never transition).
            StudyExtraEdges extra = graph.StudyExtraEdges;
            foreach (int i in shard.ExtraEdges(graph))
            {
                if (!StudyEdges.InView(extra.Types[i], options.StudyView)) continue;
                ReadOnlySpan<int> p = column[extra.Parent[i]], c = column[extra.Child[i]];
                if (p.IsEmpty || c.IsEmpty) continue;
                CountEdge(p, c, cells, 1, clean: false);
            }
        }
        return partial;
    }

    /// <summary>Adds one edge's transitions (parent set <paramref name="p"/>, child set <paramref name="c"/>).</summary>
    internal static void CountEdge(ReadOnlySpan<int> p, ReadOnlySpan<int> c, Dictionary<long, TransitionCount> cells) =>
        CountEdge(p, c, cells, 1, clean: true);

    /// <param name="study">1 to count the edge by the study's rule, 0 not to.</param>
    /// <param name="clean">Whether to count it by the clean rule.</param>
    private static void CountEdge(ReadOnlySpan<int> p, ReadOnlySpan<int> c, Dictionary<long, TransitionCount> cells, long study, bool clean)
    {
        long once = clean ? 1 : 0;
        foreach (int added in c)
        {
            if (SortedSets.Contains(p, added)) continue;
            foreach (int from in p) Add(cells, from, added, study, once);
        }
        foreach (int dropped in p)
        {
            if (SortedSets.Contains(c, dropped)) continue;
            // (dropped, x) with x added was already counted above: the study counts it again, clean does not.
            foreach (int to in c) Add(cells, dropped, to, study, SortedSets.Contains(p, to) ? once : 0);
        }
    }

    private static void Add(Dictionary<long, TransitionCount> cells, int from, int to, long study, long clean)
    {
        if ((study | clean) == 0) return;
        ref TransitionCount cell = ref CollectionsMarshal.GetValueRefOrAddDefault(cells, ((long)from << 32) | (uint)to, out _);
        cell.Study += study;
        cell.Clean += clean;
    }

    public static TransitionPartial Merge(TransitionPartial left, TransitionPartial right)
    {
        var merged = new TransitionPartial(left.Cells.Length);
        for (int t = 0; t < merged.Cells.Length; t++)
        {
            merged.Edges[t] = left.Edges[t] + right.Edges[t];
            foreach (var source in (ReadOnlySpan<Dictionary<long, TransitionCount>>)[left.Cells[t], right.Cells[t]])
                foreach (var (key, count) in source)
                {
                    ref TransitionCount cell = ref CollectionsMarshal.GetValueRefOrAddDefault(merged.Cells[t], key, out _);
                    cell.Study += count.Study;
                    cell.Clean += count.Clean;
                }
        }
        return merged;
    }

    public static TransitionMatrix[] Finish(ModelTable table, TransitionPartial partial, DriftOptions options)
    {
        var result = new TransitionMatrix[options.Traits.Count];
        for (int t = 0; t < result.Length; t++)
            result[t] = new TransitionMatrix(options.Traits[t], table[options.Traits[t]].Vocabulary, partial.Edges[t], partial.Cells[t]);
        return result;
    }
}
