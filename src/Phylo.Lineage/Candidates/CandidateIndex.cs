using System.Numerics;
using System.Runtime.CompilerServices;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// Buckets of models sharing a key (<see cref="CandidateKeys"/>), each cut to its popularity <em>skyline</em>: a member
/// stays when fewer than <see cref="PoolSize"/> more popular members of the bucket were created no later than it. Then,
/// for any child date, the <see cref="PoolSize"/> most popular members created before it are all in the pool — what
/// the generator takes — while a key shared by 30,000 models (a base model's name, a template card, a big author) keeps
/// a few hundred at most: parents are the models others build on, and the cap keeps the search from turning quadratic.
/// Unknown dates count as earliest (an unknown date never refutes an order).
/// <para>Layout: <see cref="Keys"/> sorted ascending (keys held by ≥ 2 models, and every base name); bucket b's members are
/// <see cref="Members"/>[<see cref="Offsets"/>[b] .. <see cref="Offsets"/>[b+1]) by popularity rank, with their creation
/// times beside them in <see cref="MemberTimes"/> (the generator's date test reads no other array). <see cref="Popular"/> is
/// the skyline of all models (the popularity prior). Built by gathering (key, rank) for every model, sorting by key in
/// 256 independent partitions on all cores, and cutting each run: the result does not depend on the thread count.</para>
/// </summary>
[SkipLocalsInit]
public sealed class CandidateIndex
{
    public const int DefaultPoolSize = 32;

    private CandidateIndex(ulong[] keys, int[] offsets, int[] members, long[] times, int[] popular, long[] popularTimes, int poolSize)
    {
        Keys = keys;
        Offsets = offsets;
        Members = members;
        MemberTimes = times;
        Popular = popular;
        PopularTimes = popularTimes;
        PoolSize = poolSize;
    }

    /// <summary>A skyline never holds more than this many members (a safety bound; measured skylines are far smaller).</summary>
    public const int MaxSkyline = 1024;

    public ulong[] Keys { get; }
    public int[] Offsets { get; }
    public int[] Members { get; }
    public long[] MemberTimes { get; }
    /// <summary>The skyline of every model: for any date, the <see cref="PoolSize"/> most popular models created by then.</summary>
    public int[] Popular { get; }
    public long[] PopularTimes { get; }
    public int PoolSize { get; }

    /// <summary>Bucket index of <paramref name="key"/>, or −1 when the index does not hold it. Keys are uniform hashes, so
    /// a directory on their top bits (about one key per entry) leaves a run of a few keys to scan: one or two cache
    /// misses per lookup instead of a binary search's twenty.</summary>
    public int Bucket(ulong key)
    {
        int d = (int)(key >> _shift);
        int lo = _directory[d], hi = _directory[d + 1];
        ulong[] keys = Keys;
        for (int b = lo; b < hi; b++)
        {
            ulong k = keys[b];
            if (k == key) return b;
            if (k > key) break;
        }
        return -1;
    }

    private int[] _directory = [0, 0];
    private int _shift = 63;

    /// <summary>Directory of <see cref="Keys"/> by their top bits: entry d is the first key whose top bits are ≥ d.</summary>
    private void BuildDirectory()
    {
        int bits = Math.Clamp(BitOperations.Log2((uint)Math.Max(1, Keys.Length)), 1, 30);
        _shift = 64 - bits;
        var dir = new int[(1 << bits) + 1];
        int at = 0;
        for (int d = 0; d <= 1 << bits; d++)
        {
            while (at < Keys.Length && (int)(Keys[at] >> _shift) < d) at++;
            dir[d] = at;
        }
        _directory = dir;
    }

    /// <summary>The members of <paramref name="key"/>'s pool, by popularity (empty when no two models share it).</summary>
    public ReadOnlySpan<int> Pool(ulong key)
    {
        int b = Bucket(key);
        return b < 0 ? default : Members.AsSpan(Offsets[b], Offsets[b + 1] - Offsets[b]);
    }

    public static CandidateIndex Build(ModelSignals s, int threads, int poolSize = DefaultPoolSize)
    {
        int n = s.Count;
        var par = new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads };
        const int Chunk = 4096;
        int chunks = (n + Chunk - 1) / Chunk;

        // Pass 1: keys per partition (top 8 bits of the key) per chunk, so pass 2 can write without locks.
        var counts = new long[chunks * 256];
        Parallel.For(0, chunks, par, c =>
        {
            Span<ulong> keys = stackalloc ulong[CandidateKeys.MaxKeys];
            for (int m = c * Chunk, end = Math.Min(n, m + Chunk); m < end; m++)
            {
                int k = CandidateKeys.Of(s, m, keys, asChild: false);
                for (int i = 0; i < k; i++) counts[c * 256 + (int)(keys[i] >> 56)]++;
            }
        });
        var partStart = new long[257];
        var cursor = new long[chunks * 256];
        long total = 0;
        for (int p = 0; p < 256; p++)
        {
            partStart[p] = total;
            for (int c = 0; c < chunks; c++) { cursor[c * 256 + p] = total; total += counts[c * 256 + p]; }
        }
        partStart[256] = total;
        var allKeys = new ulong[total];
        var allRanks = new int[total];
        Parallel.For(0, chunks, par, c =>
        {
            Span<ulong> keys = stackalloc ulong[CandidateKeys.MaxKeys];
            for (int m = c * Chunk, end = Math.Min(n, m + Chunk); m < end; m++)
            {
                int k = CandidateKeys.Of(s, m, keys, asChild: false);
                for (int i = 0; i < k; i++)
                {
                    long at = cursor[c * 256 + (int)(keys[i] >> 56)]++;
                    allKeys[at] = keys[i];
                    allRanks[at] = s.PopularityRank[m];
                }
            }
        });

