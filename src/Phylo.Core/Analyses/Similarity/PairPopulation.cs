namespace Phylo.Analyses.Similarity;

/// <summary>
/// The pairs of one type in one view whose two models both have a genome, as a numbered population 0..Total−1, so
/// a pair can be enumerated or drawn uniformly by its number (<see cref="TryUnrank(long, out int, out int)"/>). Pairs are grouped in units
/// (a parent, an edge, a model list) with weights = pairs in the unit; a number is found by binary search on the
/// cumulative weights, then decoded inside its unit. A uniform number is exactly the study's weighted design on the
/// models that have the genome: siblings = a parent drawn with weight C(k,2), two distinct children; parent–child =
/// an edge; grandparent and three-generation chains = out-degrees along the chain; aunt–niece = an edge g→p with
/// weight k_p·(k_g − 1), then a niece and an aunt ≠ p.
/// </summary>
public sealed class PairPopulation
{
    private readonly int[] _unitA, _unitB;
    private readonly long[] _cum;          // exclusive prefix of unit weights, units + 1 of them (an arena's array may be longer)
    private readonly int _units;
    private readonly int[] _validStart, _valid; // per model: its children in the view that have the genome
    private readonly ViewGraph _view;
    private readonly bool[] _present;
    private readonly long[] _grandValidPrefix; // three generations: per view edge b→c, Σ valid children of b's earlier children

    private PairPopulation(PairType type, ViewGraph view, bool[] present, int[] validStart, int[] valid,
        int[] a, int[] b, long[] cum, int units, long[] grandPrefix)
    {
        _units = units;
        Type = type;
        _view = view;
        _present = present;
        _validStart = validStart;
        _valid = valid;
        _unitA = a; // random pairs: the models with the genome
        _unitB = b;
        _cum = cum;
        _grandValidPrefix = grandPrefix;
    }

    /// <summary>Units written straight into arrays of their final length (the enumeration runs twice: count, then fill),
    /// not grown lists copied at the end: at full scale ~40 populations of up to a million units each.</summary>
    private sealed class Units(PairArena? arena)
    {
        private int _n;
        private int[]? _a, _b;
        private long[]? _cum;

        public void Add(int x, int y, long weight)
        {
            if (weight <= 0) return;
            if (_a is not null)
            {
                _a[_n] = x;
                _b![_n] = y;
                _cum![_n + 1] = checked(_cum[_n] + weight);
            }
            _n++;
        }

        /// <summary>After the counting run: allocates (or takes from the arena) and restarts for the filling run.</summary>
        public void Allocate()
        {
            if (arena is null) (_a, _b, _cum) = (new int[_n], new int[_n], new long[_n + 1]);
            else (_a, _b, _cum) = (PairArena.Take(ref arena.UnitA, _n), PairArena.Take(ref arena.UnitB, _n), PairArena.Take(ref arena.UnitCum, _n + 1));
            _cum[0] = 0;
            _n = 0;
        }

        public (int[] A, int[] B, long[] Cum, int Count) Result => (_a!, _b!, _cum!, _n);
    }

    public PairType Type { get; }

    /// <summary>Pairs in the population (for aunt–niece including the rare (n, n) numbers <see cref="TryUnrank(long, out int, out int)"/> rejects).</summary>
    public long Total => _cum[_units];

    private ReadOnlySpan<int> Valid(int p) => _valid.AsSpan(_validStart[p], _validStart[p + 1] - _validStart[p]);

    /// <summary>Builds the population of <paramref name="type"/> (not <see cref="PairType.Random"/>, see
    /// <see cref="Random"/>) over <paramref name="view"/> for models with <paramref name="present"/>.</summary>
    public static PairPopulation Build(PairType type, ViewGraph view, bool[] present) => Build(type, new ValidChildren(view, present));

