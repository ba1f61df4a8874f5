using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Similarity;

/// <summary>
/// TF-IDF and bag-of-words rows of one text genome (SPEC §4): the 512-term vocabulary is fitted over the genomes of
/// the models that have one (card and metadata separately), each document is tokenized once into raw counts, and
/// both weightings are derived from those counts with exactly <see cref="TermVectorizer"/>'s arithmetic (L2 norm
/// in double, values stored as float). <see cref="InverseNorm(SimilarityMeasure)"/> re-normalizes in double, so a pair's value
/// <c>dot · inv_a · inv_b</c> equals <see cref="SparseCosine.Cosine(SparseRows,int,int)"/> to rounding.
/// Rows are indexed by <see cref="RowOf"/>[model]; −1 = the model has no genome.
/// </summary>
public sealed class VectorGenome
{
    private VectorGenome(Vocabulary vocabulary, int[] rowOf, SparseRows tfidf, SparseRows bow, double[] tfidfInverseNorm, double[] bowInverseNorm)
    {
        Vocabulary = vocabulary;
        RowOf = rowOf;
        TfIdf = tfidf;
        Bow = bow;
        TfIdfInverseNorm = tfidfInverseNorm;
        BowInverseNorm = bowInverseNorm;
    }

    public Vocabulary Vocabulary { get; }
    public int[] RowOf { get; }
    public SparseRows TfIdf { get; }
    public SparseRows Bow { get; }
    public double[] TfIdfInverseNorm { get; }
    public double[] BowInverseNorm { get; }

    public int Columns => Vocabulary.Count;

    public SparseRows Rows(SimilarityMeasure m) => m == SimilarityMeasure.TfIdf ? TfIdf : Bow;

    public double[] InverseNorm(SimilarityMeasure m) => m == SimilarityMeasure.TfIdf ? TfIdfInverseNorm : BowInverseNorm;

    /// <summary>Cosine of two models' rows; NaN when either lacks the genome.</summary>
    public double Cosine(SimilarityMeasure m, int modelA, int modelB)
    {
        int a = RowOf[modelA], b = RowOf[modelB];
        if (a < 0 || b < 0) return double.NaN;
        SparseRows rows = Rows(m);
        double[] inv = InverseNorm(m);
        return SparseCosine.Dot(rows.ColsOf(a), rows.ValsOf(a), rows.ColsOf(b), rows.ValsOf(b)) * inv[a] * inv[b];
    }

    /// <summary>Fits and vectorizes <paramref name="docs"/>, document i being model <paramref name="models"/>[i]
    /// of a table of <paramref name="modelCount"/> models (fit and count rows fused: <see cref="CountRows"/>).</summary>
    public static VectorGenome Build(ITextCorpus docs, int[] models, int modelCount, int threads, int maxFeatures = 512, TieBreak ties = TieBreak.Lexicographic)
    {
        (Vocabulary vocab, SparseRows counts) = CountRows.Fit(docs, maxFeatures, threads, ties);
        return FromCounts(vocab, counts, models, modelCount, threads);
    }

    /// <summary><see cref="Build(ITextCorpus, int[], int, int, int, TieBreak)"/> with pass 1 of the fit already done over exactly
    /// <paramref name="docs"/> (<paramref name="candidates"/>: the ingest card stage counted the genomes' terms).</summary>
    public static VectorGenome Build(VocabularyCandidates candidates, ITextCorpus docs, int[] models, int modelCount, int threads)
    {
        if (candidates.DocumentCount != docs.Count) throw new ArgumentException($"candidates counted over {candidates.DocumentCount} documents, not these {docs.Count}", nameof(candidates));
        (Vocabulary vocab, SparseRows counts) = CountRows.Fit(candidates, docs, threads);
        return FromCounts(vocab, counts, models, modelCount, threads);
    }

    /// <summary>Vectorizes <paramref name="docs"/> with a vocabulary fitted elsewhere (a sharded run's prepare pass):
    /// rows exist only for <paramref name="models"/>.</summary>
    public static VectorGenome Build(Vocabulary vocab, ITextCorpus docs, int[] models, int modelCount, int threads) =>
        FromCounts(vocab, new TermVectorizer(vocab, TermWeighting.Counts, l2Normalize: false).Transform(docs, threads), models, modelCount, threads);

    // Both weightings and their inverse norms in one parallel pass over the count rows. The TF-IDF values overwrite
    // the counts in place (the count rows are this method's own, and each row is read in full before it is written),
    // so the stage allocates one fresh value array instead of two; the inverse norms are the same sums in the same
    // order as SparseCosine.SumOfSquares over the finished row.
    private static VectorGenome FromCounts(Vocabulary vocab, SparseRows counts, int[] models, int modelCount, int threads)
    {
        float[] tfidf = counts.Vals;
        float[] bow = GC.AllocateUninitializedArray<float>(counts.Vals.Length);
        var tfidfInv = new double[counts.RowCount];
        var bowInv = new double[counts.RowCount];
        double[] idf = vocab.Idf;
        Parallel.For(0, (counts.RowCount + 4095) / 4096, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            Span<double> w = stackalloc double[Math.Max(1, vocab.Count)];
            int end = Math.Min(counts.RowCount, (chunk + 1) * 4096);
            for (int r = chunk * 4096; r < end; r++)
            {
                int start = counts.Offsets[r], nnz = counts.Offsets[r + 1] - start;
                ReadOnlySpan<int> cols = counts.ColsOf(r);
                Span<float> row = tfidf.AsSpan(start, nnz);
                Normalize(row, cols, null, w[..nnz], bow.AsSpan(start, nnz));
                Normalize(row, cols, idf, w[..nnz], row);
                tfidfInv[r] = InverseNorm(row);
                bowInv[r] = InverseNorm(bow.AsSpan(start, nnz));
            }
        });
        var rowOf = new int[modelCount];
        Array.Fill(rowOf, -1);
        for (int r = 0; r < models.Length; r++) rowOf[models[r]] = r;
        return new VectorGenome(vocab, rowOf,
            new SparseRows(counts.Offsets, counts.Cols, tfidf, vocab.Count),
            new SparseRows(counts.Offsets, counts.Cols, bow, vocab.Count), tfidfInv, bowInv);
    }

    // TermVectorizer.Row's weighting and l2 normalization, on counts already gathered. into may be counts itself:
    // every count is read before the first value is written.
    private static void Normalize(ReadOnlySpan<float> counts, ReadOnlySpan<int> cols, double[]? idf, Span<double> weights, Span<float> into)
    {
        double sumSq = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            double v = idf is null ? counts[k] : counts[k] * idf[cols[k]];
            weights[k] = v;
            sumSq += v * v;
        }
        double norm = sumSq > 0 ? Math.Sqrt(sumSq) : 1.0;
        for (int k = 0; k < counts.Length; k++) into[k] = (float)(weights[k] / norm);
    }

    private static double InverseNorm(ReadOnlySpan<float> vals)
    {
        double ss = SparseCosine.SumOfSquares(vals);
        return ss > 0 ? 1.0 / Math.Sqrt(ss) : 0.0;
    }
}
