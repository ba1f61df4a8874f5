using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86 = System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>
/// TF-IDF and bag-of-words values of a row of raw term counts, in exactly the arithmetic of
/// <c>TermVectorizer.Row</c> (docs/engine.md §4): the weight of column c with count n is <c>n · idf[c]</c> (TF-IDF) or
/// <c>n</c> (BoW) in double, the row's norm is <c>√Σ w²</c> summed in column order (1 for an empty or zero row), and
/// the value is <c>(float)(w / norm)</c>. Rows are stored as counts (<c>TermCountRows</c>, 4 bytes a non-zero) and
/// their values made here on read, so they need not be kept (8 bytes a non-zero more).
/// <para>Every step is one correctly rounded IEEE operation per element (a widening, a product, a quotient, a
/// narrowing), so the vector paths give the scalar path's bits; the norm is a sequential sum and stays scalar.</para>
/// </summary>
[SkipLocalsInit]
public static class CountWeights
{
    /// <summary>The row's norm: <c>√Σ w²</c> in column order, 1 when the sum is 0. <paramref name="idf"/> null: BoW.</summary>
    public static double Norm(ReadOnlySpan<ushort> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf)
    {
        double sumSq = 0;
        if (idf.IsEmpty)
            for (int k = 0; k < counts.Length; k++) { double v = counts[k]; sumSq += v * v; }
        else
            for (int k = 0; k < counts.Length; k++) { double v = counts[k] * idf[cols[k]]; sumSq += v * v; }
        return sumSq > 0 ? Math.Sqrt(sumSq) : 1.0;
    }

    /// <inheritdoc cref="Norm(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, ReadOnlySpan{double})"/>
    /// <remarks>Counts as doubles (a row with a count beyond 16 bits).</remarks>
    public static double Norm(ReadOnlySpan<double> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf)
    {
        double sumSq = 0;
        for (int k = 0; k < counts.Length; k++) { double v = idf.IsEmpty ? counts[k] : counts[k] * idf[cols[k]]; sumSq += v * v; }
        return sumSq > 0 ? Math.Sqrt(sumSq) : 1.0;
    }

    /// <summary><c>into[k] = (float)(w_k / norm)</c>; <paramref name="idf"/> empty: BoW.</summary>
    public static void Values(ReadOnlySpan<ushort> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf, double norm, Span<float> into) =>
        Values(counts, cols, idf, norm, into, Simd.Level);

    /// <inheritdoc cref="Values(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, ReadOnlySpan{double}, double, Span{float})"/>
    public static void Values(ReadOnlySpan<ushort> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf, double norm, Span<float> into, SimdLevel level)
    {
        int n = counts.Length;
        if (cols.Length != n || into.Length < n) throw new ArgumentException("counts, columns and output differ in length");
        int k = 0;
        if (Simd.Avx512F(level)) k = Values512(counts, cols, idf, norm, into);
        else if (Simd.Avx2(level)) k = Values256(counts, cols, idf, norm, into);
        if (idf.IsEmpty)
            for (; k < n; k++) into[k] = (float)(counts[k] / norm);
        else
            for (; k < n; k++) into[k] = (float)(counts[k] * idf[cols[k]] / norm);
    }

    /// <inheritdoc cref="Values(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, ReadOnlySpan{double}, double, Span{float})"/>
    /// <remarks>Counts as doubles (a row with a count beyond 16 bits).</remarks>
    public static void Values(ReadOnlySpan<double> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf, double norm, Span<float> into)
    {
        for (int k = 0; k < counts.Length; k++) into[k] = (float)((idf.IsEmpty ? counts[k] : counts[k] * idf[cols[k]]) / norm);
    }

    // Eight at a time: counts widened to int then double, idf gathered by column, divided, narrowed to float.
    private static unsafe int Values512(ReadOnlySpan<ushort> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf, double norm, Span<float> into)
    {
        int n = counts.Length, body = n & ~7;
        ref ushort c = ref MemoryMarshal.GetReference(counts);
        ref ushort col = ref MemoryMarshal.GetReference(cols);
        ref float o = ref MemoryMarshal.GetReference(into);
        Vector512<double> d = Vector512.Create(norm);
        fixed (double* w = idf)
        {
            for (int k = 0; k < body; k += 8)
            {
                Vector256<int> ci = Vector256.WidenLower(Vector128.LoadUnsafe(ref c, (nuint)k).AsUInt16().ToVector256()).AsInt32();
                Vector512<double> v = X86.Avx512F.ConvertToVector512Double(ci);
                if (w != null)
                {
                    Vector256<int> ix = Vector256.WidenLower(Vector128.LoadUnsafe(ref col, (nuint)k).ToVector256()).AsInt32();
                    // No 512-bit gather in the API: two AVX2 ones (every AVX-512 CPU has AVX2).
                    v *= Vector512.Create(X86.Avx2.GatherVector256(w, ix.GetLower(), 8), X86.Avx2.GatherVector256(w, ix.GetUpper(), 8));
                }
                X86.Avx512F.ConvertToVector256Single(v / d).StoreUnsafe(ref o, (nuint)k);
            }
        }
        return body;
    }

    // Four at a time (AVX2's gather and conversions).
    private static unsafe int Values256(ReadOnlySpan<ushort> counts, ReadOnlySpan<ushort> cols, ReadOnlySpan<double> idf, double norm, Span<float> into)
    {
        int n = counts.Length, body = n & ~3;
        ref ushort c = ref MemoryMarshal.GetReference(counts);
        ref ushort col = ref MemoryMarshal.GetReference(cols);
        ref float o = ref MemoryMarshal.GetReference(into);
        Vector256<double> d = Vector256.Create(norm);
        fixed (double* w = idf)
        {
            for (int k = 0; k < body; k += 4)
            {
                Vector128<int> ci = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref c, k)))).AsUInt16()).AsInt32();
                Vector256<double> v = X86.Avx.ConvertToVector256Double(ci);
                if (w != null)
                {
                    Vector128<int> ix = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref col, k)))).AsUInt16()).AsInt32();
                    v *= X86.Avx2.GatherVector256(w, ix, 8);
                }
                X86.Avx.ConvertToVector128Single(v / d).StoreUnsafe(ref o, (nuint)k);
            }
        }
        return body;
    }
}
