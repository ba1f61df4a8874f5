using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phylo.Kernels;

/// <summary>
/// Cosine of sparse rows with strictly ascending column indices (CSR rows of <see cref="SparseRows"/>), all sums
/// in double. The dot product is a branch-light sorted merge: rows hold ~50 of 512 columns, so the merge is
/// bound by its loop-carried index updates and vectors do not pay; there is deliberately no SIMD path.
/// A row with zero norm has cosine 0 with everything (sklearn's cosine_similarity on a zero row).
/// </summary>
[SkipLocalsInit]
public static class SparseCosine
{
    /// <summary>Σ a[c]·b[c] over columns present in both rows.</summary>
    public static double Dot(ReadOnlySpan<int> colsA, ReadOnlySpan<float> valsA, ReadOnlySpan<int> colsB, ReadOnlySpan<float> valsB)
    {
        if (colsA.Length != valsA.Length || colsB.Length != valsB.Length) throw new ArgumentException("cols and vals differ in length");
        ref int ca = ref MemoryMarshal.GetReference(colsA);
        ref int cb = ref MemoryMarshal.GetReference(colsB);
        ref float va = ref MemoryMarshal.GetReference(valsA);
        ref float vb = ref MemoryMarshal.GetReference(valsB);
        int i = 0, j = 0, na = colsA.Length, nb = colsB.Length;
        double sum = 0;
        while (i < na && j < nb)
        {
            int x = Unsafe.Add(ref ca, i), y = Unsafe.Add(ref cb, j);
            if (x == y) sum += (double)Unsafe.Add(ref va, i) * Unsafe.Add(ref vb, j);
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        return sum;
    }

    /// <summary>Σ v² in double (floats widened before squaring).</summary>
    public static double SumOfSquares(ReadOnlySpan<float> vals) => SumOfSquares(vals, Simd.Level);

    /// <inheritdoc cref="SumOfSquares(ReadOnlySpan{float})"/>
    /// <remarks>The same bits at every level: <see cref="LaneSums"/> fixes the order of the additions.</remarks>
    public static double SumOfSquares(ReadOnlySpan<float> vals, SimdLevel level) => LaneSums.SumOfSquares(vals, level);

    /// <summary>Euclidean norm in double.</summary>
    public static double Norm(ReadOnlySpan<float> vals) => Math.Sqrt(SumOfSquares(vals));

    /// <summary>dot / (‖a‖·‖b‖); 0 when either row is zero.</summary>
    public static double Cosine(ReadOnlySpan<int> colsA, ReadOnlySpan<float> valsA, ReadOnlySpan<int> colsB, ReadOnlySpan<float> valsB)
    {
        double na = SumOfSquares(valsA), nb = SumOfSquares(valsB);
        if (na == 0 || nb == 0) return 0;
        return Dot(colsA, valsA, colsB, valsB) / Math.Sqrt(na * nb);
    }

    /// <summary>Cosine of rows <paramref name="a"/> and <paramref name="b"/> of <paramref name="rows"/>.</summary>
    public static double Cosine(SparseRows rows, int a, int b) => Cosine(rows.ColsOf(a), rows.ValsOf(a), rows.ColsOf(b), rows.ValsOf(b));
}
