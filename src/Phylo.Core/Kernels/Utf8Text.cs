using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Phylo.Kernels;

/// <summary>
/// Card facts on raw UTF-8 (docs/engine.md §3), vectorized. Each method has an overload taking an explicit
/// <see cref="SimdLevel"/>; the scalar path is the reference, <see cref="CardFacts"/> the oracle.
/// Cascade: at each position the widest allowed vector (64, 32, then 16 bytes) is tried; whatever is
/// left (fewer than 16 bytes, or a block a vector path declines) goes through the scalar loop.
/// No padding is assumed and nothing reads past the span.
/// </summary>
[SkipLocalsInit]
public static class Utf8Text
{
    /// <summary>Length in code points as Python's <c>len(str)</c>: bytes that are not continuation bytes (10xxxxxx).</summary>
    public static int CountCodePoints(ReadOnlySpan<byte> utf8) => CountCodePoints(utf8, Simd.Level);

    /// <inheritdoc cref="CountCodePoints(ReadOnlySpan{byte})"/>
    public static int CountCodePoints(ReadOnlySpan<byte> utf8, SimdLevel level)
    {
        ref byte p = ref MemoryMarshal.GetReference(utf8);
        int n = utf8.Length, i = 0, cont = 0;
        // Continuation bytes are 0x80..0xBF, i.e. the signed bytes below -64.
        if (level >= SimdLevel.V512)
            for (; i <= n - 64; i += 64)
                cont += BitOperations.PopCount(Vector512.LessThan(Vector512.LoadUnsafe(ref p, (nuint)i).AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits());
        if (level >= SimdLevel.V256)
            for (; i <= n - 32; i += 32)
                cont += BitOperations.PopCount(Vector256.LessThan(Vector256.LoadUnsafe(ref p, (nuint)i).AsSByte(), Vector256.Create((sbyte)-64)).ExtractMostSignificantBits());
        if (level >= SimdLevel.V128)
            for (; i <= n - 16; i += 16)
                cont += BitOperations.PopCount(Vector128.LessThan(Vector128.LoadUnsafe(ref p, (nuint)i).AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits());
        for (; i < n; i++) cont += (sbyte)Unsafe.Add(ref p, i) < -64 ? 1 : 0;
        return n - cont;
    }

    /// <summary>Byte length of the first <paramref name="maxCodePoints"/> code points (the whole span when shorter):
    /// the UTF-8 form of Python's <c>s[:maxCodePoints]</c>.</summary>
    public static int PrefixByteLength(ReadOnlySpan<byte> utf8, int maxCodePoints) => PrefixByteLength(utf8, maxCodePoints, Simd.Level);

    /// <inheritdoc cref="PrefixByteLength(ReadOnlySpan{byte}, int)"/>
    /// <remarks>The cut is the (maxCodePoints + 1)-th lead byte (not 10xxxxxx). Vectors count a block's lead bytes
    /// (compare → mask → popcount) and skip it while they are not more than the lead bytes still allowed; the block
    /// that holds the cut finds it as the k-th set bit of its mask (<c>pdep</c> + <c>tzcnt</c>).</remarks>
    public static int PrefixByteLength(ReadOnlySpan<byte> utf8, int maxCodePoints, SimdLevel level)
    {
        ref byte p = ref MemoryMarshal.GetReference(utf8);
        int n = utf8.Length, i = 0, left = maxCodePoints; // lead bytes that still fit before the cut
        level = Simd.Cap(level);
        bool pdep = Simd.Bmi2(level);
        if (level >= SimdLevel.V512)
            for (; i <= n - 64; i += 64)
                if (Cut(Leads(Vector512.LoadUnsafe(ref p, (nuint)i)), ref left, pdep) is int at) return i + at;
        if (level >= SimdLevel.V256)
            for (; i <= n - 32; i += 32)
                if (Cut(Leads(Vector256.LoadUnsafe(ref p, (nuint)i)), ref left, pdep) is int at) return i + at;
        if (level >= SimdLevel.V128)
            for (; i <= n - 16; i += 16)
                if (Cut(Leads(Vector128.LoadUnsafe(ref p, (nuint)i)), ref left, pdep) is int at) return i + at;
        for (; i < n; i++)
        {
            if ((Unsafe.Add(ref p, i) & 0xC0) == 0x80) continue;
            if (left == 0) return i;
            left--;
        }
        return n;
    }

    // Lead bytes are the bytes that are not continuation bytes 0x80..0xBF (signed: below -64).
    private static ulong Leads(Vector512<byte> v) => (~Vector512.LessThan(v.AsSByte(), Vector512.Create((sbyte)-64))).ExtractMostSignificantBits();
    private static ulong Leads(Vector256<byte> v) => (~Vector256.LessThan(v.AsSByte(), Vector256.Create((sbyte)-64))).ExtractMostSignificantBits();
    private static ulong Leads(Vector128<byte> v) => (~Vector128.LessThan(v.AsSByte(), Vector128.Create((sbyte)-64))).ExtractMostSignificantBits();

    /// <summary>The offset in a block of its lead byte number <paramref name="left"/> (0-based) when the block has more
    /// lead bytes than that; else null and the block's lead bytes are used up from <paramref name="left"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int? Cut(ulong leads, ref int left, bool pdep)
    {
        int count = BitOperations.PopCount(leads);
        if (count <= left)
        {
            left -= count;
            return null;
        }
        return pdep
            ? BitOperations.TrailingZeroCount(Bmi2.X64.ParallelBitDeposit(1UL << left, leads))
            : NthSetBitPortable(leads, left);
    }

    /// <summary>Position of set bit number <paramref name="k"/> (0-based, from the lowest) of <paramref name="mask"/>,
    /// which has more than k set bits: the path without BMI2's <c>pdep</c>.</summary>
    internal static int NthSetBitPortable(ulong mask, int k)
    {
        for (int j = 0; j < k; j++) mask &= mask - 1; // drop the lowest k set bits
        return BitOperations.TrailingZeroCount(mask);
    }

    /// <summary>Words as Python's <c>len(str.split())</c>: maximal runs of code points that are not
    /// <see cref="CardFacts.IsPythonWhitespace"/>. Invalid UTF-8 decodes to U+FFFD (not whitespace).</summary>
    public static int CountWords(ReadOnlySpan<byte> utf8) => CountWords(utf8, Simd.Level);

    /// <inheritdoc cref="CountWords(ReadOnlySpan{byte})"/>
    /// <remarks>All-ASCII blocks are classified with one vector compare into a whitespace bit mask; word starts are
    /// non-whitespace bits whose predecessor (shifted in, with the carry from the previous block) is whitespace.
    /// A block holding any byte ≥ 0x80 is declined and decoded by the scalar loop, which may run a few bytes
    /// past the block to finish a code point; vectors resume where it stops.</remarks>
    public static int CountWords(ReadOnlySpan<byte> utf8, SimdLevel level)
    {
        ref byte p = ref MemoryMarshal.GetReference(utf8);
        int n = utf8.Length, i = 0, words = 0;
        ulong prevWs = 1; // the position before the text counts as whitespace
        while (i < n)
        {
            int left = n - i;
            ulong ws;
            if (level >= SimdLevel.V512 && left >= 64 && AsciiWhitespace512(ref p, i, out ws)) { words += Starts(ws, 64, ref prevWs); i += 64; continue; }
            if (level >= SimdLevel.V256 && left >= 32 && AsciiWhitespace256(ref p, i, out ws)) { words += Starts(ws, 32, ref prevWs); i += 32; continue; }
            if (level >= SimdLevel.V128 && left >= 16 && AsciiWhitespace128(ref p, i, out ws)) { words += Starts(ws, 16, ref prevWs); i += 16; continue; }
            int stop = level == SimdLevel.Scalar ? n : Math.Min(n, i + 16);
            while (i < stop)
            {
                OperationStatus st = Rune.DecodeFromUtf8(utf8[i..], out Rune r, out int used);
                if (st != OperationStatus.Done) { r = Rune.ReplacementChar; used = Math.Max(used, 1); }
                ulong isWs = CardFacts.IsPythonWhitespace(r.Value) ? 1UL : 0UL;
                words += (int)(prevWs & (isWs ^ 1));
                prevWs = isWs;
                i += used;
            }
        }
        return words;
    }

    private static int Starts(ulong ws, int width, ref ulong prevWs)
    {
        ulong all = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong starts = ~ws & ((ws << 1) | prevWs) & all;
        prevWs = (ws >> (width - 1)) & 1;
        return BitOperations.PopCount(starts);
    }

    // ASCII whitespace for str.split(): 0x09-0x0D and 0x1C-0x20, two unsigned range checks.
    private static bool AsciiWhitespace512(ref byte p, int i, out ulong ws)
    {
        Vector512<byte> v = Vector512.LoadUnsafe(ref p, (nuint)i);
        ws = (Vector512.LessThanOrEqual(v - Vector512.Create((byte)0x09), Vector512.Create((byte)4))
            | Vector512.LessThanOrEqual(v - Vector512.Create((byte)0x1C), Vector512.Create((byte)4))).ExtractMostSignificantBits();
        return v.ExtractMostSignificantBits() == 0;
    }

    private static bool AsciiWhitespace256(ref byte p, int i, out ulong ws)
    {
        Vector256<byte> v = Vector256.LoadUnsafe(ref p, (nuint)i);
        ws = (Vector256.LessThanOrEqual(v - Vector256.Create((byte)0x09), Vector256.Create((byte)4))
            | Vector256.LessThanOrEqual(v - Vector256.Create((byte)0x1C), Vector256.Create((byte)4))).ExtractMostSignificantBits();
        return v.ExtractMostSignificantBits() == 0;
    }

    private static bool AsciiWhitespace128(ref byte p, int i, out ulong ws)
    {
        Vector128<byte> v = Vector128.LoadUnsafe(ref p, (nuint)i);
        ws = (Vector128.LessThanOrEqual(v - Vector128.Create((byte)0x09), Vector128.Create((byte)4))
            | Vector128.LessThanOrEqual(v - Vector128.Create((byte)0x1C), Vector128.Create((byte)4))).ExtractMostSignificantBits();
        return v.ExtractMostSignificantBits() == 0;
    }

    /// <summary>Whether <paramref name="utf8"/> contains <paramref name="lowerAsciiNeedle"/> when only ASCII A–Z are
    /// lowercased (a byte ≥ 0x80 matches only itself). For needles of lowercase letters and spaces this is
    /// exactly <see cref="CardFacts.IsAutoGenerated"/>'s test. An empty needle is always contained.</summary>
    public static bool ContainsAsciiIgnoreCase(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> lowerAsciiNeedle) =>
        ContainsAsciiIgnoreCase(utf8, lowerAsciiNeedle, Simd.Level);

    /// <inheritdoc cref="ContainsAsciiIgnoreCase(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// <remarks>Vector path: lowercase W candidate first bytes and W candidate last bytes, compare both with the
    /// needle's first and last byte, verify each surviving candidate in scalar. Candidates whose last byte would
    /// fall outside the span are left to the scalar loop.</remarks>
    public static bool ContainsAsciiIgnoreCase(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> lowerAsciiNeedle, SimdLevel level)
    {
        int m = lowerAsciiNeedle.Length, n = utf8.Length;
        if (m == 0) return true;
        ref byte p = ref MemoryMarshal.GetReference(utf8);
        int i = 0, last = n - m; // candidates are 0..last
        byte first = lowerAsciiNeedle[0], lastByte = lowerAsciiNeedle[m - 1];
        if (level >= SimdLevel.V512)
            for (; i + 64 <= last + 1; i += 64)
            {
                ulong cand = (Vector512.Equals(Lower(Vector512.LoadUnsafe(ref p, (nuint)i)), Vector512.Create(first))
                    & Vector512.Equals(Lower(Vector512.LoadUnsafe(ref p, (nuint)(i + m - 1))), Vector512.Create(lastByte))).ExtractMostSignificantBits();
                if (cand != 0 && Verify(utf8, lowerAsciiNeedle, i, cand)) return true;
            }
        if (level >= SimdLevel.V256)
            for (; i + 32 <= last + 1; i += 32)
            {
                ulong cand = (Vector256.Equals(Lower(Vector256.LoadUnsafe(ref p, (nuint)i)), Vector256.Create(first))
                    & Vector256.Equals(Lower(Vector256.LoadUnsafe(ref p, (nuint)(i + m - 1))), Vector256.Create(lastByte))).ExtractMostSignificantBits();
                if (cand != 0 && Verify(utf8, lowerAsciiNeedle, i, cand)) return true;
            }
        if (level >= SimdLevel.V128)
            for (; i + 16 <= last + 1; i += 16)
            {
                ulong cand = (Vector128.Equals(Lower(Vector128.LoadUnsafe(ref p, (nuint)i)), Vector128.Create(first))
                    & Vector128.Equals(Lower(Vector128.LoadUnsafe(ref p, (nuint)(i + m - 1))), Vector128.Create(lastByte))).ExtractMostSignificantBits();
                if (cand != 0 && Verify(utf8, lowerAsciiNeedle, i, cand)) return true;
            }
        for (; i <= last; i++)
            if (MatchesAt(utf8, lowerAsciiNeedle, i)) return true;
        return false;
    }

    private static bool Verify(ReadOnlySpan<byte> hay, ReadOnlySpan<byte> needle, int block, ulong candidates)
    {
        for (; candidates != 0; candidates &= candidates - 1)
            if (MatchesAt(hay, needle, block + BitOperations.TrailingZeroCount(candidates))) return true;
        return false;
    }

    private static bool MatchesAt(ReadOnlySpan<byte> hay, ReadOnlySpan<byte> needle, int at)
    {
        for (int j = 0; j < needle.Length; j++)
            if (LowerAscii(hay[at + j]) != needle[j]) return false;
        return true;
    }

    /// <summary>ASCII lowercase of one byte: A–Z become a–z, every other byte is unchanged.</summary>
    public static byte LowerAscii(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    private static Vector512<byte> Lower(Vector512<byte> v) =>
        v | (Vector512.LessThanOrEqual(v - Vector512.Create((byte)'A'), Vector512.Create((byte)25)) & Vector512.Create((byte)0x20));

    private static Vector256<byte> Lower(Vector256<byte> v) =>
        v | (Vector256.LessThanOrEqual(v - Vector256.Create((byte)'A'), Vector256.Create((byte)25)) & Vector256.Create((byte)0x20));

    private static Vector128<byte> Lower(Vector128<byte> v) =>
        v | (Vector128.LessThanOrEqual(v - Vector128.Create((byte)'A'), Vector128.Create((byte)25)) & Vector128.Create((byte)0x20));
}
