using System.Runtime.CompilerServices;
using Phylo.Kernels;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Exact sums of cosine over every pair of each family type, in time linear in edges and two-step paths (docs/engine.md §4).
/// With u the unit rows (zero for models without the genome) and, for a parent p, C_p = Σ_{c∈ch(p)} u_c:
/// <list type="bullet">
/// <item>siblings of p: Σ_{i&lt;j} uᵢ·uⱼ = (‖C_p‖² − Σ‖uᵢ‖²) / 2;</item>
/// <item>grandparent g: Σ_{p∈ch(g)} u_g·C_p;</item>
/// <item>aunt–niece under g: Σ_{p∈ch(g)} (C_g − u_p)·C_p, less ‖u_n‖² for every niece n that is also a child of g
/// (the pair (n, n));</item>
/// <item>three generations: for each b, U_b = Σ_{c∈ch(b)} C_c, then Σ_{a∈pa(b)} u_a·U_b.</item>
/// </list>
/// Counts follow the same algebra on the 0/1 genome indicator. Each loop walks the models of one block (whole
/// families) in a fixed order and sums in double; the block's totals become fixed point in <see cref="SimilarityPartial"/>.
/// </summary>
[SkipLocalsInit]
public sealed class CosinePairSums
{
    private readonly VectorGenome _rows;
    private readonly SimilarityMeasure _measure;
    private readonly double[] _inv;
    private readonly int[] _rowOf;

    [ThreadStatic] private static float[]? t_values;

    public CosinePairSums(VectorGenome genome, SimilarityMeasure measure)
    {
        _rows = genome;
        _measure = measure;
        _inv = genome.InverseNorm(measure);
        _rowOf = genome.RowOf;
    }

    /// <summary>Row <paramref name="r"/>'s values of this measure, made from its counts into the thread's buffer
    /// (valid until the thread's next call).</summary>
    private ReadOnlySpan<float> ValsOf(int r)
    {
        float[] buf = t_values is { } b && b.Length >= _rows.Columns ? b : t_values = new float[Math.Max(1, _rows.Columns)];
        return buf.AsSpan(0, _rows.Values(_measure, r, buf));
    }

    /// <summary>Per-thread dense accumulators (a set per measure of a pair) and the child marks of the aunt correction.</summary>
    public sealed class Scratch(int columns, int models)
    {
        internal readonly double[] C = new double[columns], T = new double[columns], U = new double[columns];
        internal readonly double[] C2 = new double[columns], T2 = new double[columns], U2 = new double[columns];
        internal readonly int[] Mark = new int[models];
        internal int Token;
        internal readonly WalkOrder Order = new();
    }

    /// <summary>Whether the model has a row (the genome) in this process.</summary>
    internal bool Has(int model) => _rowOf[model] >= 0;

    /// <summary>‖u_model‖² (1 for a model with a non-empty row, 0 for an empty or missing one, to rounding).</summary>
    internal double SelfSquare(int model)
    {
        double self = 0;
        int r = _rowOf[model];
        if (r < 0) return 0;
        double inv = _inv[r];
        foreach (float v in ValsOf(r)) { double x = v * inv; self += x * x; }
        return self;
    }

    /// <summary>Adds u_model into <paramref name="dense"/>; false (nothing added) when it has no genome.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Add(Span<double> dense, int model, ref double selfSquares)
    {
        int r = _rowOf[model];
        if (r < 0) return false;
        double inv = _inv[r];
        ReadOnlySpan<ushort> cols = _rows.ColsOf(r);
        ReadOnlySpan<float> vals = ValsOf(r);
        double self = selfSquares;
        for (int k = 0; k < cols.Length; k++)
        {
            double v = vals[k] * inv;
            dense[cols[k]] += v;
            self += v * v;
        }
        selfSquares = self;
        return true;
    }

