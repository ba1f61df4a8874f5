using System.Runtime.CompilerServices;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// Buckets of models sharing a key (<see cref="CandidateKeys"/>), each cut to its <see cref="PoolSize"/> most popular
/// members — parents are the models others build on, and a capped pool keeps a key shared by 30,000 models
/// (a base model's name, a template card, a big author) from making the search quadratic.
/// <para>Layout: <see cref="Keys"/> sorted ascending (keys held by ≥ 2 models only); bucket b's members are
/// <see cref="Members"/>[<see cref="Offsets"/>[b] .. <see cref="Offsets"/>[b+1]) by popularity rank. Built by
/// gathering (key, rank) for every model, sorting by key in 256 independent partitions on all cores, and keeping
/// each run's best ranks: the result does not depend on the thread count.</para>
/// </summary>
[SkipLocalsInit]
public sealed class CandidateIndex
{
    public const int DefaultPoolSize = 32;

    private CandidateIndex(ulong[] keys, int[] offsets, int[] members, int poolSize)
    {
        Keys = keys;
        Offsets = offsets;
        Members = members;
        PoolSize = poolSize;
    }

    public ulong[] Keys { get; }
    public int[] Offsets { get; }
    public int[] Members { get; }
    public int PoolSize { get; }

    /// <summary>The pool of <paramref name="key"/> (empty when no two models share it).</summary>
    public ReadOnlySpan<int> Pool(ulong key)
    {
        int b = Array.BinarySearch(Keys, key);
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
            for (int i = 0; i < len;)
            {
                int j = i + 1;
                while (j < len && k[j] == k[i]) j++;
                if (j - i >= 2)
                {
                    r[i..j].Sort();
                    int take = Math.Min(poolSize, j - i);
                    keys.Add(k[i]);
                    sizes.Add(take);
                    for (int t = 0; t < take; t++) members.Add(byRank[r[i + t]]);
                }
                i = j;
            }
            parts[p] = (keys.ToArray(), sizes.ToArray(), members.ToArray());
        });

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
        return new CandidateIndex(outKeys, offsets, outMembers, poolSize);
    }
}
