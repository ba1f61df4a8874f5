using System.Runtime.CompilerServices;

namespace Phylo.Text;

/// <summary>
/// One pass-1 worker's filter of rare terms: 2-bit saturating counters indexed by the low bits of a term hash. The first
/// <see cref="Skipped"/> occurrences that reach a counter are not counted (the counter absorbs them); later ones pass
/// to the exact table. A term's exact count in that worker is therefore its tallied count plus between 0 and
/// <see cref="Skipped"/> (another term sharing the counter can only lower what is absorbed), and a term the worker saw
/// at most <see cref="Skipped"/> times usually never enters the table — most of a metadata corpus's terms (ids seen
/// once or twice). <see cref="TermCounts.CountLooseCandidates"/> turns those bounds into a candidate set that is exact
/// after pass 2 recounts it.
/// </summary>
[SkipLocalsInit]
internal sealed class FirstSightSketch
{
    /// <summary>Occurrences a counter absorbs before it lets a term through.</summary>
    public const int Skipped = 3;

    private const int MaxBits = 24;

    /// <summary>The probe's knob (bench/probes/sketch-size.cs sets it by reflection): counters as a power of two, 0 = the
    /// size rule below. Any size gives the same candidates (the bound does not depend on it), only other costs.</summary>
    internal static int BitsOverride;

    private readonly byte[] _cells;
    private readonly ulong _mask;

    /// <summary>A sketch with room for ~64 counters per document of a corpus of <paramref name="documents"/>
    /// (a power of two between 2^16 and 2^24 counters: at most 4 MiB).</summary>
    /// <remarks>2^24, not 2^28: at full scale (1.86M documents) 2^27 counters were 32 MiB a worker, a cache and a TLB miss a
    /// term, while the terms that reach the tally are few either way — the summed tally of the record fit held 736k
    /// distinct terms with 2^27 counters and 990k with 2^24, and pass 1 took ~0.8 CPU-s less (native-notes/similarity.md,
    /// "fit32"). The size decides which terms reach the tally, never the candidates pass 2 keeps: the bound holds
    /// for any size (LooseCandidatesTests runs the smallest, counters shared by many terms).</remarks>
    public FirstSightSketch(long documents)
    {
        int bits = Math.Clamp(64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, documents * 64 - 1)), 16, MaxBits);
        if (BitsOverride > 0) bits = BitsOverride;
        _cells = new byte[(1 << bits) / 4];
        _mask = (1UL << bits) - 1;
    }

    /// <summary>Keeps, in place and in order, the hashes whose counter is already full; fills the others' counters by one.
    /// Returns how many were kept.</summary>
    public int Filter(Span<ulong> hashes) => Filter(new TermRuns(hashes, default), hashes);

    /// <summary>Writes into <paramref name="kept"/>, in order, the hashes of <paramref name="terms"/> (first run, then
    /// second) whose counter is already full, and fills the others' counters by one; returns how many were kept.
    /// <paramref name="kept"/> may be the first run itself (a hash is written at or before the place it was read from), not
    /// the second.</summary>
    /// <remarks>The cells are tens of MiB at full scale (one random byte a term, a cache and a TLB miss): the cell of the
    /// hash <see cref="Lookahead"/> places ahead is prefetched (across the two runs), so the misses overlap. Hashes are still
    /// taken in order, so a term repeated within a document fills its counter exactly as one at a time would.</remarks>
    public unsafe int Filter(TermRuns terms, Span<ulong> kept)
    {
        int n1 = terms.First.Length, n2 = terms.Second.Length;
        if (kept.Length < n1 + n2) throw new ArgumentException("no room for every hash", nameof(kept));
        fixed (byte* cells = _cells)
        fixed (ulong* a = terms.First)
        fixed (ulong* b = terms.Second)
        fixed (ulong* k = kept)
        {
            for (int t = 0; t < Math.Min(n1 + n2, Lookahead); t++) Kernels.Simd.Prefetch0(cells + (((t < n1 ? a[t] : b[t - n1]) & _mask) >> 2));
            int count = Run(cells, a, n1, b, n2, k, 0);
            return Run(cells, b, n2, null, 0, k, count);
        }
    }

    // Filters h[0..n) into kept[count..], prefetching Lookahead hashes ahead: in h, then in next[0..nextLength).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe int Run(byte* cells, ulong* h, int n, ulong* next, int nextLength, ulong* kept, int count)
    {
        ulong mask = _mask;
        for (int t = 0; t < n; t++)
        {
            int ahead = t + Lookahead;
            if (ahead < n) Kernels.Simd.Prefetch0(cells + ((h[ahead] & mask) >> 2));
            else if (ahead - n < nextLength) Kernels.Simd.Prefetch0(cells + ((next[ahead - n] & mask) >> 2));
            ulong hash = h[t], cell = hash & mask;
            byte* at = cells + (cell >> 2);
            int shift = (int)(cell & 3) * 2;
            if (((*at >> shift) & 3) == Skipped) kept[count++] = hash;
            else *at = (byte)(*at + (1 << shift));
        }
        return count;
    }

    // 32, not 12: at full scale pass 1 of both metadata fits took ~10 % less CPU (native-notes/similarity.md, "fit31").
    private const int Lookahead = 32;
}
