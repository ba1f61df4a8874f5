using System.Runtime.CompilerServices;

namespace Phylo.Text;

/// <summary>
/// One worker's pass-1 counts: an open-addressing table of (64-bit term hash → occurrences), no per-term objects.
/// The home slot of a hash is its top bits, and probing runs forward without wrapping (a spill zone sits past the
/// last home slot), so the table read in slot order is already sorted by hash except inside probe clusters:
/// <see cref="Drain"/> finishes with an insertion sort that moves each entry only within its cluster.
/// Inserts are issued a document at a time with the slot of the term <see cref="Lookahead"/> places ahead
/// prefetched, so the cache misses of a multi-million-term table overlap instead of queueing.
/// Hash 0 marks an empty slot; a term whose hash is 0 is counted on the side.
/// </summary>
[SkipLocalsInit]
internal sealed unsafe class TermTally
{
    private const int Lookahead = 32; // as FirstSightSketch's: a miss here is a DRAM and a TLB miss at full scale
    private const int Spill = 1024;

    private struct Entry
    {
        public ulong Hash;
        public long Count;
    }

    private Entry[] _slots;
    private int _bits;
    private int _used;
    private long _zeroHash;

    public TermTally(int initialBits = 16)
    {
        _bits = initialBits;
        _slots = new Entry[(1 << _bits) + Spill];
    }

    /// <summary>Distinct hashes counted so far.</summary>
    public int Distinct => _used + (_zeroHash > 0 ? 1 : 0);

    /// <summary>Adds one occurrence of every hash in <paramref name="hashes"/>.</summary>
    public void AddAll(ReadOnlySpan<ulong> hashes)
    {
        // Keep the load ≤ 1/2 even if every hash of the document is new.
        while (2L * (_used + hashes.Length) > 1L << _bits) Grow();
        int shift = 64 - _bits, n = hashes.Length;
        fixed (Entry* slots = _slots)
        fixed (ulong* h = hashes)
        {
            for (int t = 0; t < Math.Min(n, Lookahead); t++) Prefetch(slots + (h[t] >> shift));
            for (int t = 0; t < n; t++)
            {
                if (t + Lookahead < n) Prefetch(slots + (h[t + Lookahead] >> shift));
                ulong hash = h[t];
                if (hash == 0) { _zeroHash++; continue; }
                Entry* e = slots + (hash >> shift);
                while (e->Hash != hash && e->Hash != 0) e++;
                if (e->Hash == 0)
                {
                    if (e - slots >= _slots.Length - 1) ThrowSpill();
                    e->Hash = hash;
                    _used++;
                }
                e->Count++;
            }
        }
    }

    /// <summary>Removes one occurrence of every hash in <paramref name="hashes"/>, each of which was added before
    /// (a count may reach 0; the slot stays, and <see cref="Drain"/>'s callers drop zero counts).</summary>
    public void SubtractAll(ReadOnlySpan<ulong> hashes)
    {
        int shift = 64 - _bits;
        foreach (ulong hash in hashes)
        {
            if (hash == 0) { _zeroHash--; continue; }
            int e = (int)(hash >> shift);
            while (_slots[e].Hash != hash)
            {
                if (_slots[e].Hash == 0) throw new InvalidOperationException("a term hash was taken back that was never counted");
                e++;
            }
            _slots[e].Count--;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(void* p) => Kernels.Simd.Prefetch0(p);

    private static void ThrowSpill() =>
        throw new InvalidOperationException("term table probe ran past its spill zone (clustered hashes?)");

    private void Grow()
    {
        Entry[] old = _slots;
        _bits++;
        _slots = new Entry[(1 << _bits) + Spill];
        int shift = 64 - _bits;
        fixed (Entry* slots = _slots)
        {
            // Old entries arrive in ascending home order, so each new cluster fills left to right.
            foreach (Entry x in old)
            {
                if (x.Hash == 0) continue;
                Entry* e = slots + (x.Hash >> shift);
                while (e->Hash != 0) e++;
                if (e - slots >= _slots.Length - 1) ThrowSpill();
                *e = x;
            }
        }
    }

    /// <summary>Adds every count of <paramref name="other"/> (another worker's table) to this one. The table grows
    /// only when the union needs it (workers share most frequent terms: growing for the sum up front would allocate
    /// a table twice as large as needed at full scale).</summary>
    public void AddFrom(TermTally other)
    {
        _zeroHash += other._zeroHash;
        foreach (Entry x in other._slots)
        {
            if (x.Hash == 0) continue;
            if (2L * (_used + 1) > 1L << _bits) Grow();
            fixed (Entry* slots = _slots)
            {
                Entry* e = slots + (x.Hash >> (64 - _bits));
                while (e->Hash != x.Hash && e->Hash != 0) e++;
                if (e->Hash == 0)
                {
                    if (e - slots >= _slots.Length - 1) ThrowSpill();
                    e->Hash = x.Hash;
                    _used++;
                }
                e->Count += x.Count;
            }
        }
    }

    /// <summary>The <paramref name="k"/>-th largest count over the distinct hashes (the smallest when there are
    /// fewer, 0 when there are none): <see cref="TermCounts.SelectCandidates"/>'s threshold, without draining.</summary>
    public long KthLargestCount(int k)
    {
        var heap = new PriorityQueue<long, long>(Math.Min(k, Distinct) + 1);
        if (_zeroHash > 0) heap.Enqueue(_zeroHash, _zeroHash);
        foreach (Entry x in _slots)
        {
            if (x.Hash == 0) continue;
            if (heap.Count < k) heap.Enqueue(x.Count, x.Count);
            else if (x.Count > heap.Peek()) heap.EnqueueDequeue(x.Count, x.Count);
        }
        return heap.Count == 0 ? 0 : heap.Peek();
    }

    /// <summary>The hashes counted at least <paramref name="threshold"/> times, ascending, with their counts.</summary>
    public (ulong[] Hashes, long[] Counts) AtLeast(long threshold)
    {
        var picked = new List<(ulong Hash, long Count)>();
        if (_zeroHash >= threshold && _zeroHash > 0) picked.Add((0, _zeroHash));
        foreach (Entry x in _slots) if (x.Hash != 0 && x.Count >= threshold) picked.Add((x.Hash, x.Count));
        picked.Sort((a, b) => a.Hash.CompareTo(b.Hash));
        var hashes = new ulong[picked.Count];
        var counts = new long[picked.Count];
        for (int i = 0; i < picked.Count; i++) (hashes[i], counts[i]) = picked[i];
        return (hashes, counts);
    }

    /// <summary>The counts as hashes ascending with their totals (fresh arrays); the table is left as it was.</summary>
    public (ulong[] Hashes, long[] Counts) Drain()
    {
        int n = Distinct;
        var hashes = new ulong[n];
        var counts = new long[n];
        int k = 0;
        if (_zeroHash > 0) { hashes[0] = 0; counts[0] = _zeroHash; k = 1; }
        foreach (Entry x in _slots)
        {
            if (x.Hash == 0) continue;
            // Insertion into the sorted prefix: only entries displaced within one probe cluster move.
            int j = k++;
            while (j > 0 && hashes[j - 1] > x.Hash)
            {
                hashes[j] = hashes[j - 1];
                counts[j] = counts[j - 1];
                j--;
            }
            hashes[j] = x.Hash;
            counts[j] = x.Count;
        }
        return (hashes, counts);
    }
}
