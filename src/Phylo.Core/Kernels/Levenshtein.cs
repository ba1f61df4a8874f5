using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phylo.Kernels;

/// <summary>
/// Levenshtein distance over Unicode code points (docs/engine.md §4), bit-parallel: Myers (1999) in Hyyrö's formulation for
/// patterns of ≤ 64 code points, and Hyyrö's (2003) block version (one 64-bit word per 64 pattern rows, vertical
/// deltas VP/VN per block, horizontal ±1 carried block to block, as in edlib) for longer ones. Common prefix and
/// suffix are stripped first (exact, and large for cards from one template); the shorter string is the pattern.
/// The pattern's match masks are built per call in thread-local scratch: code points &lt; 256 index a direct
/// table, others an open-addressing map; each distinct pattern code point owns a row of <c>blocks</c> words.
/// </summary>
[SkipLocalsInit]
public static partial class Levenshtein
{
    [ThreadStatic] private static PatternMasks? t_masks;

    /// <summary>Normalized similarity 1 − dist / max(|a|, |b|); both empty → 1, exactly one empty → 0.</summary>
    public static double Similarity(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        return a.IsEmpty || b.IsEmpty ? Normalize(0, a.Length, b.Length) : Normalize(Distance(a, b), a.Length, b.Length);
    }

    /// <summary>Edit distance (insert, delete, substitute; cost 1 each) between two code point sequences.</summary>
    public static int Distance(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];
        int suffix = CommonSuffixLength(a, b, SimdLevel.Scalar); // the reference path: no vectors of its own
        a = a[..^suffix];
        b = b[..^suffix];
        if (a.Length > b.Length) { ReadOnlySpan<int> t = a; a = b; b = t; }
        if (a.IsEmpty) return b.Length;
        PatternMasks masks = t_masks ??= new PatternMasks();
        int blocks = (a.Length + 63) >> 6;
        masks.Build(a, blocks);
        try
        {
            return blocks == 1 ? SingleWord(masks, a.Length, b) : MultiWord(masks, a.Length, blocks, b);
        }
        finally
        {
            masks.Clear(a);
        }
    }

    private static int SingleWord(PatternMasks masks, int m, ReadOnlySpan<int> text)
    {
        ulong vp = ulong.MaxValue, vn = 0, last = 1UL << (m - 1);
        int score = m;
        foreach (int c in text)
        {
            ulong eq = masks.Row(c)[0];
            ulong x = eq | vn;
            ulong d0 = (((eq & vp) + vp) ^ vp) | x;
            ulong hp = vn | ~(d0 | vp);
            ulong hn = vp & d0;
            score += (int)((hp & last) != 0 ? 1 : 0) - ((hn & last) != 0 ? 1 : 0);
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | ~(d0 | hp);
            vn = hp & d0;
        }
        return score;
    }

    private static int MultiWord(PatternMasks masks, int m, int blocks, ReadOnlySpan<int> text)
    {
        ulong[]? rented = null;
        Span<ulong> state = blocks <= 64 ? stackalloc ulong[2 * blocks] : (rented = ArrayPool<ulong>.Shared.Rent(2 * blocks));
        ref ulong vp = ref MemoryMarshal.GetReference(state);
        ref ulong vn = ref Unsafe.Add(ref vp, blocks);
        for (int b = 0; b < blocks; b++) { Unsafe.Add(ref vp, b) = ulong.MaxValue; Unsafe.Add(ref vn, b) = 0; }
        int lastShift = (m - 1) & 63, score = m;
        foreach (int c in text)
        {
            ref ulong eqRow = ref MemoryMarshal.GetReference(masks.Row(c));
            ulong hpIn = 1, hnIn = 0; // row 0 of the DP grows by one per text character
            for (int b = 0; b < blocks; b++)
            {
                ulong eq = Unsafe.Add(ref eqRow, b), pv = Unsafe.Add(ref vp, b), mv = Unsafe.Add(ref vn, b);
                ulong xv = eq | mv;
                eq |= hnIn;
                ulong xh = (((eq & pv) + pv) ^ pv) | eq;
                ulong ph = mv | ~(xh | pv);
                ulong mh = pv & xh;
                int shift = b == blocks - 1 ? lastShift : 63;
                ulong hpOut = (ph >> shift) & 1, hnOut = (mh >> shift) & 1;
                ph = (ph << 1) | hpIn;
                mh = (mh << 1) | hnIn;
                Unsafe.Add(ref vp, b) = mh | ~(xv | ph);
                Unsafe.Add(ref vn, b) = ph & xv;
                hpIn = hpOut;
                hnIn = hnOut;
            }
            score += (int)hpIn - (int)hnIn;
        }
        if (rented is not null) ArrayPool<ulong>.Shared.Return(rented);
        return score;
    }

    /// <summary>The O(|a|·|b|) dynamic program: the reference the bit-parallel paths are tested against.</summary>
    public static int ReferenceDistance(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
