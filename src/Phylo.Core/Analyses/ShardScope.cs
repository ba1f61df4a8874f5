using System.IO.Hashing;
using System.Text;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses;

/// <summary>
/// Which families one shard of a run owns. A family's bucket is XxHash64 of its root's model id (UTF-8, seed 0: the same
/// on every machine) modulo <see cref="Buckets"/>; shard i of n owns the buckets b with b mod n = i. Buckets are also the
/// unit of in-process work (<see cref="Phylo.Analyses.Similarity.FamilyBlocks"/>), so a shard's partial sums are built from the
/// same blocks whatever n is — that is what makes any shard count merge to the single-process bytes.
/// </summary>
public sealed class ShardScope
{
    /// <summary>Buckets of families: ~7,300 models each at full scale; fixed, since sums are per bucket.</summary>
    public const int Buckets = 256;

    private readonly bool[] _ownsFamily;

    private ShardScope(int index, int count, int[] bucketOfFamily, FamilyGraph graph)
    {
        Index = index;
        Count = count;
        BucketOfFamily = bucketOfFamily;
        Graph = graph;
        _ownsFamily = new bool[bucketOfFamily.Length];
        for (int f = 0; f < bucketOfFamily.Length; f++) _ownsFamily[f] = OwnsBucket(bucketOfFamily[f]);
    }

    public int Index { get; }
    public int Count { get; }
    public bool IsWhole => Count == 1;
    public FamilyGraph Graph { get; }

    /// <summary>Per family (as <see cref="FamilyGraph.FamilyOf"/>): its bucket.</summary>
    public int[] BucketOfFamily { get; }

    public bool OwnsBucket(int bucket) => bucket % Count == Index;
    public bool OwnsFamily(int family) => _ownsFamily[family];
    public bool OwnsModel(int model) => _ownsFamily[Graph.FamilyOf[model]];

    /// <summary>The owned families as a mask (for <see cref="Phylo.Analyses.FamilyShard.Of"/>).</summary>
    public bool[] FamilyMask => (bool[])_ownsFamily.Clone();

    /// <summary>Owned models, ascending.</summary>
    public int[] Models()
    {
        var list = new List<int>();
        for (int m = 0; m < Graph.NodeCount; m++) if (OwnsModel(m)) list.Add(m);
        return [.. list];
    }

    public static ShardScope Whole(ModelTable table, FamilyGraph graph) => Of(table, graph, 0, 1);

    public static ShardScope Of(ModelTable table, FamilyGraph graph, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), $"shard {index} of {count}");
        var fams = graph.Families;
        var bucket = new int[fams.Length];
        Parallel.For(0, (fams.Length + 8191) / 8192, chunk =>
        {
            Span<byte> utf8 = stackalloc byte[512];
            for (int f = chunk * 8192; f < Math.Min(fams.Length, (chunk + 1) * 8192); f++) bucket[f] = BucketOf(table.Ids[fams[f].Root], utf8);
        });
        return new ShardScope(index, count, bucket, graph);
    }

    /// <summary>The bucket of a family whose root is <paramref name="rootId"/>.</summary>
    public static int BucketOf(string rootId, Span<byte> scratch = default)
    {
        int n = Encoding.UTF8.GetMaxByteCount(rootId.Length);
        byte[] bytes = n <= scratch.Length ? [] : Encoding.UTF8.GetBytes(rootId);
        ReadOnlySpan<byte> utf8 = bytes.Length > 0 ? bytes : scratch[..Encoding.UTF8.GetBytes(rootId, scratch)];
        return (int)(XxHash64.HashToUInt64(utf8) % Buckets);
    }
}
