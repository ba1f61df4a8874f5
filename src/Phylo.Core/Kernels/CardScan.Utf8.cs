using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Phylo.Kernels;

public static partial class CardScan
{
    /// <summary>
    /// Whether the scanned bytes are valid UTF-8 (what <see cref="System.Text.Unicode.Utf8.IsValid(ReadOnlySpan{byte})"/>
    /// says), folded into the scan's blocks (native-notes/ingest.md, "UTF-8 checked in the card's scan"). A block whose
    /// bytes are all ASCII and that no sequence of the previous block reaches into costs one test of its non-ASCII mask.
    /// Any other block is classified by vector compares into masks — continuation bytes (the scan's), leads of 2-, 3- and
    /// 4-byte sequences, and the leads and second bytes whose pairs UTF-8 forbids — and is valid exactly when:
    /// <list type="bullet">
    /// <item>the continuation bytes are exactly the bytes the leads expect (a 2-, 3- or 4-byte lead expects 1, 2 or 3
    /// after it; sequences that overlap expect a lead to be a continuation, a stray continuation is expected by none);</item>
    /// <item>no byte is C0, C1 or F5–FF (overlong two-byte leads, beyond U+10FFFF);</item>
    /// <item>no E0 is followed by 80–9F nor F0 by 80–8F (overlong), no ED by A0–BF (surrogates), no F4 by 90–BF
    /// (beyond U+10FFFF).</item>
    /// </list>
    /// A sequence led in the last three bytes of a block carries its expected bytes (and, for E0/ED/F0/F4 as the very
    /// last byte, its second-byte rule) into the next block; expected bytes left after the last block are a truncated
    /// sequence. The stack copy's zero padding is ASCII, which no lead accepts as its continuation.
    /// </summary>
    private struct Utf8Check
    {
        private ulong _expected;                            // bits 0..2: continuation bytes the previous block's leads still need
        private ulong _afterE0, _afterED, _afterF0, _afterF4; // 1 when the previous block ended with that lead
        private bool _invalid;

        /// <summary>Valid so far, no sequence left open: after the last block, the bytes are valid UTF-8.</summary>
        public readonly bool Valid => !_invalid && _expected == 0;

        /// <summary>Folds in the block at <paramref name="at"/> of <paramref name="q"/> (64 bytes, readable).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(ulong nonAscii, ulong continuation, ref byte q, int at, SimdLevel level)
        {
            if ((nonAscii | _expected) != 0) Mixed(continuation, ref q, at, level);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Mixed(ulong cont, ref byte q, int at, SimdLevel level)
        {
            if (_invalid) return;
            Utf8Classes c = level >= SimdLevel.V512 ? Utf8Classes512(ref q, at)
                : level >= SimdLevel.V256 ? Or(Utf8Classes256(ref q, at), Utf8Classes256(ref q, at + 32), 32)
                : Or(Or(Utf8Classes128(ref q, at), Utf8Classes128(ref q, at + 16), 16), Or(Utf8Classes128(ref q, at + 32), Utf8Classes128(ref q, at + 48), 16), 32);
            ulong expected = (c.Leads234 << 1) | (c.Leads34 << 2) | (c.Leads4 << 3) | _expected;
            ulong stray = c.NonAscii & ~cont & ~c.Leads234; // C0, C1, F5..FF
            ulong forbidden = (((c.E0 << 1) | _afterE0) & c.Below0xA0) | (((c.ED << 1) | _afterED) & cont & ~c.Below0xA0)
                | (((c.F0 << 1) | _afterF0) & c.Below0x90) | (((c.F4 << 1) | _afterF4) & cont & ~c.Below0x90);
            _invalid = (expected ^ cont | stray | forbidden) != 0;
            _expected = (c.Leads234 >> 63) | (c.Leads34 >> 62) | (c.Leads4 >> 61);
            (_afterE0, _afterED, _afterF0, _afterF4) = (c.E0 >> 63, c.ED >> 63, c.F0 >> 63, c.F4 >> 63);
        }
    }

    /// <summary>A block's bytes by their UTF-8 role; <see cref="Leads234"/> ⊇ <see cref="Leads34"/> ⊇ <see cref="Leads4"/>.</summary>
    private struct Utf8Classes
    {
        public ulong NonAscii, Leads234, Leads34, Leads4, E0, ED, F0, F4, Below0x90, Below0xA0;
    }

    private static Utf8Classes Or(Utf8Classes a, Utf8Classes b, int shift) => new()
    {
        NonAscii = a.NonAscii | b.NonAscii << shift,
        Leads234 = a.Leads234 | b.Leads234 << shift,
        Leads34 = a.Leads34 | b.Leads34 << shift,
        Leads4 = a.Leads4 | b.Leads4 << shift,
        E0 = a.E0 | b.E0 << shift,
        ED = a.ED | b.ED << shift,
        F0 = a.F0 | b.F0 << shift,
        F4 = a.F4 | b.F4 << shift,
        Below0x90 = a.Below0x90 | b.Below0x90 << shift,
        Below0xA0 = a.Below0xA0 | b.Below0xA0 << shift,
    };

