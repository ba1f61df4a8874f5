using System.Numerics;
using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Graph;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>
/// The models each analysis shard must featurize (its own and the partners of its draws, see
/// <see cref="SimilarityAnalysis.NeededModels(ModelTable, ShardScope, SimilarityOptions)"/>), computed once per run in
/// prepare round 2 (<c>--marks-for n</c>) and shipped in the prepared part, so an analysis shard neither enumerates
/// every design's draws nor builds what the enumeration needs. Each mark set is one chunk (a bitset) tagged with
/// <see cref="Key"/>: a shard uses it only when its own options give the same key and shard count, else it marks itself.
/// </summary>
public static class ShardRunMarks
{
    private const string Prefix = "marks ";

    /// <summary>The options the marks depend on, canonical: draws, sizes, cards and the graph's inferred links.</summary>
    public static string Key(AnalyzeOptions o) =>
        $"seed={o.Seed};cards={o.KeepCards};sampled={o.Sampled};exactLevenshtein={o.ExactLevenshtein};sampleSize={o.Similarity.SampleSize};" +
        $"designSampleSize={o.Similarity.DesignSampleSize};studyDraws={o.Similarity.StudyDraws}" +
        (o.InferredEdges is null ? "" : $";inferred={Path.GetFullPath(o.InferredEdges)}");

    public static string ChunkName(int index, int count) => $"{Prefix}{index} of {count}";

    /// <summary>The (shard, count) mark sets that prepare shard <paramref name="shard"/> of <paramref name="shards"/>
    /// computes: every shard of every count in <paramref name="counts"/> (above 1), dealt round-robin.</summary>
    public static IEnumerable<(int Index, int Count)> Dealt(IReadOnlyList<int> counts, int shard, int shards)
    {
        int k = 0;
        foreach (int n in counts.Where(n => n > 1).Distinct().Order())
            for (int j = 0; j < n; j++)
                if (k++ % shards == shard) yield return (j, n);
    }

    /// <summary>Computes this prepare shard's mark sets on its loaded table and graph, one chunk each.</summary>
    public static List<(string, PartWriter)> Compute(ModelTable table, FamilyGraph graph, AnalyzeOptions o, IReadOnlyList<int> counts,
        int shard, int shards, IRunObserver obs)
    {
        var chunks = new List<(string, PartWriter)>();
        SimilarityOptions options = SimilarityShardedAnalysis.Options(o, obs);
        foreach (var (j, n) in Dealt(counts, shard, shards))
        {
            bool[] needed = SimilarityAnalysis.NeededModels(table, ShardScope.Of(table, graph, j, n), options)!;
            var w = new PartWriter();
            Write(w, Key(o), needed);
            chunks.Add((ChunkName(j, n), w));
        }
        return chunks;
    }

    /// <summary>The mark chunks of round-2 parts, first occurrence of each name kept (to copy into the prepared part).</summary>
    public static List<(string, PartWriter)> Collect(IEnumerable<PartContents> parts)
    {
        var chunks = new SortedDictionary<string, PartWriter>(StringComparer.Ordinal);
        foreach (PartContents p in parts)
            foreach (string name in p.ChunkNames.Where(c => c.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                if (chunks.ContainsKey(name)) continue;
                var (key, needed) = p.Chunk(name, Read);
                var w = new PartWriter();
                Write(w, key, needed);
                chunks[name] = w;
            }
        return [.. chunks.Select(kv => (kv.Key, kv.Value))];
    }

    /// <summary>The marks of shard <paramref name="index"/> of <paramref name="count"/> in a prepared part when they were
    /// computed with the same <see cref="Key"/> over a table of <paramref name="models"/> models, else null.</summary>
    public static bool[]? Find(PartContents? prepared, AnalyzeOptions o, int index, int count, int models)
    {
        string name = ChunkName(index, count);
        if (prepared is null || !prepared.ChunkNames.Contains(name)) return null;
        var (key, needed) = prepared.Chunk(name, Read);
        return key == Key(o) && needed.Length == models ? needed : null;
    }

    private static void Write(PartWriter w, string key, bool[] needed)
    {
        w.String(key);
        w.Int(needed.Length);
        var bits = new ulong[(needed.Length + 63) / 64];
        for (int m = 0; m < needed.Length; m++) if (needed[m]) bits[m >> 6] |= 1UL << (m & 63);
        w.Array(bits);
    }

    private static (string Key, bool[] Needed) Read(PartReader r)
    {
        string key = r.String() ?? throw new InvalidDataException("no key");
        int n = r.Int32();
        ulong[] bits = r.Array<ulong>();
        if (n < 0 || bits.Length != (n + 63) / 64) throw new InvalidDataException($"{bits.Length} words for {n} models");
        var needed = new bool[n];
        for (int w = 0; w < bits.Length; w++)
            for (ulong b = bits[w]; b != 0; b &= b - 1) needed[(w << 6) + BitOperations.TrailingZeroCount(b)] = true;
        return (key, needed);
    }
}
