using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Phylo.Kernels;

/// <summary>
/// UTF-8 → code points, as Python's <c>bytes.decode("utf-8", errors="replace")</c> gives them (an invalid sequence
/// becomes U+FFFD): what the Levenshtein kernels compare. Runs of ASCII are widened 64, 32 or 16 bytes at a time
/// (byte → ushort → int, four stores) at the widest allowed level; anything else, and the tail, goes through the
/// scalar loop, which is the reference.
/// </summary>
[SkipLocalsInit]
public static class Utf8Decode
{
    /// <summary>Decodes <paramref name="utf8"/> into <paramref name="into"/> (at least <c>utf8.Length</c> long) and
    /// returns the number of code points.</summary>
    public static int CodePoints(ReadOnlySpan<byte> utf8, Span<int> into, SimdLevel level)
    {
        if (into.Length < utf8.Length) throw new ArgumentException("into is shorter than the UTF-8 input", nameof(into));
        level = Simd.Cap(level);
        ref int o = ref MemoryMarshal.GetReference(into);
        int n = 0;
        while (!utf8.IsEmpty)
        {
            ref byte p = ref MemoryMarshal.GetReference(utf8);
            if (level >= SimdLevel.V512 && utf8.Length >= 64 && Widen512(ref p, ref Unsafe.Add(ref o, n))) { n += 64; utf8 = utf8[64..]; continue; }
            if (level >= SimdLevel.V256 && utf8.Length >= 32 && Widen256(ref p, ref Unsafe.Add(ref o, n))) { n += 32; utf8 = utf8[32..]; continue; }
            if (level >= SimdLevel.V128 && utf8.Length >= 16 && Widen128(ref p, ref Unsafe.Add(ref o, n))) { n += 16; utf8 = utf8[16..]; continue; }
            if (p < 0x80) { Unsafe.Add(ref o, n++) = p; utf8 = utf8[1..]; continue; }
            if (Rune.DecodeFromUtf8(utf8, out Rune r, out int used) != OperationStatus.Done) r = Rune.ReplacementChar;
            Unsafe.Add(ref o, n++) = r.Value;
            utf8 = utf8[Math.Max(used, 1)..];
        }
        return n;
    }

    /// <summary>The reference: one code point at a time.</summary>
    public static int CodePointsScalar(ReadOnlySpan<byte> utf8, Span<int> into) => CodePoints(utf8, into, SimdLevel.Scalar);

    private static bool Widen512(ref byte src, ref int dst)
    {
        Vector512<byte> v = Vector512.LoadUnsafe(ref src);
        if (v.ExtractMostSignificantBits() != 0) return false;
        (Vector512<ushort> lo, Vector512<ushort> hi) = Vector512.Widen(v);
        (Vector512<uint> a, Vector512<uint> b) = Vector512.Widen(lo);
        (Vector512<uint> c, Vector512<uint> d) = Vector512.Widen(hi);
        a.AsInt32().StoreUnsafe(ref dst);
        b.AsInt32().StoreUnsafe(ref dst, 16);
        c.AsInt32().StoreUnsafe(ref dst, 32);
        d.AsInt32().StoreUnsafe(ref dst, 48);
        return true;
    }

    private static bool Widen256(ref byte src, ref int dst)
    {
        Vector256<byte> v = Vector256.LoadUnsafe(ref src);
        if (v.ExtractMostSignificantBits() != 0) return false;
        (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(v);
        (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo);
        (Vector256<uint> c, Vector256<uint> d) = Vector256.Widen(hi);
        a.AsInt32().StoreUnsafe(ref dst);
        b.AsInt32().StoreUnsafe(ref dst, 8);
        c.AsInt32().StoreUnsafe(ref dst, 16);
        d.AsInt32().StoreUnsafe(ref dst, 24);
        return true;
    }

    private static bool Widen128(ref byte src, ref int dst)
    {
        Vector128<byte> v = Vector128.LoadUnsafe(ref src);
        if (v.ExtractMostSignificantBits() != 0) return false;
        (Vector128<ushort> lo, Vector128<ushort> hi) = Vector128.Widen(v);
        (Vector128<uint> a, Vector128<uint> b) = Vector128.Widen(lo);
        (Vector128<uint> c, Vector128<uint> d) = Vector128.Widen(hi);
        a.AsInt32().StoreUnsafe(ref dst);
        b.AsInt32().StoreUnsafe(ref dst, 4);
        c.AsInt32().StoreUnsafe(ref dst, 8);
        d.AsInt32().StoreUnsafe(ref dst, 12);
        return true;
    }
}