    // Unsigned ranges as (v - low) <= (high - low): leads C2..F4, E0..F4, F0..F4; continuations 80..8F and 80..9F.
    private static Utf8Classes Utf8Classes512(ref byte p, int i)
    {
        Vector512<byte> v = Vector512.LoadUnsafe(ref p, (nuint)i);
        return new Utf8Classes
        {
            NonAscii = v.ExtractMostSignificantBits(),
            Leads234 = Vector512.LessThanOrEqual(v - Vector512.Create((byte)0xC2), Vector512.Create((byte)0x32)).ExtractMostSignificantBits(),
            Leads34 = Vector512.LessThanOrEqual(v - Vector512.Create((byte)0xE0), Vector512.Create((byte)0x14)).ExtractMostSignificantBits(),
            Leads4 = Vector512.LessThanOrEqual(v - Vector512.Create((byte)0xF0), Vector512.Create((byte)0x04)).ExtractMostSignificantBits(),
            E0 = Vector512.Equals(v, Vector512.Create((byte)0xE0)).ExtractMostSignificantBits(),
            ED = Vector512.Equals(v, Vector512.Create((byte)0xED)).ExtractMostSignificantBits(),
            F0 = Vector512.Equals(v, Vector512.Create((byte)0xF0)).ExtractMostSignificantBits(),
            F4 = Vector512.Equals(v, Vector512.Create((byte)0xF4)).ExtractMostSignificantBits(),
            Below0x90 = Vector512.LessThanOrEqual(v - Vector512.Create((byte)0x80), Vector512.Create((byte)0x0F)).ExtractMostSignificantBits(),
            Below0xA0 = Vector512.LessThanOrEqual(v - Vector512.Create((byte)0x80), Vector512.Create((byte)0x1F)).ExtractMostSignificantBits(),
        };
    }

    private static Utf8Classes Utf8Classes256(ref byte p, int i)
    {
        Vector256<byte> v = Vector256.LoadUnsafe(ref p, (nuint)i);
        return new Utf8Classes
        {
            NonAscii = v.ExtractMostSignificantBits(),
            Leads234 = Vector256.LessThanOrEqual(v - Vector256.Create((byte)0xC2), Vector256.Create((byte)0x32)).ExtractMostSignificantBits(),
            Leads34 = Vector256.LessThanOrEqual(v - Vector256.Create((byte)0xE0), Vector256.Create((byte)0x14)).ExtractMostSignificantBits(),
            Leads4 = Vector256.LessThanOrEqual(v - Vector256.Create((byte)0xF0), Vector256.Create((byte)0x04)).ExtractMostSignificantBits(),
            E0 = Vector256.Equals(v, Vector256.Create((byte)0xE0)).ExtractMostSignificantBits(),
            ED = Vector256.Equals(v, Vector256.Create((byte)0xED)).ExtractMostSignificantBits(),
            F0 = Vector256.Equals(v, Vector256.Create((byte)0xF0)).ExtractMostSignificantBits(),
            F4 = Vector256.Equals(v, Vector256.Create((byte)0xF4)).ExtractMostSignificantBits(),
            Below0x90 = Vector256.LessThanOrEqual(v - Vector256.Create((byte)0x80), Vector256.Create((byte)0x0F)).ExtractMostSignificantBits(),
            Below0xA0 = Vector256.LessThanOrEqual(v - Vector256.Create((byte)0x80), Vector256.Create((byte)0x1F)).ExtractMostSignificantBits(),
        };
    }

    private static Utf8Classes Utf8Classes128(ref byte p, int i)
    {
        Vector128<byte> v = Vector128.LoadUnsafe(ref p, (nuint)i);
        return new Utf8Classes
        {
            NonAscii = v.ExtractMostSignificantBits(),
            Leads234 = Vector128.LessThanOrEqual(v - Vector128.Create((byte)0xC2), Vector128.Create((byte)0x32)).ExtractMostSignificantBits(),
            Leads34 = Vector128.LessThanOrEqual(v - Vector128.Create((byte)0xE0), Vector128.Create((byte)0x14)).ExtractMostSignificantBits(),
            Leads4 = Vector128.LessThanOrEqual(v - Vector128.Create((byte)0xF0), Vector128.Create((byte)0x04)).ExtractMostSignificantBits(),
            E0 = Vector128.Equals(v, Vector128.Create((byte)0xE0)).ExtractMostSignificantBits(),
            ED = Vector128.Equals(v, Vector128.Create((byte)0xED)).ExtractMostSignificantBits(),
            F0 = Vector128.Equals(v, Vector128.Create((byte)0xF0)).ExtractMostSignificantBits(),
            F4 = Vector128.Equals(v, Vector128.Create((byte)0xF4)).ExtractMostSignificantBits(),
            Below0x90 = Vector128.LessThanOrEqual(v - Vector128.Create((byte)0x80), Vector128.Create((byte)0x0F)).ExtractMostSignificantBits(),
            Below0xA0 = Vector128.LessThanOrEqual(v - Vector128.Create((byte)0x80), Vector128.Create((byte)0x1F)).ExtractMostSignificantBits(),
        };
    }
}
