namespace Phylo.Kernels;

/// <summary>
/// Dense double accumulators for exact-mode means (docs/engine.md §4): the mean cosine over all k(k−1)/2 pairs of
/// L2-normalized rows x₁…x_k is (‖Σxᵢ‖² − Σ‖xᵢ‖²) / (k(k−1)), linear in k. Sums go through <see cref="LaneSums"/>,
/// whose addition order is the same at every vector width (TensorPrimitives' reductions, used here before, order and
/// fuse their additions by the hardware's width, so a report's last digits depended on the CPU); sparse rows are
/// scattered in scalar (no vector scatter pays at ~50 non-zeros).
/// </summary>
public static class DenseCosine
{
    /// <summary>dense[cols[i]] += vals[i], widened to double.</summary>
    public static void AddSparseInto(Span<double> dense, ReadOnlySpan<int> cols, ReadOnlySpan<float> vals)
    {
        if (cols.Length != vals.Length) throw new ArgumentException("cols and vals differ in length");
        for (int i = 0; i < cols.Length; i++) dense[cols[i]] += vals[i];
    }

    /// <summary>Σ v² of a dense double vector.</summary>
    public static double SumOfSquares(ReadOnlySpan<double> dense) => LaneSums.SumOfSquares(dense, Simd.Level);

    /// <summary>Σ a·b of two dense double vectors.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => LaneSums.Dot(a, b, Simd.Level);

    /// <summary>Cosine of two dense float vectors computed in double; 0 when either is zero.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ");
        double dot = 0;
        for (int i = 0; i < a.Length; i++) dot += (double)a[i] * b[i];
        double na = SparseCosine.SumOfSquares(a), nb = SparseCosine.SumOfSquares(b);
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>
    /// Mean of xᵢ·xⱼ over all unordered pairs i &lt; j of the listed rows: (‖Σxᵢ‖² − Σ‖xᵢ‖²) / (k(k−1)).
    /// For L2-normalized rows this is the mean pairwise cosine. <paramref name="scratch"/> must be
    /// <see cref="SparseRows.ColumnCount"/> long; it is cleared here. NaN when fewer than two rows.
    /// </summary>
    public static double MeanPairwiseDot(SparseRows rows, ReadOnlySpan<int> members, Span<double> scratch)
    {
        int k = members.Length;
        if (k < 2) return double.NaN;
        Span<double> sum = scratch[..rows.ColumnCount];
        sum.Clear();
        double selfSquares = 0;
        foreach (int r in members)
        {
            AddSparseInto(sum, rows.ColsOf(r), rows.ValsOf(r));
            selfSquares += SparseCosine.SumOfSquares(rows.ValsOf(r));
        }
        return (SumOfSquares(sum) - selfSquares) / ((double)k * (k - 1));
    }
}
