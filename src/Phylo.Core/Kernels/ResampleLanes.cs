using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Phylo.Kernels;

/// <summary>The 64-bit integer lanes <see cref="CountDotTiles{TL, TV}"/> multiplies and adds: one vector type per
/// instruction set (the JIT compiles the tiles once per type, with the calls inlined), and a plain long as the scalar
/// fallback. Products and sums wrap modulo 2⁶⁴ at every width.</summary>
internal interface ILongLanes<TV> where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Load(ref long p, nint offset);

    static abstract TV MultiplyAdd(TV sum, TV a, TV b);

    static abstract long Sum(TV v);
}

internal readonly struct Lanes512 : ILongLanes<Vector512<long>>
{
    public static int Count => Vector512<long>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> Load(ref long p, nint offset) => Vector512.LoadUnsafe(ref p, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> MultiplyAdd(Vector512<long> sum, Vector512<long> a, Vector512<long> b) => sum + a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(Vector512<long> v) => Vector512.Sum(v);
}

internal readonly struct Lanes256 : ILongLanes<Vector256<long>>
{
    public static int Count => Vector256<long>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Load(ref long p, nint offset) => Vector256.LoadUnsafe(ref p, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> MultiplyAdd(Vector256<long> sum, Vector256<long> a, Vector256<long> b) => sum + a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(Vector256<long> v) => Vector256.Sum(v);
}

internal readonly struct Lanes128 : ILongLanes<Vector128<long>>
{
    public static int Count => Vector128<long>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<long> Load(ref long p, nint offset) => Vector128.LoadUnsafe(ref p, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<long> MultiplyAdd(Vector128<long> sum, Vector128<long> a, Vector128<long> b) => sum + a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(Vector128<long> v) => Vector128.Sum(v);
}

internal readonly struct LanesScalar : ILongLanes<long>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Load(ref long p, nint offset) => Unsafe.Add(ref p, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MultiplyAdd(long sum, long a, long b) => unchecked(sum + a * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(long v) => v;
}