        // Pass 3: sort each partition, keep each key's best poolSize ranks.
        var parts = new (ulong[] Keys, int[] Counts, int[] Members)[256];
        int[] byRank = new int[n];
        for (int m = 0; m < n; m++) byRank[s.PopularityRank[m]] = m;
        Parallel.For(0, 256, par, p =>
        {
            int lo = (int)partStart[p], len = (int)(partStart[p + 1] - lo);
            var k = allKeys.AsSpan(lo, len);
            var r = allRanks.AsSpan(lo, len);
            k.Sort(r);
            var keys = new List<ulong>();
            var sizes = new List<int>();
            var members = new List<int>();
            var heap = new long[poolSize];
            for (int i = 0; i < len;)
            {
                int j = i + 1;
                while (j < len && k[j] == k[i]) j++;
                // A key one model holds can match nothing, except a base name: children look those up with runs of
                // their own names, which are not in the index.
                if (j - i >= 2 || CandidateKeys.SourceIndex(k[i]) == CandidateSources.BaseName)
                {
                    r[i..j].Sort();
                    int before = members.Count;
                    Skyline(r[i..j], byRank, s.Table.CreatedAt, heap, members);
                    keys.Add(k[i]);
                    sizes.Add(members.Count - before);
                }
                i = j;
            }
            parts[p] = (keys.ToArray(), sizes.ToArray(), members.ToArray());
        });

        var popular = new List<int>();
        var everyRank = new int[n];
        for (int i = 0; i < n; i++) everyRank[i] = i;
        Skyline(everyRank, byRank, s.Table.CreatedAt, new long[poolSize], popular);
        int[] pop = [.. popular];

        int buckets = 0, memberCount = 0;
        foreach (var part in parts) { buckets += part.Keys.Length; memberCount += part.Members.Length; }
        var outKeys = new ulong[buckets];
        var offsets = new int[buckets + 1];
        var outMembers = new int[memberCount];
        int bk = 0, mk = 0;
        foreach (var part in parts)
        {
            part.Keys.CopyTo(outKeys, bk);
            part.Members.CopyTo(outMembers, mk);
            foreach (int size in part.Counts) { offsets[bk + 1] = offsets[bk] + size; bk++; }
            mk += part.Members.Length;
        }
        var times = new long[outMembers.Length];
        for (int i = 0; i < times.Length; i++) times[i] = s.Table.CreatedAt[outMembers[i]];
        var popTimes = new long[pop.Length];
        for (int i = 0; i < pop.Length; i++) popTimes[i] = s.Table.CreatedAt[pop[i]];
        var index = new CandidateIndex(outKeys, offsets, outMembers, times, pop, popTimes, poolSize);
        index.BuildDirectory();
        return index;
    }

    /// <summary>
    /// Appends to <paramref name="into"/>, in rank order, the members of one run (<paramref name="ranks"/> ascending) that
    /// fewer than <c>heap.Length</c> better-ranked members precede in time: a max-heap holds the P earliest times seen so
    /// far, and a member stays when the heap is not full or it is strictly earlier than the heap's latest.
    /// </summary>
    private static void Skyline(ReadOnlySpan<int> ranks, int[] byRank, long[] createdAt, long[] heap, List<int> into)
    {
        int p = heap.Length, size = 0, kept = 0;
        foreach (int rank in ranks)
        {
            int m = byRank[rank];
            long t = createdAt[m];
            if (size < p)
            {
                into.Add(m);
                kept++;
                heap[size] = t;
                SiftUp(heap, size++);
            }
            else if (t < heap[0])
            {
                into.Add(m);
                kept++;
                heap[0] = t;
                SiftDown(heap, size);
            }
            if (kept == MaxSkyline) return;
        }
    }

    private static void SiftUp(long[] h, int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (h[parent] >= h[i]) return;
            (h[parent], h[i]) = (h[i], h[parent]);
            i = parent;
        }
    }

    private static void SiftDown(long[] h, int size)
    {
        int i = 0;
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, big = i;
            if (l < size && h[l] > h[big]) big = l;
            if (r < size && h[r] > h[big]) big = r;
            if (big == i) return;
            (h[big], h[i]) = (h[i], h[big]);
            i = big;
        }
    }
}
