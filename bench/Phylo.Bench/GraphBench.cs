using BenchmarkDotNet.Attributes;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Bench;

/// <summary>
/// Graph build at full snapshot scale (1,860,411 models, ~574k declared links) and table-builder
/// throughput without cards. The synthetic table is built once in GlobalSetup.
/// </summary>
[MemoryDiagnoser]
public class GraphBench
{
    private const int RecordsPerInvoke = 200_000;
    private ModelTable _table = null!;
    private FamilyGraph _graph = null!;
    private ModelRecord[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        var b = new ModelTableBuilder(keepCards: false);
        for (int i = 0; i < SyntheticSnapshot.Models; i++) b.Add(SyntheticSnapshot.Record(i));
        _table = b.Build();
        _records = new ModelRecord[RecordsPerInvoke];
        for (int i = 0; i < _records.Length; i++) _records[i] = SyntheticSnapshot.Record(i);
        var g = _graph = FamilyGraphBuilder.Build(_table);
        Console.WriteLine($"// synthetic: {_table.Count} models, {_table.ParentRefIds.Length} links, {g.EdgeCount} edges, " +
                          $"{g.Stats.DanglingLinks} dangling, {g.Families.Length} families, max out-degree {MaxOutDegree(g)}");
    }

    private static int MaxOutDegree(FamilyGraph g)
    {
        int max = 0;
        for (int p = 0; p < g.NodeCount; p++) max = Math.Max(max, g.OutDegree(p));
        return max;
    }

    [Benchmark]
    public FamilyGraph BuildGraph() => FamilyGraphBuilder.Build(_table);

    [Benchmark]
    public GraphSummary Summarize() => Phylo.Analyses.Graph.GraphAnalysis.Summarize(_table, _graph);

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public int AddRecordsWithoutCards()
    {
        var b = new ModelTableBuilder(keepCards: false);
        foreach (var r in _records) b.Add(r);
        return b.Count;
    }
}

/// <summary>
/// A deterministic snapshot with the study's shape: ~30% of models declare a parent, parents drawn from a
/// heavy tail (the top parent gets tens of thousands of children), 4% of links dangle, 4% of linked
/// models are merges of 2–7 parents (some listed twice), edge types in the study's proportions.
/// </summary>
internal static class SyntheticSnapshot
{
    public const int Models = 1_860_411;
    private const int ParentPool = 150_000;

    public static string Id(int i) => $"org{i % 5000}/model-{i}";

    public static ModelRecord Record(int i)
    {
        ulong h = Mix((ulong)i);
        var r = new ModelRecord
        {
            Id = Id(i),
            Author = $"org{i % 5000}",
            Likes = (long)(h % 100),
            SourceFile = "synthetic.csv",
            Line = i + 2,
            PipelineTag = (h >> 8) % 4 == 0 ? "text-generation" : null,
            LibraryName = (h >> 10) % 3 == 0 ? "transformers" : null,
        };
        if ((h >> 12) % 5 == 0) r.Licenses.Add((h >> 14) % 2 == 0 ? "apache-2.0" : "mit");
        if ((h >> 16) % 7 == 0) r.Languages.Add("English");
        r.Tags.Add("pytorch");
        if (Unit(h, 0) >= 0.295) return r;

        double t = Unit(h, 1);
        var mask = t < 0.33 ? RelationMask.Finetune : t < 0.51 ? RelationMask.Quantized
                 : t < 0.93 ? RelationMask.Adapter : t < 0.96 ? RelationMask.Merge : RelationMask.None;
        int parents = mask == RelationMask.Merge ? 2 + (int)(Unit(h, 2) * 6) : 1;
        for (int k = 0; k < parents; k++)
        {
            ulong hk = Mix(h + (ulong)k);
            string pid = Unit(hk, 3) < 0.04 ? $"gone/model-{hk % 50_000}" : Id(ParentIndex(Unit(hk, 4)));
            r.Parents.Add(new ParentRef(pid, mask));
            if (mask == RelationMask.Merge && k == 0 && Unit(hk, 5) < 0.2) r.Parents.Add(new ParentRef(pid, mask));
        }
        return r;
    }

    /// <summary>Heavy tail: rank = pool·u⁴, so rank 0 takes ~5% of all links; ranks spread over the table.</summary>
    private static int ParentIndex(double u) => (int)(ParentPool * Math.Pow(u, 4)) * 12 + 5;

    private static double Unit(ulong h, int salt) => (Mix(h ^ (0x9E3779B97F4A7C15UL * (ulong)(salt + 1))) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
