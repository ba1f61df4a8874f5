namespace Phylo.Analyses.Similarity;

/// <summary>
/// Draws pairs of one non-edge design configuration from its exact-mode distribution: the design's weights
/// (<see cref="DesignWeights"/>) restricted to pairs whose two ends have the genome. Pairs are grouped in units in
/// which every pair weighs the same (a parent, an edge, a parent and one of its children); unit u is chosen with
/// probability ∝ (pair weight × pairs in u) by a binary search on the cumulative weights, then a pair of the unit
/// uniformly. Draw i uses only <see cref="KeyedRandom"/>(seed, design id, i), so a sample is the same in any thread or
/// shard. Used where a shape has too many pairs to enumerate (the enumerated case needs no sampler).
/// </summary>
public sealed class DesignSampler
{
    private readonly DesignConfig _config;
    private readonly int[] _a, _b;
    private readonly long[] _pairs;
    private readonly double[] _cum;       // exclusive prefix of unit weights, units + 1 of them (an arena's array may be longer)
    private readonly int _units;
    private readonly ValidLists _valid;

    private DesignSampler(DesignConfig config, ValidLists valid, Units units)
    {
        _config = config;
        _valid = valid;
        (_a, _b, _pairs, _cum, _units) = (units.A!, units.B!, units.Pairs!, units.Cum!, units.Count);
    }

    /// <summary>Total weight (0: the configuration has no pair with the genome on both ends).</summary>
    public double Total => _cum[_units];

    /// <summary>Units written straight into arrays of their final length (the enumeration runs twice: count, then
    /// fill) — at full scale up to a unit per view edge — from an arena when there is one. The cumulative weight adds
    /// weight × pairs in unit order, as a list of units summed afterwards did.</summary>
    private sealed class Units(PairArena? arena)
    {
        public int Count;
        public int[]? A, B;
        public long[]? Pairs;
        public double[]? Cum;

        public void Add(int a, int b, long pairs, double weight)
        {
            if (pairs <= 0 || weight <= 0) return;
            if (A is not null)
            {
                A[Count] = a;
                B![Count] = b;
                Pairs![Count] = pairs;
                Cum![Count + 1] = Cum[Count] + weight * pairs;
            }
            Count++;
        }

        public void Allocate()
        {
            if (arena is null) (A, B, Pairs, Cum) = (new int[Count], new int[Count], new long[Count], new double[Count + 1]);
            else (A, B, Pairs, Cum) = (PairArena.Take(ref arena.UnitA, Count), PairArena.Take(ref arena.UnitB, Count),
                PairArena.Take(ref arena.DesignPairs, Count), PairArena.Take(ref arena.DesignCum, Count + 1));
            Cum[0] = 0;
            Count = 0;
        }
    }

    /// <summary>Per model, its children and its parents in the view that have the genome (ascending).</summary>
    public sealed class ValidLists
    {
        private readonly int[] _childStart, _children, _parentStart, _parents;

        public ValidLists(ViewGraph view, bool[] present)
        {
            (_childStart, _children) = Filter(view.ChildStart, view.Children, present);
            (_parentStart, _parents) = Filter(view.ParentStart, view.Parents, present);
        }

        public ReadOnlySpan<int> Children(int x) => _children.AsSpan(_childStart[x], _childStart[x + 1] - _childStart[x]);

        public ReadOnlySpan<int> Parents(int x) => _parents.AsSpan(_parentStart[x], _parentStart[x + 1] - _parentStart[x]);

        private static (int[], int[]) Filter(int[] start, int[] items, bool[] present)
        {
            int n = start.Length - 1;
            var s = new int[n + 1];
            for (int x = 0; x < n; x++)
            {
                int kept = 0;
                for (int i = start[x]; i < start[x + 1]; i++) if (present[items[i]]) kept++;
                s[x + 1] = s[x] + kept;
            }
            var kept2 = new int[s[n]];
            for (int x = 0, at = 0; x < n; x++) for (int i = start[x]; i < start[x + 1]; i++) if (present[items[i]]) kept2[at++] = items[i];
            return (s, kept2);
        }
    }

    /// <summary>The units of configuration <paramref name="c"/> (any non-edge, non-random configuration); with an
    /// <paramref name="arena"/>, in the arena's arrays (valid until its next sampler or population).</summary>
    public static DesignSampler Build(DesignConfig c, DesignWeights w, ValidLists valid, bool[] present, PairArena? arena = null)
    {
        var units = new Units(arena);
        Enumerate(c, w, valid, present, units);
        units.Allocate();
        Enumerate(c, w, valid, present, units);
        return new DesignSampler(c, valid, units);
    }

