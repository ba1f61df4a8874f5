using System.Runtime.CompilerServices;

namespace Phylo.Kernels;

/// <summary>
/// <see cref="ResampleSums.CountDots"/> in tiles, at one lane width: 4 lists × 4 count rows (16 accumulators), then
/// the lists left over 1 × 4, then the rows left over one pair at a time. Each accumulator runs over the whole length
/// in vectors and is reduced once; the last <c>n mod lanes</c> products are added in scalar.
/// </summary>
[SkipLocalsInit]
internal static class CountDotTiles<TL, TV>
    where TL : ILongLanes<TV>
    where TV : struct
{
    public static void Run(ref long counts, int stride, int rows, ref long values, int lists, int n, ref long sums)
    {
        int body = n - n % TL.Count;
        int l = 0;
        for (; l + 4 <= lists; l += 4)
        {
            ref long v = ref Unsafe.Add(ref values, (nint)l * n);
            int r = 0;
            for (; r + 4 <= rows; r += 4)
                Tile4x4(ref Unsafe.Add(ref counts, (nint)r * stride), stride, ref v, n, body, ref Unsafe.Add(ref sums, (nint)l * rows + r), rows);
            for (; r < rows; r++)
                for (int k = 0; k < 4; k++)
                    Unsafe.Add(ref sums, (nint)(l + k) * rows + r) = One(ref Unsafe.Add(ref counts, (nint)r * stride), ref Unsafe.Add(ref v, (nint)k * n), n, body);
        }
        for (; l < lists; l++)
        {
            ref long v = ref Unsafe.Add(ref values, (nint)l * n);
            int r = 0;
            for (; r + 4 <= rows; r += 4)
                Tile1x4(ref Unsafe.Add(ref counts, (nint)r * stride), stride, ref v, n, body, ref Unsafe.Add(ref sums, (nint)l * rows + r));
            for (; r < rows; r++)
                Unsafe.Add(ref sums, (nint)l * rows + r) = One(ref Unsafe.Add(ref counts, (nint)r * stride), ref v, n, body);
        }
    }

    private static void Tile4x4(ref long c0, nint stride, ref long v0, nint n, int body, ref long sums, nint rows)
    {
        ref long c1 = ref Unsafe.Add(ref c0, stride), c2 = ref Unsafe.Add(ref c1, stride), c3 = ref Unsafe.Add(ref c2, stride);
        ref long v1 = ref Unsafe.Add(ref v0, n), v2 = ref Unsafe.Add(ref v1, n), v3 = ref Unsafe.Add(ref v2, n);
        TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        for (nint j = 0; j < body; j += TL.Count)
        {
            TV x0 = TL.Load(ref c0, j), x1 = TL.Load(ref c1, j), x2 = TL.Load(ref c2, j), x3 = TL.Load(ref c3, j);
            TV y = TL.Load(ref v0, j);
            a00 = TL.MultiplyAdd(a00, x0, y); a01 = TL.MultiplyAdd(a01, x1, y); a02 = TL.MultiplyAdd(a02, x2, y); a03 = TL.MultiplyAdd(a03, x3, y);
            y = TL.Load(ref v1, j);
            a10 = TL.MultiplyAdd(a10, x0, y); a11 = TL.MultiplyAdd(a11, x1, y); a12 = TL.MultiplyAdd(a12, x2, y); a13 = TL.MultiplyAdd(a13, x3, y);
            y = TL.Load(ref v2, j);
            a20 = TL.MultiplyAdd(a20, x0, y); a21 = TL.MultiplyAdd(a21, x1, y); a22 = TL.MultiplyAdd(a22, x2, y); a23 = TL.MultiplyAdd(a23, x3, y);
            y = TL.Load(ref v3, j);
            a30 = TL.MultiplyAdd(a30, x0, y); a31 = TL.MultiplyAdd(a31, x1, y); a32 = TL.MultiplyAdd(a32, x2, y); a33 = TL.MultiplyAdd(a33, x3, y);
        }
        Store(ref sums, a00, a01, a02, a03, ref c0, stride, ref v0, body, (int)n);
        Store(ref Unsafe.Add(ref sums, rows), a10, a11, a12, a13, ref c0, stride, ref v1, body, (int)n);
        Store(ref Unsafe.Add(ref sums, 2 * rows), a20, a21, a22, a23, ref c0, stride, ref v2, body, (int)n);
        Store(ref Unsafe.Add(ref sums, 3 * rows), a30, a31, a32, a33, ref c0, stride, ref v3, body, (int)n);
    }

    private static void Tile1x4(ref long c0, nint stride, ref long v, nint n, int body, ref long sums)
    {
        ref long c1 = ref Unsafe.Add(ref c0, stride), c2 = ref Unsafe.Add(ref c1, stride), c3 = ref Unsafe.Add(ref c2, stride);
        TV a0 = default, a1 = default, a2 = default, a3 = default;
        for (nint j = 0; j < body; j += TL.Count)
        {
            TV y = TL.Load(ref v, j);
            a0 = TL.MultiplyAdd(a0, TL.Load(ref c0, j), y);
            a1 = TL.MultiplyAdd(a1, TL.Load(ref c1, j), y);
            a2 = TL.MultiplyAdd(a2, TL.Load(ref c2, j), y);
            a3 = TL.MultiplyAdd(a3, TL.Load(ref c3, j), y);
        }
        Store(ref sums, a0, a1, a2, a3, ref c0, stride, ref v, body, (int)n);
    }

    /// <summary>One list's sums against four consecutive count rows: each accumulator reduced, plus its scalar tail.</summary>
    private static void Store(ref long sums, TV a0, TV a1, TV a2, TV a3, ref long c0, nint stride, ref long v, int body, int n)
    {
        sums = unchecked(TL.Sum(a0) + Tail(ref c0, ref v, body, n));
        Unsafe.Add(ref sums, 1) = unchecked(TL.Sum(a1) + Tail(ref Unsafe.Add(ref c0, stride), ref v, body, n));
        Unsafe.Add(ref sums, 2) = unchecked(TL.Sum(a2) + Tail(ref Unsafe.Add(ref c0, 2 * stride), ref v, body, n));
        Unsafe.Add(ref sums, 3) = unchecked(TL.Sum(a3) + Tail(ref Unsafe.Add(ref c0, 3 * stride), ref v, body, n));
    }

    private static long One(ref long c, ref long v, int n, int body)
    {
        TV a = default;
        for (nint j = 0; j < body; j += TL.Count) a = TL.MultiplyAdd(a, TL.Load(ref c, j), TL.Load(ref v, j));
        return unchecked(TL.Sum(a) + Tail(ref c, ref v, body, n));
    }

    private static long Tail(ref long c, ref long v, int body, int n)
    {
        long sum = 0;
        for (int j = body; j < n; j++) sum = unchecked(sum + Unsafe.Add(ref c, j) * Unsafe.Add(ref v, j));
        return sum;
    }
}