    /// <summary>Per model: its children in a view that have the genome (two arrays of the model count). The four family
    /// pair types of one view and genome read the same lists: built once, they are not four times garbage of the
    /// model count's size (at full scale ~15 MB each, ~40 populations, collected only by full collections).
    /// From an <see cref="PairArena"/>, the lists are valid until the next ones built from it.</summary>
    public sealed class ValidChildren
    {
        public ValidChildren(ViewGraph view, bool[] present, PairArena? arena = null)
        {
            int n = present.Length;
            int[] validStart = arena is null ? new int[n + 1] : PairArena.Take(ref arena.ValidStart, n + 1);
            validStart[0] = 0;
            for (int p = 0; p < n; p++)
            {
                int k = 0;
                foreach (int c in view.ChildrenOf(p)) if (present[c]) k++;
                validStart[p + 1] = validStart[p] + k;
            }
            int[] valid = arena is null ? new int[validStart[n]] : PairArena.Take(ref arena.Valid, validStart[n]);
            for (int p = 0, at = 0; p < n; p++) foreach (int c in view.ChildrenOf(p)) if (present[c]) valid[at++] = c;
            (View, Present, Start, Valid) = (view, present, validStart, valid);
        }

        public ViewGraph View { get; }
        public bool[] Present { get; }
        internal int[] Start { get; }
        internal int[] Valid { get; }
    }

