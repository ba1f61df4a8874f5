using System.Text;
using BenchmarkDotNet.Attributes;
using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Bench.Kernels;

/// <summary>MinHash-128 signatures of full cards (~4 KB each; target ≥ 400 MB/s per core), signature comparison and
/// sparse cosine of TF-IDF rows. Per-item results via OperationsPerInvoke; MB/s = bytes per card / time per card.</summary>
public class MinHashBench
{
    private const int Cards = 2_000, Comparisons = 100_000;
    private byte[][] _cards = null!;
    private uint[] _sigs = null!;
    private SparseRows _rows = null!;
    private readonly uint[] _sig = new uint[MinHasher.Lanes];

    [GlobalSetup]
    public void Setup()
    {
        List<string> cards = BenchText.Cards(Cards, 4000);
        _cards = cards.Select(Encoding.UTF8.GetBytes).ToArray();
        Console.WriteLine($"// mean card bytes: {_cards.Average(c => c.Length):F0}");
        _sigs = new uint[Cards * MinHasher.Lanes];
        for (int i = 0; i < Cards; i++) MinHasher.Signature(_cards[i], _sigs.AsSpan(i * MinHasher.Lanes));
        var corpus = Utf8Corpus.FromStrings(cards.Select(c => BenchText.Prefix(c, 512)).ToList());
        _rows = new TermVectorizer(Vocabulary.Fit(corpus, 512), TermWeighting.TfIdf, true).Transform(corpus);
    }

    [Benchmark(OperationsPerInvoke = Cards, Description = "MinHash-128 signature, one card")]
    public uint Signature()
    {
        uint x = 0;
        foreach (byte[] card in _cards) { MinHasher.Signature(card, _sig); x ^= _sig[0]; }
        return x;
    }

    [Benchmark(OperationsPerInvoke = Comparisons, Description = "estimated Jaccard of two signatures")]
    public double Jaccard()
    {
        double s = 0;
        for (int k = 0; k < Comparisons; k++)
        {
            int a = k % Cards, b = (k * 7 + 1) % Cards;
            s += MinHasher.EstimateJaccard(_sigs.AsSpan(a * MinHasher.Lanes, MinHasher.Lanes), _sigs.AsSpan(b * MinHasher.Lanes, MinHasher.Lanes));
        }
        return s;
    }

    [Benchmark(OperationsPerInvoke = Comparisons, Description = "sparse cosine of two TF-IDF rows")]
    public double SparseCosineRows()
    {
        double s = 0;
        for (int k = 0; k < Comparisons; k++) s += SparseCosine.Cosine(_rows, k % Cards, (k * 7 + 1) % Cards);
        return s;
    }
}