    private static void Enumerate(DesignConfig c, DesignWeights w, ValidLists valid, bool[] present, Units units)
    {
        ViewGraph view = w.View;
        int n = present.Length;
        void Unit(int a, int b, long pairs, double weight) => units.Add(a, b, pairs, weight);
        long Tri(long k) => k * (k - 1) / 2;
        switch (c.Shape)
        {
            case PairShape.Siblings when c.Design == StudyDesign.Quad2:
                for (int m = 0; m < n; m++)
                {
                    int kv = valid.Children(m).Length;
                    if (kv >= 2) foreach (int v in valid.Children(m)) Unit(m, v, kv - 1, w.K(v));
                }
                break;
            case PairShape.Siblings:
                for (int m = 0; m < n; m++) Unit(m, -1, Tri(valid.Children(m).Length), w.Structure(c, -1, -1, m));
                break;
            case PairShape.TwoPath when c.Design == StudyDesign.Quad3 && c.Config == 3:
                // (t, v) of t → u → v, weight k(v)/d(u): units are edges u → v with v having the genome.
                for (int u = 0; u < n; u++)
                    if (w.D(u) > 0) foreach (int v in valid.Children(u)) Unit(u, v, valid.Parents(u).Length, w.Structure(c, -1, v, u));
                break;
            case PairShape.TwoPath:
                for (int a = 0; a < n; a++)
                    if (present[a]) foreach (int m in view.ChildrenOf(a)) Unit(a, m, valid.Children(m).Length, w.Structure(c, a, -1, m));
                break;
            case PairShape.AuntNiece:
                for (int u = 0; u < n; u++)
                    foreach (int v in view.ChildrenOf(u))
                        Unit(u, v, (long)valid.Children(v).Length * (valid.Children(u).Length - (present[v] ? 1 : 0)), 1);
                break;
            case PairShape.ThreePath:
                for (int u = 0; u < n; u++)
                    if (w.D(u) > 0) foreach (int v in view.ChildrenOf(u)) Unit(u, v, (long)valid.Parents(u).Length * valid.Children(v).Length, 1.0 / w.D(u));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), $"{c.Key} is not sampled by units");
        }
    }

    /// <summary>Draw <paramref name="index"/> of design id <paramref name="design"/>: a pair (x, y) of the distribution
    /// (x = the elder or first model; both ends have the genome). False when <see cref="Total"/> is 0.</summary>
    public bool Draw(ulong seed, ulong design, long index, out int x, out int y)
    {
        x = y = -1;
        if (Total <= 0) return false;
        var rng = new KeyedRandom(seed, design, index);
        double target = (rng.Next() >> 11) * (1.0 / (1UL << 53)) * Total;
        // A unit too light to move the double prefix is never chosen, as it should be with probability below 2⁻⁵³.
        int u = Cumulative.UnitOf(_cum.AsSpan(0, _units + 1), target);
        long r = rng.Below(_pairs[u]);
        int a = _a[u], b = _b[u];
        switch (_config.Shape)
        {
            case PairShape.Siblings when _config.Design == StudyDesign.Quad2:
                {
                    ReadOnlySpan<int> kids = _valid.Children(a);
                    int j = (int)r;
                    if (j >= kids.BinarySearch(b)) j++;
                    (x, y) = (b, kids[j]);
                    return true;
                }
            case PairShape.Siblings:
                {
                    (int i, int j) = PairPopulation.Triangle(r);
                    (x, y) = (_valid.Children(a)[i], _valid.Children(a)[j]);
                    return true;
                }
            case PairShape.TwoPath when _config.Design == StudyDesign.Quad3 && _config.Config == 3:
                (x, y) = (_valid.Parents(a)[(int)r], b);
                return true;
            case PairShape.TwoPath:
                (x, y) = (a, _valid.Children(b)[(int)r]);
                return true;
            case PairShape.AuntNiece:
                {
                    ReadOnlySpan<int> aunts = _valid.Children(a);
                    int nx = aunts.Length - (aunts.BinarySearch(b) >= 0 ? 1 : 0);
                    int w = _valid.Children(b)[(int)(r / nx)];
                    int xi = (int)(r % nx);
                    int skip = aunts.BinarySearch(b);
                    if (skip >= 0 && xi >= skip) xi++;
                    (x, y) = (aunts[xi], w);
                    return true;
                }
            default:
                {
                    int kv = _valid.Children(b).Length;
                    (x, y) = (_valid.Parents(a)[(int)(r / kv)], _valid.Children(b)[(int)(r % kv)]);
                    return true;
                }
        }
    }
}