    /// <summary><see cref="Build(PairType, ViewGraph, bool[])"/> over lists built beforehand; with an
    /// <paramref name="arena"/>, the population's arrays are the arena's (valid until its next population).</summary>
    public static PairPopulation Build(PairType type, ValidChildren children, PairArena? arena = null)
    {
        ViewGraph view = children.View;
        bool[] present = children.Present;
        int n = present.Length;
        int[] validStart = children.Start, valid = children.Valid;
        int K(int p) => validStart[p + 1] - validStart[p];

        long[] grand = [];
        long[] below = [];
        if (type == PairType.ThreeGenerations)
        {
            grand = arena is null ? new long[view.EdgeCount + 1] : PairArena.Take(ref arena.Grand, view.EdgeCount + 1); // every entry < EdgeCount written below
            below = arena is null ? new long[n] : PairArena.Take(ref arena.Below, n); // Σ_{c∈ch(b)} K(c)
            below.AsSpan(0, n).Clear();
            for (int b = 0; b < n; b++)
                for (int i = view.ChildStart[b]; i < view.ChildStart[b + 1]; i++)
                {
                    grand[i] = below[b];
                    below[b] += K(view.Children[i]);
                }
        }
        var units = new Units(arena);
        Enumerate();
        units.Allocate();
        Enumerate();
        (int[] ua, int[] ub, long[] cum, int count) = units.Result;
        return new PairPopulation(type, view, present, validStart, valid, ua, ub, cum, count, grand);

        void Unit(int x, int y, long weight) => units.Add(x, y, weight);
        void Enumerate()
        {
            switch (type)
            {
                case PairType.ParentChild:
                    for (int p = 0; p < n; p++) if (present[p]) foreach (int c in valid.AsSpan(validStart[p], K(p))) Unit(p, c, 1);
                    break;
                case PairType.Siblings:
                    for (int p = 0; p < n; p++) Unit(p, -1, (long)K(p) * (K(p) - 1) / 2);
                    break;
                case PairType.GrandparentGrandchild:
                    for (int g = 0; g < n; g++) if (present[g]) foreach (int p in view.ChildrenOf(g)) Unit(g, p, K(p));
                    break;
                case PairType.AuntNiece:
                    for (int g = 0; g < n; g++) foreach (int p in view.ChildrenOf(g)) Unit(g, p, (long)K(p) * (K(g) - (present[p] ? 1 : 0)));
                    break;
                case PairType.ThreeGenerations:
                    for (int a = 0; a < n; a++) if (present[a]) foreach (int b in view.ChildrenOf(a)) Unit(a, b, below[b]);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
        }
    }

    /// <summary>Decodes pair <paramref name="index"/> (0 ≤ index &lt; <see cref="Total"/>); false for an aunt–niece
    /// number naming the same model twice (not a pair: skip it or draw again).</summary>
    public bool TryUnrank(long index, out int x, out int y) => TryUnrank(index, out x, out y, out _);

    /// <summary><see cref="TryUnrank(long, out int, out int)"/> that also names the model the pair is read through
    /// (<paramref name="middle"/>): the parent of siblings, the middle of a grandparent path, the grandparent of an
    /// aunt–niece pair, the second model of a 3-generation path a → b → c → d; −1 for random pairs and edges. An
    /// aunt–niece number naming one model twice still sets x = y (the study's designs count that structure).</summary>
    public bool TryUnrank(long index, out int x, out int y, out int middle)
    {
        middle = -1;
        if (Type == PairType.Random)
        {
            (int i, int j) = Triangle(index);
            (x, y) = (_unitA[i], _unitA[j]);
            return true;
        }
        int u = UnitOf(index);
        long r = index - _cum[u];
        int a = _unitA[u], b = _unitB[u];
        switch (Type)
        {
            case PairType.ParentChild:
                (x, y) = (a, b);
                return true;
            case PairType.Siblings:
                (int si, int sj) = Triangle(r);
                (x, y, middle) = (Valid(a)[si], Valid(a)[sj], a);
                return true;
            case PairType.GrandparentGrandchild:
                (x, y, middle) = (a, Valid(b)[(int)r], b);
                return true;
            case PairType.AuntNiece:
                {
                    ReadOnlySpan<int> aunts = Valid(a);
                    int m = aunts.Length - (_present[b] ? 1 : 0);
                    int niece = Valid(b)[(int)(r / m)];
                    int ai = (int)(r % m);
                    if (_present[b] && ai >= aunts.BinarySearch(b)) ai++;
                    (x, y, middle) = (aunts[ai], niece, a);
                    return x != y;
                }
            default:
                {
                    // a→b, then the child c of b whose valid children hold r, then that child.
                    int lo = _view.ChildStart[b], hi = _view.ChildStart[b + 1] - 1;
                    while (lo < hi)
                    {
                        int mid = (lo + hi + 1) >> 1;
                        if (_grandValidPrefix[mid] <= r) lo = mid; else hi = mid - 1;
                    }
                    (x, y, middle) = (a, Valid(_view.Children[lo])[(int)(r - _grandValidPrefix[lo])], b);
                    return true;
                }
        }
    }

    // Weights are positive, so the cumulative array is strictly increasing: the unit is the last start ≤ index.
    private int UnitOf(long index)
    {
        int i = Array.BinarySearch(_cum, 0, _units + 1, index);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>Pair number r of the lexicographic pairs (i &lt; j) ordered by j: r = j(j−1)/2 + i.</summary>
    public static (int I, int J) Triangle(long r)
    {
        long j = (long)((1 + Math.Sqrt(1 + 8.0 * r)) / 2);
        while (j * (j - 1) / 2 > r) j--;
        while ((j + 1) * j / 2 <= r) j++;
        return ((int)(r - j * (j - 1) / 2), (int)j);
    }

    /// <summary>Random pairs: two distinct models among those with the genome (any view), numbered by <see cref="Triangle"/>.</summary>
    /// <remarks>With an <paramref name="arena"/>, the model list is the arena's (valid until its next random population).</remarks>
    public static PairPopulation Random(bool[] present, PairArena? arena = null)
    {
        int count = present.AsSpan().Count(true);
        int[] models = arena is null ? new int[count] : PairArena.Take(ref arena.Models, count);
        for (int i = 0, at = 0; i < present.Length; i++) if (present[i]) models[at++] = i;
        return new PairPopulation(PairType.Random, null!, present, [0], [], models, [], [0, (long)count * (count - 1) / 2], 1, []);
    }
}
