using System.Runtime.CompilerServices;
using Phylo.Lineage.Features;
using Phylo.Table;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// Up to K candidate parents per child, from every source (<see cref="CandidateSource"/>): per key the child holds, the
/// <see cref="CandidateIndex.PoolSize"/> most popular pool members created no later than it
/// (<see cref="CandidateIndex"/>); the models its card mentions; the same number of the most popular earlier models of
/// all. The child itself is never one. Ranked by vote (shared keys weighted by source, <see cref="CandidateSources.Weight"/>),
/// then popularity.
/// <para><b>Dates:</b> a candidate created strictly after the child is dropped; when either date is unknown the order
/// cannot be refuted and the candidate is kept (ranked like any other).</para>
/// Children are processed in fixed chunks on all cores into per-chunk buffers concatenated in chunk order, so the
/// set is identical for any thread count. Per child the work is a few thousand pool entries sorted in a pooled
/// scratch array; nothing is allocated per child.
/// </summary>
[SkipLocalsInit]
public static class CandidateGenerator
{
    public const int DefaultK = 50;
    private const int Chunk = 512;

    public static bool CreatedNotAfter(ModelTable t, int parent, int child)
    {
        long p = t.CreatedAt[parent], c = t.CreatedAt[child];
        return p == ModelTable.UnknownTime || c == ModelTable.UnknownTime || p <= c;
    }

    /// <summary>All sources together.</summary>
    public const CandidateSource AllSources = (CandidateSource)((1 << CandidateSources.Count) - 1);

