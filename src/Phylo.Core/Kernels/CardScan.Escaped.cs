using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>What <see cref="CardScan.ScanEscaped(ReadOnlySpan{byte}, int)"/> finds in the inside of a quoted CSV field:
/// the facts of the field's text (the inside with every <c>""</c> read as one <c>"</c>) and where that text's prefix
/// ends in the inside (<see cref="RawPrefixBytes"/>; <see cref="ScannedCard.PrefixBytes"/> is its length in the text).
/// Only when <see cref="Paired"/>: otherwise the inside is not one the pairs rule reads (a lone quote, or a quote after
/// text after a closing quote, which CsvHelper reads another way), and the caller decodes the field instead.</summary>
public readonly record struct ScannedEscapedCard(ScannedCard Facts, int RawPrefixBytes, bool Paired);

public static partial class CardScan
{
    /// <summary>
    /// The facts of a CSV field's text read straight from the inside of the quoted field (the bytes between its first
    /// and last quote), without the unquoting copy. The inside of a well-formed field is the text with every quote
    /// doubled; the first quote of each pair is not part of the text. It is ASCII, so it is one code point less; it is
    /// neither whitespace nor a letter, and the pair's second quote stays beside where it was, so words (whitespace →
    /// non-whitespace transitions), the two phrases and multi-byte whitespace are the same read on either bytes. The
    /// genome's cut skips removed quotes. Each block adds one quote mask: the prefix XOR of the quotes marks the odd ones
    /// (removed); an even one must follow its odd one at once, else the field is not <see cref="ScannedEscapedCard.Paired"/>,
    /// nor is it when the quotes are odd in number (a lone quote at the end, which unquoting drops). The facts are the
    /// text's only when the inside is valid UTF-8 (a quote is then never inside a multi-byte sequence), which the scan
    /// checks in the same pass (<see cref="ScannedCard.ValidUtf8"/>; the text is valid exactly when the inside is: a
    /// pair leaves a quote where it was). <see cref="SimdLevel.Scalar"/> does
    /// not scan: it returns not paired, so the caller runs its reference path (decode, then <see cref="Scan(ReadOnlySpan{byte}, int, SimdLevel)"/>).
    /// </summary>
    public static ScannedEscapedCard ScanEscaped(ReadOnlySpan<byte> inside, int prefixCodePoints) => ScanEscaped(inside, prefixCodePoints, Simd.Level);

    /// <inheritdoc cref="ScanEscaped(ReadOnlySpan{byte}, int)"/>
    public static ScannedEscapedCard ScanEscaped(ReadOnlySpan<byte> inside, int prefixCodePoints, SimdLevel level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixCodePoints);
        level = Simd.Cap(level);
        if (level == SimdLevel.Scalar) return default;
        State s = Run<DoubledQuotes>(inside, prefixCodePoints, level);
        var e = s.Escapes;
        if (e.Unpaired || (e.Quotes & 1) != 0) return default;
        int n = inside.Length;
        bool cut = s.PrefixBytes >= 0;
        int rawPrefix = cut ? s.PrefixBytes : n;
        var facts = new ScannedCard(n - s.Continuations - e.Removed, s.Words, s.Auto, rawPrefix - (cut ? e.RemovedBeforeCut : e.Removed), s.Utf8.Valid);
        return new ScannedEscapedCard(facts, rawPrefix, Paired: true);
    }

    /// <summary>How a scan reads quotes: <see cref="Plain"/> as text, <see cref="DoubledQuotes"/> as CSV's doubled quotes.</summary>
    private interface IScanMode
    {
        static abstract bool Escaped { get; }
    }

    private readonly struct Plain : IScanMode
    {
        public static bool Escaped => false;
    }

    private readonly struct DoubledQuotes : IScanMode
    {
        public static bool Escaped => true;
    }

    /// <summary>The quotes of an escaped scan so far.</summary>
    private struct Escapes
    {
        public int Quotes, Removed, RemovedBeforeCut;
        public ulong Odd;       // all ones after an odd-numbered quote: the next quote is its pair's second
        public ulong PrevQuote; // 1 when the previous block ended with a quote
        public bool Unpaired;

        /// <summary>Folds in a block's quotes; returns the removed ones (the first of each pair).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Add(ulong quotes)
        {
            if (quotes == 0)
            {
                PrevQuote = 0;
                return 0;
            }
            ulong odd = PrefixXor(quotes) ^ Odd; // bit i: odd quotes up to i, inclusive
            ulong removed = quotes & odd, second = quotes & ~odd;
            if ((second & ~((quotes << 1) | PrevQuote)) != 0) Unpaired = true;
            Odd = (ulong)((long)odd >> 63);
            PrevQuote = quotes >> 63;
            Quotes += BitOperations.PopCount(quotes);
            Removed += BitOperations.PopCount(removed);
            return removed;
        }
    }

    /// <summary>Bit i = XOR of bits 0..i: one carry-less multiply by all ones where PCLMUL runs (the escaped scan runs at
    /// 128 bits or more), else six shift-XORs.</summary>
    private static ulong PrefixXor(ulong x)
    {
        if (Simd.Pclmul(SimdLevel.V128))
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(x), Vector128<ulong>.AllBitsSet, 0).ToScalar();
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        return x ^ (x << 32);
    }
}
