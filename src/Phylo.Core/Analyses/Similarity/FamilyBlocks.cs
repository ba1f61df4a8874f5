using Phylo.Graph;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Models grouped into blocks, family-major (families in index order, models ascending within one): per work unit
/// (<see cref="ByUnit"/>, what runs use: a bucket of whole families or a piece of a large one) or whole families of at
/// least <see cref="TargetModels"/> models (<see cref="Build"/>). A block sums the pair terms anchored at its models
/// (their relatives may lie in other blocks); blocks depend only on the graph, never on the thread or shard count.
/// </summary>
public sealed class FamilyBlocks
{
    public const int TargetModels = 8192;

    private FamilyBlocks(int[] models, int[] blockStart)
    {
        Models = models;
        BlockStart = blockStart;
    }

    /// <summary>All models, family-major.</summary>
    public int[] Models { get; }
    /// <summary>Block b is <c>Models[BlockStart[b] .. BlockStart[b+1]]</c>.</summary>
    public int[] BlockStart { get; }

    public int Count => BlockStart.Length - 1;

    public ReadOnlySpan<int> this[int block] => Models.AsSpan(BlockStart[block], BlockStart[block + 1] - BlockStart[block]);

    /// <summary>One block per work unit (<see cref="Analyses.WorkUnits"/>: a bucket of whole families, or a piece of a large
    /// one), models family-major within it: the same blocks for every shard count, so per-block sums are the same in every split.</summary>
    public static FamilyBlocks ByUnit(FamilyGraph graph, Analyses.WorkUnits units)
    {
        int n = graph.NodeCount;
        var start = new int[units.Count + 1];
        foreach (int u in units.UnitOfModel) start[u + 1]++;
        for (int b = 0; b < units.Count; b++) start[b + 1] += start[b];
        var models = new int[n];
        var fill = (int[])start.Clone();
        // Models ascending visit each family's models ascending; order families by index within a unit first.
        var familyStart = new int[graph.Families.Length + 1];
        foreach (int f in graph.FamilyOf) familyStart[f + 1]++;
        for (int f = 0; f < graph.Families.Length; f++) familyStart[f + 1] += familyStart[f];
        var byFamily = new int[n];
        var ffill = (int[])familyStart.Clone();
        for (int v = 0; v < n; v++) byFamily[ffill[graph.FamilyOf[v]]++] = v;
        foreach (int v in byFamily) models[fill[units.UnitOfModel[v]]++] = v;
        return new FamilyBlocks(models, start);
    }

    public static FamilyBlocks Build(FamilyGraph graph, int targetModels = TargetModels)
    {
        int n = graph.NodeCount, families = graph.Families.Length;
        var familyStart = new int[families + 1];
        foreach (int f in graph.FamilyOf) familyStart[f + 1]++;
        for (int f = 0; f < families; f++) familyStart[f + 1] += familyStart[f];
        var models = new int[n];
        var fill = (int[])familyStart.Clone();
        for (int v = 0; v < n; v++) models[fill[graph.FamilyOf[v]]++] = v;
        var starts = new List<int> { 0 };
        for (int f = 1; f <= families; f++)
            if (familyStart[f] - starts[^1] >= targetModels || (f == families && familyStart[f] > starts[^1]))
                starts.Add(familyStart[f]);
        return new FamilyBlocks(models, starts.ToArray());
    }
}
