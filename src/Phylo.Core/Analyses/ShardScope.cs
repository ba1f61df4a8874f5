using System.IO.Hashing;
using System.Text;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses;

/// <summary>
/// Which models and families one shard of a run owns, planned as <see cref="WorkUnits"/> (docs/sharding in
/// native-notes/sharding.md). A unit is either a bucket of small families (XxHash64 of the root's model id, UTF-8, seed 0,
/// modulo <see cref="Buckets"/>) or one piece of a family too large for a bucket (its models ascending, cut every
/// <see cref="WorkUnits.PieceCost"/> of cost). Units depend only on the graph, never on the shard count, and are the
/// unit of in-process work too (<see cref="Phylo.Analyses.Similarity.FamilyBlocks"/>): per-unit partial sums are then the same whatever
/// n, which is what makes any shard count merge to the single-process bytes. Units go to shards by cost (largest first,
/// to the least loaded shard), so one giant family no longer makes one shard the run's straggler.
/// <para>A model belongs to its unit's shard; a family (for analyses that need it whole: drift, trait shares, family
/// ranks) to the shard of its first unit.</para>
/// </summary>
public sealed class ShardScope
{
    /// <summary>Buckets of small families: ~7,300 models each at full scale; fixed, since sums are per unit.</summary>
    public const int Buckets = WorkUnits.Buckets;

    private readonly bool[] _ownsUnit;
    private readonly bool[] _ownsFamily;

    private ShardScope(int index, int count, WorkUnits units, FamilyGraph graph)
    {
        Index = index;
        Count = count;
        Units = units;
        Graph = graph;
        int[] shardOf = units.Assign(count);
        _ownsUnit = Array.ConvertAll(shardOf, s => s == index);
        _ownsFamily = new bool[graph.Families.Length];
        for (int f = 0; f < _ownsFamily.Length; f++) _ownsFamily[f] = _ownsUnit[units.FirstUnitOfFamily[f]];
    }

    public int Index { get; }
    public int Count { get; }
    public bool IsWhole => Count == 1;
    public FamilyGraph Graph { get; }

    /// <summary>The run's work units (the same for every shard count).</summary>
    public WorkUnits Units { get; }

    public bool OwnsUnit(int unit) => _ownsUnit[unit];
    public bool OwnsFamily(int family) => _ownsFamily[family];
    public bool OwnsModel(int model) => _ownsUnit[Units.UnitOfModel[model]];

    /// <summary>True when some family is cut into pieces, so a shard's models may have relatives it does not own.</summary>
    public bool SplitsFamilies => Units.SplitFamilies > 0;

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
        return new ShardScope(index, count, WorkUnits.Plan(table, graph), graph);
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