    /// <summary>Candidates of <paramref name="children"/> from the sources in <paramref name="sources"/> (all by default; one
    /// alone measures that source's recall).</summary>
    public static CandidateSet Generate(ModelSignals s, CandidateIndex index, int[] children, int k, int threads, CandidateSource sources = AllSources)
    {
        int chunks = (children.Length + Chunk - 1) / Chunk;
        var parts = new (int[] Counts, int[] Parents, ushort[] Votes, CandidateSource[] Sources)[chunks];
        int mask = (int)sources;
        int[] byRank = s.ByRank;
        var spare = new System.Collections.Concurrent.ConcurrentBag<Scratch>();   // reused across worker replicas (see Scratch)
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads },
            () => spare.TryTake(out var scratch) ? scratch : new Scratch(index.PoolSize),
            (c, _, scratch) =>
            {
                int lo = c * Chunk, hi = Math.Min(children.Length, lo + Chunk);
                var counts = new int[hi - lo];
                var parents = new List<int>((hi - lo) * Math.Min(k, 16));
                var votes = new List<ushort>(parents.Capacity);
                var found = new List<CandidateSource>(parents.Capacity);
                for (int i = lo; i < hi; i++)
                {
                    int got = OneChild(s, index, children[i], k, mask, scratch);
                    counts[i - lo] = got;
                    for (int j = 0; j < got; j++)
                    {
                        ulong b = scratch.Best[j];
                        parents.Add(byRank[(int)((b >> 16) & 0x3_FFFF_FFFF)]);
                        votes.Add((ushort)(MaxVotes - (int)(b >> 50)));
                        found.Add((CandidateSource)(b & 0xFFFF));
                    }
                }
                parts[c] = (counts, parents.ToArray(), votes.ToArray(), found.ToArray());
                return scratch;
            },
            spare.Add);

        var offsets = new int[children.Length + 1];
        int total = 0, at = 0;
        foreach (var p in parts) foreach (int n in p.Counts) { total += n; offsets[++at] = total; }
        var allParents = new int[total];
        var allVotes = new ushort[total];
        var allSources = new CandidateSource[total];
        int w = 0;
        foreach (var p in parts)
        {
            p.Parents.CopyTo(allParents, w);
            p.Votes.CopyTo(allVotes, w);
            p.Sources.CopyTo(allSources, w);
            w += p.Parents.Length;
        }
        return new CandidateSet { Children = children, Offsets = offsets, Parents = allParents, Votes = allVotes, Sources = allSources };
    }

    /// <summary>Most votes a candidate can show (<see cref="CandidateSet.Votes"/> saturates here).</summary>
    public const int MaxVotes = 1023;

    private static int OneChild(ModelSignals s, CandidateIndex index, int child, int k, int mask, Scratch scratch)
    {
        Span<ulong> keys = stackalloc ulong[CandidateKeys.MaxKeys];
        int nk = CandidateKeys.Of(s, child, keys, asChild: true);
        long childTime = s.Table.CreatedAt[child];
        ulong[] hits = scratch.Hits;
        int nh = 0, p = index.PoolSize;
        for (int i = 0; i < nk; i++)
        {
            if ((mask & 1 << CandidateKeys.SourceIndex(keys[i])) == 0) continue;
            int b = index.Bucket(keys[i]);
            if (b >= 0)
                nh = TakeEarliestValid(index.Members.AsSpan(index.Offsets[b], index.Offsets[b + 1] - index.Offsets[b]),
                    index.MemberTimes.AsSpan(index.Offsets[b]), child, childTime, Math.Min(p, CandidateSources.Take[CandidateKeys.SourceIndex(keys[i])]),
                    (ulong)CandidateKeys.SourceIndex(keys[i]), hits, nh);
        }
        if ((mask & 1 << CandidateSources.Popular) != 0)
            nh = TakeEarliestValid(index.Popular, index.PopularTimes, child, childTime, Math.Min(p, CandidateSources.Take[CandidateSources.Popular]), CandidateSources.Popular, hits, nh);
        if ((mask & 1 << CandidateSources.Mention) != 0)
            foreach (int t in s.Mentions(child))
            {
                int m = t >> 1;
                if (CreatedNotAfter(s.Table, m, child)) hits[nh++] = (ulong)(uint)m << 4 | CandidateSources.Mention;
            }
        if (nh == 0) return 0;
        // One key per distinct member, (MaxVotes − votes) << 50 | popularity rank << 16 | sources: sorting the plain ulongs
        // orders the best first (ranks are unique, so the source bits never decide) and the key decodes back. Hits are
        // grouped by member in an open-addressing table (votes are sums and sources ORs, so the grouping order does not
        // matter), sized to this child's hits and told from earlier children's entries by a per-call stamp.
        var best = scratch.Best;
        var slots = scratch.Slots;
        int stamp = ++scratch.Stamp, bits = Math.Max(4, System.Numerics.BitOperations.Log2(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * nh)))), nb = 0;
        int cap = 1 << bits;
        Span<int> order = scratch.Order;
        for (int i = 0; i < nh; i++)
        {
            int m = (int)(hits[i] >> 4), source = (int)(hits[i] & 15);
            int h = (int)((uint)m * 0x9E3779B1u >> (32 - bits));   // Fibonacci hashing: the product's top bits
            while (slots[h].Stamp == stamp && slots[h].Member != m) h = (h + 1) & (cap - 1);
            if (slots[h].Stamp != stamp)
            {
                slots[h] = new Slot { Stamp = stamp, Member = m };
                order[nb++] = h;
            }
            slots[h].Votes += CandidateSources.Weight[source];
            slots[h].Sources |= 1 << source;
        }
        for (int i = 0; i < nb; i++)
        {
            ref Slot slot = ref slots[order[i]];
            int v = Math.Min(slot.Votes, MaxVotes);
            best[i] = (ulong)(MaxVotes - v) << 50 | (ulong)(uint)s.PopularityRank[slot.Member] << 16 | (uint)slot.Sources;
        }
        SmallestFirst.Sort(best.AsSpan(0, nb), k);   // only the K best are read back
        return Math.Min(k, nb);
    }

    /// <summary>Appends the first <paramref name="take"/> members of a pool (rank order) that are not the child and not
    /// created after it, tagged with <paramref name="source"/>; returns the new hit count.</summary>
    private static int TakeEarliestValid(ReadOnlySpan<int> members, ReadOnlySpan<long> times, int child, long childTime, int take,
        ulong source, ulong[] hits, int nh)
    {
        bool anyDate = childTime == ModelTable.UnknownTime;
        for (int j = 0; j < members.Length && take > 0; j++)
        {
            if (!anyDate && times[j] != ModelTable.UnknownTime && times[j] > childTime) continue;
            int m = members[j];
            if (m == child) continue;
            hits[nh++] = (ulong)(uint)m << 4 | source;
            take--;
        }
        return nh;
    }

    /// <summary>
    /// The candidates of one child into <paramref name="into"/> (parents, votes, sources; at most <paramref name="k"/>),
    /// best first, exactly as <see cref="Generate"/> lists them: what streaming inference uses so that no candidate list
    /// of many children is ever held. <paramref name="scratch"/> is per thread.
    /// </summary>
    public static int OneChild(ModelSignals s, CandidateIndex index, int child, int k, Scratch scratch, ChildCandidates into)
    {
        int got = OneChild(s, index, child, k, (int)AllSources, scratch);
        for (int j = 0; j < got; j++)
        {
            ulong b = scratch.Best[j];
            into.Parents[j] = s.ByRank[(int)((b >> 16) & 0x3_FFFF_FFFF)];
            into.Votes[j] = (ushort)(MaxVotes - (int)(b >> 50));
            into.Sources[j] = (CandidateSource)(b & 0xFFFF);
        }
        return got;
    }

    /// <summary>Per-thread work space of the generator (about 0.4 MB; callers reuse it across Parallel.For's worker
    /// replicas, whose local init runs again at every restart).</summary>
    public sealed class Scratch(int poolSize)
    {
        private static int MaxHits(int poolSize) => (CandidateKeys.MaxKeys + 1) * poolSize + Text.CardSignals.MaxMentions;

        public readonly ulong[] Hits = new ulong[MaxHits(poolSize)];
        public readonly ulong[] Best = new ulong[MaxHits(poolSize)];
        /// <summary>The member table (room for twice the most hits a child can have, rounded up to a power of two).</summary>
        internal readonly Slot[] Slots = new Slot[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * MaxHits(poolSize))))];
        /// <summary>The used slots in first-hit order.</summary>
        internal readonly int[] Order = new int[MaxHits(poolSize)];
        /// <summary>Which call wrote a slot (0: none yet).</summary>
        internal int Stamp;
    }

    /// <summary>One distinct member of a child's hits: its summed vote weights and OR-ed source bits.</summary>
    internal struct Slot
    {
        public int Stamp, Member, Votes, Sources;
    }
}
