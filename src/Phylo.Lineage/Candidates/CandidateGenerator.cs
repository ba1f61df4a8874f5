using System.Runtime.CompilerServices;
using Phylo.Lineage.Features;
using Phylo.Table;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// Up to K candidate parents per child: every member of every pool the child's keys hit (<see cref="CandidateIndex"/>),
/// except the child itself and models created after it, ranked by shared keys (descending) then popularity.
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

    public static CandidateSet Generate(ModelSignals s, CandidateIndex index, int[] children, int k, int threads)
    {
        int chunks = (children.Length + Chunk - 1) / Chunk;
        var parts = new (int[] Counts, int[] Parents, byte[] Votes, CandidateSource[] Sources)[chunks];
        int[] byRank = new int[s.Count];   // popularity rank → model (ranks are a permutation)
        for (int m = 0; m < s.Count; m++) byRank[s.PopularityRank[m]] = m;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads },
            () => new Scratch(index.PoolSize),
            (c, _, scratch) =>
            {
                int lo = c * Chunk, hi = Math.Min(children.Length, lo + Chunk);
                var counts = new int[hi - lo];
                var parents = new List<int>((hi - lo) * Math.Min(k, 16));
                var votes = new List<byte>(parents.Capacity);
                var sources = new List<CandidateSource>(parents.Capacity);
                for (int i = lo; i < hi; i++)
                {
                    int got = OneChild(s, index, children[i], k, scratch);
                    counts[i - lo] = got;
                    for (int j = 0; j < got; j++)
                    {
                        ulong b = scratch.Best[j];
                        parents.Add(byRank[(int)(b >> 4)]);
                        votes.Add((byte)(255 - (int)(b >> 40)));
                        sources.Add((CandidateSource)(b & 15));
                    }
                }
                parts[c] = (counts, parents.ToArray(), votes.ToArray(), sources.ToArray());
                return scratch;
            },
            _ => { });

        var offsets = new int[children.Length + 1];
        int total = 0, at = 0;
        foreach (var p in parts) foreach (int n in p.Counts) { total += n; offsets[++at] = total; }
        var allParents = new int[total];
        var allVotes = new byte[total];
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

    private static int OneChild(ModelSignals s, CandidateIndex index, int child, int k, Scratch scratch)
    {
        Span<ulong> keys = stackalloc ulong[CandidateKeys.MaxKeys];
        int nk = CandidateKeys.Of(s, child, keys, asChild: true);
        ulong[] hits = scratch.Hits;
        int nh = 0;
        for (int i = 0; i < nk; i++)
        {
            ulong source = keys[i] & 3;
            foreach (int m in index.Pool(keys[i]))
            {
                if (m == child || !CreatedNotAfter(s.Table, m, child)) continue;
                hits[nh++] = ((ulong)(uint)m << 2) | source;
            }
        }
        if (nh == 0) return 0;
        hits.AsSpan(0, nh).Sort();
        // One key per distinct member, (255 − votes) << 40 | popularity rank << 4 | sources: sorting the plain ulongs
        // orders the best first (ranks are unique, so the source bits never decide) and the key decodes back.
        var best = scratch.Best;
        int nb = 0;
        for (int i = 0; i < nh;)
        {
            int m = (int)(hits[i] >> 2), votes = 0;
            var src = CandidateSource.None;
            for (; i < nh && (int)(hits[i] >> 2) == m; i++)
            {
                votes++;
                src |= (CandidateSource)(1 << (int)(hits[i] & 3));
            }
            int v = Math.Min(votes, 255);
            best[nb++] = (ulong)(255 - v) << 40 | (ulong)(uint)s.PopularityRank[m] << 4 | (ulong)src;
        }
        best.AsSpan(0, nb).Sort();
        return Math.Min(k, nb);
    }

    private sealed class Scratch(int poolSize)
    {
        public readonly ulong[] Hits = new ulong[CandidateKeys.MaxKeys * poolSize];
        public readonly ulong[] Best = new ulong[CandidateKeys.MaxKeys * poolSize];
    }
}
