using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses;

/// <summary>
/// The units a run's work is cut into, from the graph alone (never from the shard or thread count): units
/// 0..<see cref="Buckets"/>−1 are buckets of whole families (by the hash of the root's id, <see cref="ShardScope.BucketOf"/>);
/// a family costing more than 2 × <see cref="PieceCost"/> (cost: models plus edges to their children) is instead cut into
/// pieces of about <see cref="PieceCost"/> (its models ascending; a model never straddles two pieces), units <see cref="Buckets"/> and up (families by index, pieces in model order). Analyses that sum per
/// anchor model (the exact pair identities, edges, sampled draws by first model) run per unit; their relatives in other
/// units are read, never owned (<see cref="Phylo.Analyses.Similarity.SimilarityAnalysis.NeededModels(ShardScope, Phylo.Analyses.Similarity.SimilarityOptions, bool[][], Phylo.Analyses.Similarity.DesignWeights)"/>).
/// </summary>
public sealed class WorkUnits
{
    public const int Buckets = 256;

    /// <summary>Smallest piece cost, so a tiny input is not cut into slivers.</summary>
    public const long MinPieceCost = 64;

    private WorkUnits(int[] unitOfModel, int[] firstUnitOfFamily, long[] cost, long pieceCost, int splitFamilies)
    {
        UnitOfModel = unitOfModel;
        FirstUnitOfFamily = firstUnitOfFamily;
        Cost = cost;
        PieceCost = pieceCost;
        SplitFamilies = splitFamilies;
    }

    /// <summary>Per model: its unit.</summary>
    public int[] UnitOfModel { get; }
    /// <summary>Per family: the unit of its lowest model (the unit whose shard owns the family as a whole).</summary>
    public int[] FirstUnitOfFamily { get; }
    /// <summary>Per unit: its planned cost, models plus the edges to their children.</summary>
    public long[] Cost { get; }
    /// <summary>Cost of a piece of a split family: the mean bucket cost (total / <see cref="Buckets"/>), at least <see cref="MinPieceCost"/>.
    /// A family costing more than twice this is split.</summary>
    public long PieceCost { get; }
    /// <summary>How many families are cut into pieces.</summary>
    public int SplitFamilies { get; }

    public int Count => Cost.Length;

    public static WorkUnits Plan(ModelTable table, FamilyGraph graph)
    {
        var fams = graph.Families;
        int n = graph.NodeCount;
        var bucket = new int[fams.Length];
        Parallel.For(0, (fams.Length + 8191) / 8192, chunk =>
        {
            Span<byte> utf8 = stackalloc byte[512];
            for (int f = chunk * 8192; f < Math.Min(fams.Length, (chunk + 1) * 8192); f++) bucket[f] = ShardScope.BucketOf(table.Ids[fams[f].Root], utf8);
        });
        // A model's cost: itself and the edges to its children (its anchor work: pair sums, edge measures).
        var familyCost = new long[fams.Length];
        long total = 0;
        for (int m = 0; m < n; m++) { long c = 1 + graph.OutDegree(m); familyCost[graph.FamilyOf[m]] += c; total += c; }
        long piece = Math.Max(MinPieceCost, (total + Buckets - 1) / Buckets);
        // Split families get consecutive unit ranges, pieces cut where their running cost reaches a multiple of `piece`.
        var firstPiece = new int[fams.Length];
        int units = Buckets, split = 0;
        for (int f = 0; f < fams.Length; f++)
        {
            if (familyCost[f] > 2 * piece) { firstPiece[f] = units; units += (int)((familyCost[f] + piece - 1) / piece); split++; }
            else firstPiece[f] = -1;
        }
        var unitOfModel = new int[n];
        var running = new long[fams.Length];
        var cost = new long[units];
        var firstUnit = new int[fams.Length];
        Array.Fill(firstUnit, -1);
        for (int m = 0; m < n; m++) // ascending: a split family's model goes to the piece its running cost falls in
        {
            int f = graph.FamilyOf[m];
            long c = 1 + graph.OutDegree(m);
            int u = firstPiece[f] < 0 ? bucket[f] : firstPiece[f] + (int)(running[f] / piece);
            running[f] += c;
            unitOfModel[m] = u;
            cost[u] += c;
            if (firstUnit[f] < 0) firstUnit[f] = u;
        }
        return new WorkUnits(unitOfModel, firstUnit, cost, piece, split);
    }

    /// <summary>The shard of every unit for <paramref name="shards"/> shards: largest cost first (ties: lower unit), each to
    /// the least loaded shard (ties: lower index). Deterministic; any assignment merges to the same bytes.</summary>
    public int[] Assign(int shards)
    {
        var shardOf = new int[Count];
        if (shards == 1) return shardOf;
        int[] order = [.. Enumerable.Range(0, Count)];
        Array.Sort(order, (a, b) => Cost[a] != Cost[b] ? Cost[b].CompareTo(Cost[a]) : a.CompareTo(b));
        var load = new long[shards];
        foreach (int u in order)
        {
            int best = 0;
            for (int s = 1; s < shards; s++) if (load[s] < load[best]) best = s;
            shardOf[u] = best;
            load[best] += Cost[u];
        }
        return shardOf;
    }
}
