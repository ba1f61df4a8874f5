using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Phylo.Kernels;

/// <summary>
/// Double sums whose rounding does not depend on the vector width: every level adds in the same order.
/// Element i of the first <c>n − n mod 8</c> goes to lane <c>i mod 8</c> (each lane adds its elements in index
/// order); the eight lanes are combined as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)); the remaining
/// elements are then added in index order. At 512 bits the lanes are one <c>Vector512&lt;double&gt;</c>, at 256 two
/// vectors of four, at 128 four of two, in scalar eight locals: the same additions in the same order, so the same
/// bits (no fused multiply-add anywhere: a fused step rounds differently). A float squared or a float product is
/// exact in double, so <see cref="SumOfSquares(ReadOnlySpan{float}, SimdLevel)"/> rounds only in its additions.
/// </summary>
[SkipLocalsInit]
public static class LaneSums
{
    private const int Lanes = 8;

    /// <summary>Σ v² of floats, widened to double before squaring.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> v, SimdLevel level)
    {
        ref float p = ref MemoryMarshal.GetReference(v);
        int n = v.Length, body = n & ~(Lanes - 1);
        Span<double> lanes = stackalloc double[Lanes];
        switch (Simd.Cap(level))
        {
            case SimdLevel.V512:
                {
                    Vector512<double> acc = Vector512<double>.Zero;
                    for (int i = 0; i < body; i += Lanes)
                    {
                        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                        Vector512<double> w = Vector512.Create(lo, hi);
                        acc += w * w;
                    }
                    acc.StoreUnsafe(ref MemoryMarshal.GetReference(lanes));
                    break;
                }
            case SimdLevel.V256:
                {
                    Vector256<double> a0 = Vector256<double>.Zero, a1 = Vector256<double>.Zero;
                    for (int i = 0; i < body; i += Lanes)
                    {
                        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                        a0 += lo * lo;
                        a1 += hi * hi;
                    }
                    Store(lanes, a0, a1);
                    break;
                }
            case SimdLevel.V128:
                {
                    Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (int i = 0; i < body; i += Lanes)
                    {
                        (Vector128<double> w0, Vector128<double> w1) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)i));
                        (Vector128<double> w2, Vector128<double> w3) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)(i + 4)));
                        a0 += w0 * w0;
                        a1 += w1 * w1;
                        a2 += w2 * w2;
                        a3 += w3 * w3;
                    }
                    Store(lanes, a0, a1, a2, a3);
                    break;
                }
            default:
                lanes.Clear();
                for (int i = 0; i < body; i += Lanes)
                    for (int l = 0; l < Lanes; l++)
                    {
                        double x = Unsafe.Add(ref p, i + l);
                        lanes[l] += x * x;
                    }
                break;
        }
        double sum = Combine(lanes);
        for (int i = body; i < n; i++)
        {
            double x = Unsafe.Add(ref p, i);
            sum += x * x;
        }
        return sum;
    }

    /// <summary>Σ aᵢ·bᵢ of doubles (<paramref name="a"/> and <paramref name="b"/> of equal length).</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b, SimdLevel level)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ");
        ref double pa = ref MemoryMarshal.GetReference(a), pb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, body = n & ~(Lanes - 1);
        Span<double> lanes = stackalloc double[Lanes];
        switch (Simd.Cap(level))
        {
            case SimdLevel.V512:
                {
                    Vector512<double> acc = Vector512<double>.Zero;
                    for (int i = 0; i < body; i += Lanes)
                        acc += Vector512.LoadUnsafe(ref pa, (nuint)i) * Vector512.LoadUnsafe(ref pb, (nuint)i);
                    acc.StoreUnsafe(ref MemoryMarshal.GetReference(lanes));
                    break;
                }
            case SimdLevel.V256:
                {
                    Vector256<double> a0 = Vector256<double>.Zero, a1 = Vector256<double>.Zero;
                    for (int i = 0; i < body; i += Lanes)
                    {
                        a0 += Vector256.LoadUnsafe(ref pa, (nuint)i) * Vector256.LoadUnsafe(ref pb, (nuint)i);
                        a1 += Vector256.LoadUnsafe(ref pa, (nuint)(i + 4)) * Vector256.LoadUnsafe(ref pb, (nuint)(i + 4));
                    }
                    Store(lanes, a0, a1);
                    break;
                }
            case SimdLevel.V128:
                {
                    Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (int i = 0; i < body; i += Lanes)
                    {
                        a0 += Vector128.LoadUnsafe(ref pa, (nuint)i) * Vector128.LoadUnsafe(ref pb, (nuint)i);
                        a1 += Vector128.LoadUnsafe(ref pa, (nuint)(i + 2)) * Vector128.LoadUnsafe(ref pb, (nuint)(i + 2));
                        a2 += Vector128.LoadUnsafe(ref pa, (nuint)(i + 4)) * Vector128.LoadUnsafe(ref pb, (nuint)(i + 4));
                        a3 += Vector128.LoadUnsafe(ref pa, (nuint)(i + 6)) * Vector128.LoadUnsafe(ref pb, (nuint)(i + 6));
                    }
                    Store(lanes, a0, a1, a2, a3);
                    break;
                }
            default:
                lanes.Clear();
                for (int i = 0; i < body; i += Lanes)
                    for (int l = 0; l < Lanes; l++) lanes[l] += Unsafe.Add(ref pa, i + l) * Unsafe.Add(ref pb, i + l);
                break;
        }
        double sum = Combine(lanes);
        for (int i = body; i < n; i++) sum += Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i);
        return sum;
    }

    /// <summary>Σ v² of doubles: <see cref="Dot"/> of the vector with itself.</summary>
    public static double SumOfSquares(ReadOnlySpan<double> v, SimdLevel level) => Dot(v, v, level);

    private static double Combine(ReadOnlySpan<double> l) => ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));

    private static void Store(Span<double> lanes, Vector256<double> a0, Vector256<double> a1)
    {
        ref double d = ref MemoryMarshal.GetReference(lanes);
        a0.StoreUnsafe(ref d);
        a1.StoreUnsafe(ref d, 4);
    }

    private static void Store(Span<double> lanes, Vector128<double> a0, Vector128<double> a1, Vector128<double> a2, Vector128<double> a3)
    {
        ref double d = ref MemoryMarshal.GetReference(lanes);
        a0.StoreUnsafe(ref d);
        a1.StoreUnsafe(ref d, 2);
        a2.StoreUnsafe(ref d, 4);
        a3.StoreUnsafe(ref d, 6);
    }
}