    /// <summary>Adds scale·u_model into <paramref name="dense"/> (nothing without a genome).</summary>
    internal void AddScaled(Span<double> dense, int model, double scale)
    {
        int r = _rowOf[model];
        if (r < 0) return;
        double f = _inv[r] * scale;
        ReadOnlySpan<ushort> cols = _rows.ColsOf(r);
        ReadOnlySpan<float> vals = ValsOf(r);
        for (int k = 0; k < cols.Length; k++) dense[cols[k]] += vals[k] * f;
    }

    /// <summary>u_model · dense (0 without a genome).</summary>
    internal double Dot(int model, ReadOnlySpan<double> dense)
    {
        int r = _rowOf[model];
        if (r < 0) return 0;
        ReadOnlySpan<ushort> cols = _rows.ColsOf(r);
        ReadOnlySpan<float> vals = ValsOf(r);
        double s = 0;
        for (int k = 0; k < cols.Length; k++) s += vals[k] * dense[cols[k]];
        return s * _inv[r];
    }

    /// <summary>Sibling, grandparent, aunt–niece and three-generation sums of one block in one view for two measures
    /// of one genome (TF-IDF and BoW: same rows, same pairs), into <paramref name="sums"/>/<paramref name="otherSums"/>
    /// indexed by <see cref="PairType"/>, and the pair counts (the same for both) into <paramref name="counts"/>. One
    /// walk of the families for both: each row fetched once, the two measures' serial sums interleaved. Each measure's
    /// sums take exactly the operations, in the order, of a walk of its own, so its bits do not depend on the pairing.</summary>
    public static void Accumulate(ViewGraph view, ReadOnlySpan<int> models, Scratch s, CosinePairSums first, Span<double> sums,
        CosinePairSums second, Span<double> otherSums, Span<long> counts)
    {
        if (first._rows != second._rows) throw new ArgumentException("the two measures must be of one genome");
        Span<double> c = s.C, t = s.T, c2 = s.C2, t2 = s.T2;
        int[] rowOf = first._rowOf;
        // The walk adds the models of its order list (children, then grandchildren) one after another, prefetching ahead.
        ReadOnlySpan<int> order = s.Order.Family(view, models);
        int at = 0;
        foreach (int g in models)
        {
            ReadOnlySpan<int> kids = view.ChildrenOf(g);
            if (kids.IsEmpty) continue;
            c.Clear();
            c2.Clear();
            double self = 0, self2 = 0;
            long a = 0;
            for (int end = at + kids.Length; at < end; at++)
            {
                first.PrefetchAhead(order, at);
                if (Add(first, c, second, c2, order[at], ref self, ref self2)) a++;
            }
            sums[(int)PairType.Siblings] += (DenseCosine.SumOfSquares(c) - self) / 2;
            otherSums[(int)PairType.Siblings] += (DenseCosine.SumOfSquares(c2) - self2) / 2;
            counts[(int)PairType.Siblings] += a * (a - 1) / 2;
            bool marked = false;
            foreach (int p in kids)
            {
                ReadOnlySpan<int> nieces = view.ChildrenOf(p);
                if (nieces.IsEmpty) continue;
                if (!marked) { s.Token++; foreach (int k in kids) s.Mark[k] = s.Token; marked = true; }
                t.Clear();
                t2.Clear();
                long m = 0, selfPairs = 0;
                double selfSum = 0, selfSum2 = 0;
                for (int end = at + nieces.Length; at < end; at++)
                {
                    int n = order[at];
                    first.PrefetchAhead(order, at);
                    double sq = 0, sq2 = 0;
                    if (!Add(first, t, second, t2, n, ref sq, ref sq2)) continue;
                    m++;
                    if (s.Mark[n] == s.Token) { selfSum += sq; selfSum2 += sq2; selfPairs++; }
                }
                if (m == 0) continue;
                if (rowOf[g] >= 0)
                {
                    sums[(int)PairType.GrandparentGrandchild] += first.Dot(g, t);
                    otherSums[(int)PairType.GrandparentGrandchild] += second.Dot(g, t2);
                    counts[(int)PairType.GrandparentGrandchild] += m;
                }
                long aunts = a - (rowOf[p] >= 0 ? 1 : 0);
                sums[(int)PairType.AuntNiece] += DenseCosine.Dot(c, t) - first.Dot(p, t) - selfSum;
                otherSums[(int)PairType.AuntNiece] += DenseCosine.Dot(c2, t2) - second.Dot(p, t2) - selfSum2;
                counts[(int)PairType.AuntNiece] += aunts * m - selfPairs;
            }
        }
        AccumulateThreeGenerations(view, models, s, first, sums, second, otherSums, counts);
    }

