using BenchmarkDotNet.Attributes;
using Phylo.Text;

namespace Phylo.Bench.Kernels;

/// <summary>TF-IDF featurization of 512-code-point card prefixes over a 512-term vocabulary (target ≥ 300k cards/s on 2 cores).
/// Results are per card (OperationsPerInvoke).</summary>
[MemoryDiagnoser]
public class TfIdfBench
{
    private const int Cards = 20_000;
    private Utf8Corpus _corpus = null!;
    private TermVectorizer _vectorizer = null!;
    private TermVectorizer.Scratch _scratch = null!;
    private readonly int[] _cols = new int[512];
    private readonly float[] _vals = new float[512];

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Utf8Corpus.FromStrings(BenchText.Cards(Cards, 600).Select(c => BenchText.Prefix(c, 512)).ToList());
        _vectorizer = new TermVectorizer(Vocabulary.Fit(_corpus, 512), TermWeighting.TfIdf, l2Normalize: true);
        _scratch = _vectorizer.NewScratch();
    }

    [Benchmark(OperationsPerInvoke = Cards, Description = "TF-IDF rows, all cores (Transform)")]
    public int TransformParallel() => _vectorizer.Transform(_corpus).Cols.Length;

    [Benchmark(OperationsPerInvoke = Cards, Description = "TF-IDF rows, one core (Row)")]
    public int RowsOneCore()
    {
        int nnz = 0;
        for (int d = 0; d < Cards; d++) nnz += _vectorizer.Row(_corpus[d], _scratch, _cols, _vals);
        return nnz;
    }

    [Benchmark(OperationsPerInvoke = Cards, Description = "vocabulary fit (2 passes), all cores")]
    public int Fit() => Vocabulary.Fit(_corpus, 512).Count;
}
