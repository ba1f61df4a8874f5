using System.Runtime.CompilerServices;
using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// TF-IDF and bag-of-words rows of one text genome (docs/engine.md §4): the 512-term vocabulary is fitted over the genomes of
/// the models that have one (card and metadata separately) and each document is tokenized once into raw counts. Only
/// the counts are kept (<see cref="TermCountRows"/>: 16-bit columns and counts, 4 bytes a non-zero) with each row's two
/// norms; both weightings are made from them on read (<see cref="Values"/>, kernel <see cref="CountWeights"/>) with
/// exactly <see cref="TermVectorizer"/>'s arithmetic (L2 norm in double, values rounded to float), so a value read here
/// has the bits the stored float rows had. <see cref="InverseNorm(SimilarityMeasure)"/> re-normalizes in double, so a
/// pair's value <c>dot · inv_a · inv_b</c> equals <see cref="SparseCosine.Cosine(SparseRows,int,int)"/> over those
/// float rows to rounding. Rows are indexed by <see cref="RowOf"/>[model]; −1 = the model has no genome.
/// </summary>
[SkipLocalsInit]
public sealed class VectorGenome
{
    private readonly double[] _idf;

    private VectorGenome(Vocabulary vocabulary, int[] rowOf, TermCountRows counts, double[] tfidfNorm, double[] bowNorm,
        double[] tfidfInverseNorm, double[] bowInverseNorm)
    {
        Vocabulary = vocabulary;
        RowOf = rowOf;
        Counts = counts;
        _idf = vocabulary.Idf;
        TfIdfNorm = tfidfNorm;
        BowNorm = bowNorm;
        TfIdfInverseNorm = tfidfInverseNorm;
        BowInverseNorm = bowInverseNorm;
    }

    public Vocabulary Vocabulary { get; }
    public int[] RowOf { get; }

    /// <summary>The raw counts every value is made from.</summary>
    public TermCountRows Counts { get; }

    /// <summary>Per row: the norm its TF-IDF weights are divided by (<see cref="CountWeights.Norm(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, ReadOnlySpan{double})"/>).</summary>
    public double[] TfIdfNorm { get; }
    /// <summary>Per row: the norm its counts are divided by.</summary>
    public double[] BowNorm { get; }
    /// <summary>Per row: 1 / ‖float values‖ (0 for an empty row), summed as <see cref="SparseCosine.SumOfSquares(ReadOnlySpan{float})"/>.</summary>
    public double[] TfIdfInverseNorm { get; }
    public double[] BowInverseNorm { get; }

    public int Columns => Vocabulary.Count;

    public int RowCount => Counts.RowCount;

    /// <summary>Bytes held: 4 a non-zero, 4 + 4 × 8 a row (offset, two norms, two inverse norms), 4 a model (row index).</summary>
    public long Bytes => 4 * Counts.NonZeros + 36L * RowCount + 4 + 4L * RowOf.Length;

    public double[] InverseNorm(SimilarityMeasure m) => m == SimilarityMeasure.TfIdf ? TfIdfInverseNorm : BowInverseNorm;

    /// <summary>Row <paramref name="row"/>'s columns, ascending.</summary>
    public ReadOnlySpan<ushort> ColsOf(int row) => Counts.ColsOf(row);

    /// <summary>Row <paramref name="row"/>'s values of measure <paramref name="m"/> (TF-IDF or BoW) into
    /// <paramref name="into"/> (at least the row's length); returns the row's length.</summary>
    public int Values(SimilarityMeasure m, int row, Span<float> into)
    {
        ReadOnlySpan<ushort> cols = Counts.ColsOf(row);
        bool tfidf = m == SimilarityMeasure.TfIdf;
        ReadOnlySpan<double> idf = tfidf ? _idf : default;
        double norm = tfidf ? TfIdfNorm[row] : BowNorm[row];
        if (Counts.HasSaturated && Counts.RowSaturates(row))
        {
            var exact = new double[cols.Length];
            Counts.ExactCounts(row, exact);
            CountWeights.Values(exact, cols, idf, norm, into);
        }
        else CountWeights.Values(Counts.CountsOf(row), cols, idf, norm, into);
        return cols.Length;
    }

    /// <summary>Cosine of two models' rows; NaN when either lacks the genome.</summary>
    public double Cosine(SimilarityMeasure m, int modelA, int modelB)
    {
        int a = RowOf[modelA], b = RowOf[modelB];
        if (a < 0 || b < 0) return double.NaN;
        Span<float> va = Columns <= 1024 ? stackalloc float[Columns] : new float[Columns];
        Span<float> vb = Columns <= 1024 ? stackalloc float[Columns] : new float[Columns];
        int na = Values(m, a, va), nb = Values(m, b, vb);
        double[] inv = InverseNorm(m);
        return Dot(ColsOf(a), va[..na], ColsOf(b), vb[..nb]) * inv[a] * inv[b];
    }

