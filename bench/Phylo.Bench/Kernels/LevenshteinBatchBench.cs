using BenchmarkDotNet.Attributes;
using Phylo.Kernels;

namespace Phylo.Bench.Kernels;

/// <summary>The batch Levenshtein path (inter-pair SIMD lanes) on the same 512 × 512 pairs as
/// <see cref="LevenshteinBench"/>, held the way the similarity analysis holds cards: one code-point pool with
/// offsets, pairs as sequence ids. Per SimdLevel; "all cores" is Parallel.For over chunks of 256 pairs.
/// Results are per pair (target ≥ 1M pairs/s on 2 cores).</summary>
public class LevenshteinBatchBench
{
    private const int Pairs = 4_096, Chunk = 256;
    private int[] _pool = null!, _offsets = null!, _first = null!, _second = null!, _distances = null!;

    [Params("related", "unrelated")]
    public string Kind { get; set; } = "related";

    [ParamsSource(nameof(Levels))]
    public SimdLevel Level { get; set; } = SimdLevel.V512;

    public static IEnumerable<SimdLevel> Levels() => Simd.Supported;

    [GlobalSetup]
    public void Setup()
    {
        (int[][] a, int[][] b) = LevenshteinBench.MakePairs(Kind, Pairs);
        var seqs = new List<int[]>(2 * Pairs);
        for (int p = 0; p < Pairs; p++) seqs.AddRange([a[p], b[p]]);
        _pool = seqs.SelectMany(s => s).ToArray();
        _offsets = new int[seqs.Count + 1];
        for (int s = 0; s < seqs.Count; s++) _offsets[s + 1] = _offsets[s] + seqs[s].Length;
        _first = Enumerable.Range(0, Pairs).Select(p => 2 * p).ToArray();
        _second = _first.Select(f => f + 1).ToArray();
        _distances = new int[Pairs];
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "batch, one core")]
    public int OneCore()
    {
        Levenshtein.Distances(_pool, _offsets, _first, _second, _distances, Level);
        return _distances[^1];
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "batch, all cores")]
    public int AllCores()
    {
        Parallel.For(0, Pairs / Chunk, c => Levenshtein.Distances(_pool, _offsets, _first.AsSpan(c * Chunk, Chunk),
            _second.AsSpan(c * Chunk, Chunk), _distances.AsSpan(c * Chunk, Chunk), Level));
        return _distances[^1];
    }
}