    private static void AccumulateThreeGenerations(ViewGraph view, ReadOnlySpan<int> models, Scratch s, CosinePairSums first, Span<double> sums,
        CosinePairSums second, Span<double> otherSums, Span<long> counts)
    {
        Span<double> u = s.U, u2 = s.U2;
        int[] rowOf = first._rowOf;
        ReadOnlySpan<int> order = s.Order.ThreeGenerations(view, models);
        int at = 0;
        foreach (int b in models)
        {
            ReadOnlySpan<int> parents = view.ParentsOf(b);
            if (parents.IsEmpty) continue;
            bool cleared = false;
            long m = 0;
            foreach (int c in view.ChildrenOf(b))
            {
                for (int end = at + view.ChildStart[c + 1] - view.ChildStart[c]; at < end; at++)
                {
                    int d = order[at];
                    first.PrefetchAhead(order, at);
                    if (rowOf[d] < 0) continue;
                    if (!cleared) { u.Clear(); u2.Clear(); cleared = true; }
                    double ignored = 0, ignored2 = 0;
                    Add(first, u, second, u2, d, ref ignored, ref ignored2);
                    m++;
                }
            }
            if (m == 0) continue;
            foreach (int a in parents)
            {
                if (rowOf[a] < 0) continue;
                sums[(int)PairType.ThreeGenerations] += first.Dot(a, u);
                otherSums[(int)PairType.ThreeGenerations] += second.Dot(a, u2);
                counts[(int)PairType.ThreeGenerations] += m;
            }
        }
    }

    /// <summary><see cref="Add(Span{double}, int, ref double)"/> of both measures of the model's row.</summary>
    private static bool Add(CosinePairSums first, Span<double> dense, CosinePairSums second, Span<double> otherDense, int model,
        ref double selfSquares, ref double otherSelfSquares)
    {
        int r = first._rowOf[model];
        if (r < 0) return false;
        VectorGenome rows = first._rows;
        ReadOnlySpan<ushort> cols = rows.ColsOf(r);
        ReadOnlySpan<float> a = first.ValsOf(r), v = second.OtherValsOf(r);
        double fa = first._inv[r], fb = second._inv[r];
        // The chains run in locals: through the refs, each step would store and reload its sum (the dense stores may alias it).
        double selfA = selfSquares, selfB = otherSelfSquares;
        for (int k = 0; k < cols.Length; k++)
        {
            double x = a[k] * fa, y = v[k] * fb;
            dense[cols[k]] += x;
            selfA += x * x;
            otherDense[cols[k]] += y;
            selfB += y * y;
        }
        selfSquares = selfA;
        otherSelfSquares = selfB;
        return true;
    }

    /// <summary><see cref="ValsOf"/> into the thread's second buffer (valid while the first holds the other measure's).</summary>
    private ReadOnlySpan<float> OtherValsOf(int r)
    {
        float[] buf = t_second is { } b && b.Length >= _rows.Columns ? b : t_second = new float[Math.Max(1, _rows.Columns)];
        return buf.AsSpan(0, _rows.Values(_measure, r, buf));
    }

    /// <summary>Random-pair inputs of a block: Σu into <paramref name="columns"/>, Σ‖u‖² and the genome count.</summary>
    public (double Self, long Count) AccumulateRandom(ReadOnlySpan<int> models, Span<double> columns)
    {
        double self = 0;
        long m = 0;
        foreach (int x in models) if (Add(columns, x, ref self)) m++;
        return (self, m);
    }

