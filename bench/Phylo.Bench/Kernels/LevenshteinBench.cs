using BenchmarkDotNet.Attributes;
using Phylo.Kernels;

namespace Phylo.Bench.Kernels;

/// <summary>Levenshtein distance of 512-code-point pairs (target ≥ 1M pairs/s on 2 cores). "Related" pairs are
/// two cards of one family (shared template, so a common prefix is stripped); "unrelated" pairs share nothing
/// but the alphabet: the full 512 × 512 bit-parallel cost. Results are per pair.</summary>
public class LevenshteinBench
{
    private const int Pairs = 2_000;
    private int[][] _a = null!, _b = null!;

    [Params("related", "unrelated")]
    public string Kind { get; set; } = "related";

    [GlobalSetup]
    public void Setup() => (_a, _b) = MakePairs(Kind, Pairs);

    /// <summary>Pairs of 512-code-point card prefixes: "related" = two cards of one family, "unrelated" = a card and
    /// a reversed random card.</summary>
    internal static (int[][] A, int[][] B) MakePairs(string kind, int pairs)
    {
        List<string> cards = BenchText.Cards(2 * pairs, 700);
        var rng = new Random(3);
        var a = new int[pairs][];
        var b = new int[pairs][];
        for (int p = 0; p < pairs; p++)
        {
            int i = kind == "related" ? 2 * p : rng.Next(cards.Count);
            int j = kind == "related" ? 2 * p + 1 : rng.Next(cards.Count);
            a[p] = CodePoints(BenchText.Prefix(cards[i], 512));
            b[p] = CodePoints(BenchText.Prefix(kind == "related" ? cards[j] : new string(cards[j].Reverse().ToArray()), 512));
        }
        return (a, b);

        static int[] CodePoints(string s) => s.EnumerateRunes().Select(r => r.Value).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "one core")]
    public long OneCore()
    {
        long sum = 0;
        for (int p = 0; p < Pairs; p++) sum += Levenshtein.Distance(_a[p], _b[p]);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "all cores")]
    public long AllCores()
    {
        long sum = 0;
        Parallel.For(0, Pairs, () => 0L, (p, _, acc) => acc + Levenshtein.Distance(_a[p], _b[p]), acc => Interlocked.Add(ref sum, acc));
        return sum;
    }
}
