using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86 = System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>
/// The bootstrap's resampled sums (<c>Bootstrap</c>), exact in 64-bit integers. A resample of n values is either a
/// count row (how often each index was drawn) or the drawn indices themselves; a list's resampled sum is the dot product
/// of a count row with its fixed-point values, or the sum of its values at the drawn indices.
/// <para>Exact at any order: integer addition is associative modulo 2⁶⁴, so every lane split, tile and remainder gives
/// the same 64-bit result, which is the true sum whenever that fits in a long. For the bootstrap it does: a count row sums
/// to n ≤ 2²⁰ and a value is at most 2⁴¹ in magnitude (2⁻⁴⁰ fixed point of |x| ≤ 2), so |Σ cⱼvⱼ| ≤ 2⁶¹. The tests check
/// every path against the scalar reference also where the sums wrap.</para>
/// </summary>
[SkipLocalsInit]
public static class ResampleSums
{
    /// <summary>
    /// <c>sums[l·rows + r] = Σ_{j&lt;n} counts[r·countStride + j] · values[l·n + j]</c> for every list l (the lists are
    /// <paramref name="values"/> cut into rows of n) and every count row r. Tiles of 4 lists × 4 count rows keep 16 vector
    /// accumulators in registers over the whole length and reduce them once: each count vector loaded serves four lists,
    /// each value vector four resamples.
    /// </summary>
    public static void CountDots(ReadOnlySpan<long> counts, int countStride, int rows, ReadOnlySpan<long> values, int n, Span<long> sums, SimdLevel level)
    {
        int lists = n == 0 ? 0 : values.Length / n;
        if (n < 0 || rows < 0 || (n > 0 && values.Length != lists * n) || sums.Length < lists * rows
            || (rows > 0 && counts.Length < (long)(rows - 1) * countStride + n) || (rows > 1 && countStride < n))
            throw new ArgumentException("count rows, values and sums do not fit together");
        if (n == 0) { sums[..(lists * rows)].Clear(); return; }
        ref long c = ref MemoryMarshal.GetReference(counts);
        ref long v = ref MemoryMarshal.GetReference(values);
        ref long s = ref MemoryMarshal.GetReference(sums);
        switch (Simd.Cap(level))
        {
            case SimdLevel.V512: CountDotTiles<Lanes512, Vector512<long>>.Run(ref c, countStride, rows, ref v, lists, n, ref s); break;
            case SimdLevel.V256: CountDotTiles<Lanes256, Vector256<long>>.Run(ref c, countStride, rows, ref v, lists, n, ref s); break;
            case SimdLevel.V128: CountDotTiles<Lanes128, Vector128<long>>.Run(ref c, countStride, rows, ref v, lists, n, ref s); break;
            default: CountDotTiles<LanesScalar, long>.Run(ref c, countStride, rows, ref v, lists, n, ref s); break;
        }
    }

    /// <summary>The scalar reference of <see cref="CountDots"/>: one product at a time, in index order.</summary>
    public static long CountDot(ReadOnlySpan<long> counts, ReadOnlySpan<long> values)
    {
        if (counts.Length < values.Length) throw new ArgumentException("a count row shorter than the values", nameof(counts));
        long sum = 0;
        for (int j = 0; j < values.Length; j++) sum = unchecked(sum + counts[j] * values[j]);
        return sum;
    }

    /// <summary>
    /// <c>Σ_{j&lt;n} values[⌊u[j]·n / 2³²⌋]</c>, n = <c>values.Length</c>: the resampled sum of a list drawn straight from its
    /// random numbers (every index is below n, so no read leaves the values). With AVX2 (levels 256 and 512) the indices
    /// are computed four at a time (<c>vpmuludq</c>) and the values gathered (<c>vpgatherqq</c>); otherwise in scalar.
    /// </summary>
    public static unsafe long DrawnSum(ReadOnlySpan<uint> u, ReadOnlySpan<long> values, SimdLevel level)
    {
        int n = values.Length;
        if (u.Length < n) throw new ArgumentException("fewer random numbers than values", nameof(u));
        ref uint pu = ref MemoryMarshal.GetReference(u);
        ref long pv = ref MemoryMarshal.GetReference(values);
        long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        if (Simd.Avx2(level) && n >= 8)
        {
            Vector256<uint> scale = Vector256.Create((ulong)(uint)n).AsUInt32();
            Vector256<long> a0 = default, a1 = default;
            fixed (long* v = values)
            fixed (uint* r = u)
            {
                for (; j + 8 <= n; j += 8)
                {
                    Vector256<uint> w0 = X86.Avx2.ConvertToVector256Int64(r + j).AsUInt32(), w1 = X86.Avx2.ConvertToVector256Int64(r + j + 4).AsUInt32();
                    Vector256<long> i0 = X86.Avx2.ShiftRightLogical(X86.Avx2.Multiply(w0, scale), 32).AsInt64();
                    Vector256<long> i1 = X86.Avx2.ShiftRightLogical(X86.Avx2.Multiply(w1, scale), 32).AsInt64();
                    a0 += X86.Avx2.GatherVector256(v, i0, 8);
                    a1 += X86.Avx2.GatherVector256(v, i1, 8);
                }
            }
            s0 = Vector256.Sum(a0 + a1);
        }
        for (; j + 4 <= n; j += 4) // four sums: the loads overlap
        {
            s0 = unchecked(s0 + Unsafe.Add(ref pv, Index(Unsafe.Add(ref pu, j), n)));
            s1 = unchecked(s1 + Unsafe.Add(ref pv, Index(Unsafe.Add(ref pu, j + 1), n)));
            s2 = unchecked(s2 + Unsafe.Add(ref pv, Index(Unsafe.Add(ref pu, j + 2), n)));
            s3 = unchecked(s3 + Unsafe.Add(ref pv, Index(Unsafe.Add(ref pu, j + 3), n)));
        }
        for (; j < n; j++) s0 = unchecked(s0 + Unsafe.Add(ref pv, Index(Unsafe.Add(ref pu, j), n)));
        return unchecked(s0 + s1 + s2 + s3);
    }

    /// <summary>Index j of a list of n drawn from the 32-bit number u: ⌊u·n / 2³²⌋ (below n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(uint u, int n) => (int)(((ulong)u * (uint)n) >> 32);
}
