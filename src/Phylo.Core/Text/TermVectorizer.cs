using System.Runtime.CompilerServices;
using Phylo.Kernels;

namespace Phylo.Text;

/// <summary>How a term's count becomes a row value.</summary>
public enum TermWeighting
{
    /// <summary>Raw count × smoothed idf (sklearn TfidfVectorizer with default sublinear_tf=False).</summary>
    TfIdf,

    /// <summary>Raw count (sklearn CountVectorizer with the same vocabulary): bag-of-words rows.</summary>
    Counts,
}

/// <summary>
/// Documents → sparse rows over a fitted <see cref="Vocabulary"/>. Terms outside the vocabulary are dropped;
/// with <c>l2Normalize</c> each non-empty row is divided by its Euclidean norm (computed in double), as sklearn's
/// <c>norm="l2"</c>. Parallel over fixed chunks of documents, each chunk written to its own buffers and
/// concatenated in chunk order, so the output is identical for any worker count.
/// </summary>
[SkipLocalsInit]
public sealed class TermVectorizer
{
    private readonly Vocabulary _vocab;
    private readonly TermWeighting _weighting;
    private readonly bool _normalize;

    public TermVectorizer(Vocabulary vocabulary, TermWeighting weighting, bool l2Normalize)
    {
        _vocab = vocabulary;
        _weighting = weighting;
        _normalize = l2Normalize;
    }

    /// <summary>Per-thread scratch for <see cref="Row"/>.</summary>
    public sealed class Scratch(int columns)
    {
        internal readonly TermTokenizer Tokenizer = new();
        internal readonly int[] Counts = new int[columns];
        internal readonly double[] Weights = new double[columns];
    }

    public Scratch NewScratch() => new(_vocab.Count);

    /// <summary>One document's row into <paramref name="cols"/>/<paramref name="vals"/> (each at least
    /// <see cref="Vocabulary.Count"/> long); returns the number of non-zeros. Allocation-free.</summary>
    public int Row(ReadOnlySpan<byte> doc, Scratch scratch, Span<int> cols, Span<float> vals)
    {
        TermTokenizer tok = scratch.Tokenizer;
        int[] counts = scratch.Counts;
        tok.Tokenize(doc);
        int terms = tok.TermCount, nnz = 0;
        for (int t = 0; t < terms; t++)
        {
            int c = _vocab.ColumnOf(TermTokenizer.HashTerm(tok.Term(t)));
            if (c < 0) continue;
            if (counts[c]++ == 0) cols[nnz++] = c;
        }
        cols[..nnz].Sort();
        double[] idf = _vocab.Idf, weights = scratch.Weights;
        double sumSq = 0;
        for (int k = 0; k < nnz; k++)
        {
            int c = cols[k];
            double v = _weighting == TermWeighting.TfIdf ? counts[c] * idf[c] : counts[c];
            counts[c] = 0;
            weights[k] = v;
            sumSq += v * v;
        }
        double norm = _normalize && sumSq > 0 ? Math.Sqrt(sumSq) : 1.0; // divide, as sklearn's normalize does
        for (int k = 0; k < nnz; k++) vals[k] = (float)(weights[k] / norm);
        return nnz;
    }

    /// <summary>All documents; rows in document order.</summary>
    public SparseRows Transform(ITextCorpus docs, int maxDegreeOfParallelism = -1) =>
        SparseChunk.Concat(TransformParts(docs, maxDegreeOfParallelism), docs.Count, _vocab.Count, maxDegreeOfParallelism);

    /// <summary>Raw counts of every document (a vectorizer of <see cref="TermWeighting.Counts"/> without normalization)
    /// in the 16-bit layout.</summary>
    public TermCountRows TransformCounts(ITextCorpus docs, int maxDegreeOfParallelism = -1)
    {
        if (_weighting != TermWeighting.Counts || _normalize) throw new InvalidOperationException("count rows need TermWeighting.Counts without normalization");
        return TermCountRows.Concat(TransformParts(docs, maxDegreeOfParallelism), docs.Count, _vocab.Count, maxDegreeOfParallelism);
    }

    private SparseChunk[] TransformParts(ITextCorpus docs, int maxDegreeOfParallelism)
    {
        int chunks = (docs.Count + Chunks.Size - 1) / Chunks.Size;
        var parts = new SparseChunk[chunks];
        var pool = new ChunkPool();
        // One scratch (tokenizer buffers, counts) per worker for all its chunks: Parallel.For's per-replica local state
        // was re-created again and again, and the rows ran at half the single-thread rate per CPU-second.
        Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, NewScratch, (scratch, start, end) =>
        {
            var part = new SparseChunk(end - start, pool);
            for (int d = start; d < end; d++)
            {
                part.Reserve(part.Nnz + _vocab.Count);
                part.Commit(d - start, Row(docs[d], scratch, part.Cols.AsSpan(part.Nnz), part.Vals.AsSpan(part.Nnz)));
            }
            parts[start / Chunks.Size] = part;
        });
        return parts;
    }
}