    // SparseCosine.Dot's sorted merge over 16-bit columns: the products in ascending common column order.
    private static double Dot(ReadOnlySpan<ushort> colsA, ReadOnlySpan<float> valsA, ReadOnlySpan<ushort> colsB, ReadOnlySpan<float> valsB)
    {
        int i = 0, j = 0;
        double sum = 0;
        while (i < colsA.Length && j < colsB.Length)
        {
            int x = colsA[i], y = colsB[j];
            if (x == y) sum += (double)valsA[i] * valsB[j];
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        return sum;
    }

    /// <summary>Fits and vectorizes <paramref name="docs"/>, document i being model <paramref name="models"/>[i]
    /// of a table of <paramref name="modelCount"/> models (fit and count rows fused: <see cref="CountRows"/>).</summary>
    public static VectorGenome Build(ITextCorpus docs, int[] models, int modelCount, int threads, int maxFeatures = 512, TieBreak ties = TieBreak.Lexicographic)
    {
        (Vocabulary vocab, TermCountRows counts) = CountRows.FitCompact(docs, maxFeatures, threads, ties);
        return FromCounts(vocab, counts, models, modelCount, threads);
    }

    /// <summary><see cref="Build(ITextCorpus, int[], int, int, int, TieBreak)"/> with pass 1 of the fit already done over exactly
    /// <paramref name="docs"/> (<paramref name="candidates"/>: the ingest card stage counted the genomes' terms).</summary>
    public static VectorGenome Build(VocabularyCandidates candidates, ITextCorpus docs, int[] models, int modelCount, int threads)
    {
        if (candidates.DocumentCount != docs.Count) throw new ArgumentException($"candidates counted over {candidates.DocumentCount} documents, not these {docs.Count}", nameof(candidates));
        (Vocabulary vocab, TermCountRows counts) = CountRows.FitCompact(candidates, docs, threads);
        VectorGenome genome = FromCounts(vocab, counts, models, modelCount, threads);
        StageParts.Mark("norms");
        return genome;
    }

    /// <summary>Vectorizes <paramref name="docs"/> with a vocabulary fitted elsewhere (a sharded run's prepare pass):
    /// rows exist only for <paramref name="models"/>.</summary>
    public static VectorGenome Build(Vocabulary vocab, ITextCorpus docs, int[] models, int modelCount, int threads) =>
        FromCounts(vocab, new TermVectorizer(vocab, TermWeighting.Counts, l2Normalize: false).TransformCounts(docs, threads), models, modelCount, threads);

    /// <summary>Rows fitted earlier (a snapshot's <see cref="Table.StoredFits"/>): document i is model
    /// <paramref name="models"/>[i]; only the norms are computed.</summary>
    public static VectorGenome Restore(Vocabulary vocab, TermCountRows counts, int[] models, int modelCount, int threads)
    {
        if (counts.RowCount != models.Length || counts.ColumnCount != vocab.Count)
            throw new ArgumentException($"{counts.RowCount} stored rows over {counts.ColumnCount} columns for {models.Length} models and a {vocab.Count}-term vocabulary");
        return FromCounts(vocab, counts, models, modelCount, threads);
    }

    // Both norms and both inverse norms of every row in one parallel pass over the counts (the values are made into a
    // per-worker row buffer and summed as SparseCosine.SumOfSquares sums a stored row).
    private static VectorGenome FromCounts(Vocabulary vocab, TermCountRows counts, int[] models, int modelCount, int threads)
    {
        int rows = counts.RowCount;
        var tfidfNorm = new double[rows];
        var bowNorm = new double[rows];
        var tfidfInv = new double[rows];
        var bowInv = new double[rows];
        var rowOf = new int[modelCount];
        Array.Fill(rowOf, -1);
        for (int r = 0; r < models.Length; r++) rowOf[models[r]] = r;
        var genome = new VectorGenome(vocab, rowOf, counts, tfidfNorm, bowNorm, tfidfInv, bowInv);
        double[] idf = vocab.Idf;
        Parallel.For(0, (rows + 4095) / 4096, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new float[Math.Max(1, vocab.Count)], (chunk, _, vals) =>
        {
            double[]? exact = null;
            int end = Math.Min(rows, (chunk + 1) * 4096);
            for (int r = chunk * 4096; r < end; r++)
            {
                ReadOnlySpan<ushort> cols = counts.ColsOf(r);
                if (counts.HasSaturated && counts.RowSaturates(r))
                {
                    counts.ExactCounts(r, exact = new double[cols.Length]);
                    tfidfNorm[r] = CountWeights.Norm(exact, cols, idf);
                    bowNorm[r] = CountWeights.Norm(exact, cols, default);
                }
                else
                {
                    tfidfNorm[r] = CountWeights.Norm(counts.CountsOf(r), cols, idf);
                    bowNorm[r] = CountWeights.Norm(counts.CountsOf(r), cols, default);
                }
                Span<float> row = vals.AsSpan(0, cols.Length);
                genome.Values(SimilarityMeasure.TfIdf, r, row);
                tfidfInv[r] = InverseNorm(row);
                genome.Values(SimilarityMeasure.Bow, r, row);
                bowInv[r] = InverseNorm(row);
            }
            return vals;
        }, _ => { });
        return genome;
    }

    private static double InverseNorm(ReadOnlySpan<float> vals)
    {
        double ss = SparseCosine.SumOfSquares(vals);
        return ss > 0 ? 1.0 / Math.Sqrt(ss) : 0.0;
    }
}
