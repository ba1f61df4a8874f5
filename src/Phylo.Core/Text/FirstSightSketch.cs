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

    private readonly byte[] _cells;
    private readonly ulong _mask;

    /// <summary>A sketch with room for ~64 counters per document of a corpus of <paramref name="documents"/>
    /// (a power of two between 2^16 and 2^28 counters: at most 64 MiB).</summary>
    public FirstSightSketch(long documents)
    {
        int bits = Math.Clamp(64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, documents * 64 - 1)), 16, 28);
        _cells = new byte[(1 << bits) / 4];
        _mask = (1UL << bits) - 1;
    }

    /// <summary>Keeps, in place and in order, the hashes whose counter is already full; fills the others' counters by one.
    /// Returns how many were kept.</summary>
    public int Filter(Span<ulong> hashes)
    {
        int kept = 0;
        byte[] cells = _cells;
        foreach (ulong h in hashes)
        {
            ulong cell = h & _mask;
            int at = (int)(cell >> 2), shift = (int)(cell & 3) * 2;
            int v = (cells[at] >> shift) & 3;
            if (v == Skipped) hashes[kept++] = h;
            else cells[at] = (byte)(cells[at] + (1 << shift));
        }
        return kept;
    }
}