    /// <summary>
    /// <see cref="AccumulateRandom(ReadOnlySpan{int}, Span{double})"/> of two measures of one genome in one walk of the
    /// block: each row (columns, counts, row index) is fetched once for both, and the two measures' serial sums interleave.
    /// Each measure's sums take exactly the operations, in exactly the order, of its own walk, so the bits are the same.
    /// The block's models come family-major from hashed buckets, not in row order, so each model's row index, offsets,
    /// norms, columns and counts are cache misses, each load depending on the one before: they are prefetched in stages
    /// (the row index <see cref="IndexAhead"/> models ahead, offsets and norms <see cref="OffsetsAhead"/>, columns and
    /// counts <see cref="RowAhead"/>), so no stage waits on a miss of its own.
    /// </summary>
    public static ((double Self, long Count) First, (double Self, long Count) Second) AccumulateRandom(ReadOnlySpan<int> models,
        CosinePairSums first, Span<double> firstColumns, CosinePairSums second, Span<double> secondColumns)
    {
        if (first._rows != second._rows) throw new ArgumentException("the two measures must be of one genome");
        double selfA = 0, selfB = 0;
        long m = 0;
        for (int i = 0; i < models.Length; i++)
        {
            first.PrefetchAhead(models, i);
            if (Add(first, firstColumns, second, secondColumns, models[i], ref selfA, ref selfB)) m++;
        }
        return ((selfA, m), (selfB, m));
    }

    /// <summary>Before the add of <c>order[i]</c>: prefetches in stages the rows of the models further down
    /// <paramref name="order"/> (the row index <see cref="IndexAhead"/> models ahead, offsets and norms
    /// <see cref="OffsetsAhead"/>, columns and counts <see cref="RowAhead"/>), so no stage waits on a miss of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PrefetchAhead(ReadOnlySpan<int> order, int i)
    {
        if (i + IndexAhead < order.Length) PrefetchIndex(_rowOf, order[i + IndexAhead]);
        if (i + OffsetsAhead < order.Length) PrefetchOffsets(_rows, _rowOf[order[i + OffsetsAhead]]);
        if (i + RowAhead < order.Length) PrefetchRow(_rows, _rowOf[order[i + RowAhead]]);
    }

    /// <summary>Models ahead whose row index, offsets and norms, and columns and counts the random walk prefetches.</summary>
    private const int IndexAhead = 16, OffsetsAhead = 8, RowAhead = 4;

    private static unsafe void PrefetchIndex(int[] rowOf, int model)
    {
        if (!Simd.CanPrefetch) return;
        fixed (int* p = rowOf) Simd.Prefetch0(p + model);
    }

    private static unsafe void PrefetchOffsets(VectorGenome rows, int r)
    {
        if (r < 0 || !Simd.CanPrefetch) return;
        fixed (int* o = rows.Counts.Offsets)
        fixed (double* a = rows.TfIdfNorm, b = rows.BowNorm, c = rows.TfIdfInverseNorm, d = rows.BowInverseNorm)
        {
            Simd.Prefetch0(o + r);
            Simd.Prefetch0(a + r);
            Simd.Prefetch0(b + r);
            Simd.Prefetch0(c + r);
            Simd.Prefetch0(d + r);
        }
    }

    [ThreadStatic] private static float[]? t_second;

    private static unsafe void PrefetchRow(VectorGenome rows, int r)
    {
        if (r < 0 || !Simd.CanPrefetch) return;
        ReadOnlySpan<ushort> cols = rows.ColsOf(r), counts = rows.Counts.CountsOf(r);
        if (cols.IsEmpty) return;
        fixed (ushort* c = cols, n = counts)
            for (int k = 0; k < cols.Length; k += 32) // a 64-byte line of each
            {
                Simd.Prefetch0(c + k);
                Simd.Prefetch0(n + k);
            }
    }
}
