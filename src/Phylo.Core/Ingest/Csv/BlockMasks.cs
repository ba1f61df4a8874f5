using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Ingest.Csv;

/// <summary>
/// Classifies one 64-byte block into bit masks (bit i = byte i): the only thing that differs between
/// vector widths. Scanning loops are generic over this interface, so the JIT emits one specialised
/// loop per width with the mask code inlined.
/// </summary>
internal interface IBlockMasks
{
    /// <summary>Masks of <c>"</c>, <c>\n</c>, <c>\r</c> and <c>,</c> in the 64 bytes at <paramref name="p"/>.</summary>
    static abstract void RecordMasks(ref byte p, out ulong quotes, out ulong lf, out ulong cr, out ulong commas);

    /// <summary>Masks of <c>"</c> and <c>,</c> in the 64 bytes at <paramref name="p"/>.</summary>
    static abstract void FieldMasks(ref byte p, out ulong quotes, out ulong commas);
}

/// <summary>One 512-bit compare per character class (AVX-512BW: vpcmpeqb into a k-mask).</summary>
internal readonly struct Masks512 : IBlockMasks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordMasks(ref byte p, out ulong quotes, out ulong lf, out ulong cr, out ulong commas)
    {
        var v = Vector512.LoadUnsafe(ref p);
        quotes = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
        lf = Vector512.Equals(v, Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
        cr = Vector512.Equals(v, Vector512.Create((byte)'\r')).ExtractMostSignificantBits();
        commas = Vector512.Equals(v, Vector512.Create((byte)',')).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FieldMasks(ref byte p, out ulong quotes, out ulong commas)
    {
        var v = Vector512.LoadUnsafe(ref p);
        quotes = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
        commas = Vector512.Equals(v, Vector512.Create((byte)',')).ExtractMostSignificantBits();
    }
}

/// <summary>Two 256-bit halves per block (AVX2: vpcmpeqb + vpmovmskb).</summary>
internal readonly struct Masks256 : IBlockMasks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordMasks(ref byte p, out ulong quotes, out ulong lf, out ulong cr, out ulong commas)
    {
        var lo = Vector256.LoadUnsafe(ref p);
        var hi = Vector256.LoadUnsafe(ref p, 32);
        quotes = Of(lo, hi, (byte)'"');
        lf = Of(lo, hi, (byte)'\n');
        cr = Of(lo, hi, (byte)'\r');
        commas = Of(lo, hi, (byte)',');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FieldMasks(ref byte p, out ulong quotes, out ulong commas)
    {
        var lo = Vector256.LoadUnsafe(ref p);
        var hi = Vector256.LoadUnsafe(ref p, 32);
        quotes = Of(lo, hi, (byte)'"');
        commas = Of(lo, hi, (byte)',');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Of(Vector256<byte> lo, Vector256<byte> hi, byte c)
    {
        var needle = Vector256.Create(c);
        return Vector256.Equals(lo, needle).ExtractMostSignificantBits()
            | ((ulong)Vector256.Equals(hi, needle).ExtractMostSignificantBits() << 32);
    }
}

/// <summary>Four 128-bit quarters per block (SSE2/NEON).</summary>
internal readonly struct Masks128 : IBlockMasks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordMasks(ref byte p, out ulong quotes, out ulong lf, out ulong cr, out ulong commas)
    {
        var (a, b, c, d) = Load(ref p);
        quotes = Of(a, b, c, d, (byte)'"');
        lf = Of(a, b, c, d, (byte)'\n');
        cr = Of(a, b, c, d, (byte)'\r');
        commas = Of(a, b, c, d, (byte)',');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FieldMasks(ref byte p, out ulong quotes, out ulong commas)
    {
        var (a, b, c, d) = Load(ref p);
        quotes = Of(a, b, c, d, (byte)'"');
        commas = Of(a, b, c, d, (byte)',');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<byte>, Vector128<byte>, Vector128<byte>, Vector128<byte>) Load(ref byte p) =>
        (Vector128.LoadUnsafe(ref p), Vector128.LoadUnsafe(ref p, 16), Vector128.LoadUnsafe(ref p, 32), Vector128.LoadUnsafe(ref p, 48));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Of(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c, Vector128<byte> d, byte x)
    {
        var needle = Vector128.Create(x);
        return Vector128.Equals(a, needle).ExtractMostSignificantBits()
            | ((ulong)Vector128.Equals(b, needle).ExtractMostSignificantBits() << 16)
            | ((ulong)Vector128.Equals(c, needle).ExtractMostSignificantBits() << 32)
            | ((ulong)Vector128.Equals(d, needle).ExtractMostSignificantBits() << 48);
    }
}

/// <summary>Bit tricks shared by the scanners.</summary>
internal static class Bits
{
    /// <summary>
    /// Bit i of the result is the XOR of bits 0..i of <paramref name="quotes"/>: 1 where the byte lies
    /// inside quotes (an opening quote counts as inside, a closing one as outside). One carry-less
    /// multiply by all-ones when PCLMULQDQ exists, else six shift-XOR steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PrefixXor(ulong quotes)
    {
        if (Kernels.Simd.Pclmul(Kernels.SimdLevel.V128)) // the vector passes, the only callers, run at 128 bits or more
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(quotes), Vector128<ulong>.AllBitsSet, 0).ToScalar();
        return PrefixXorShifts(quotes);
    }

    /// <summary>The portable prefix XOR; the reference for <see cref="PrefixXor"/>.</summary>
    public static ulong PrefixXorShifts(ulong x)
    {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    /// <summary>Bits 0..k inclusive (k in 0..63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ThroughBit(int k) => (2UL << k) - 1;

    /// <summary>Bits below k (k in 0..63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong BelowBit(int k) => (1UL << k) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(ulong x) => BitOperations.PopCount(x);
}
