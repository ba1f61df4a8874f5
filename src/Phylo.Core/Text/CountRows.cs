using Phylo.Kernels;

namespace Phylo.Text;

/// <summary>
/// The vocabulary fit and the raw-count rows of the same corpus in two tokenizing passes instead of three:
/// pass 2 (<see cref="CandidateStats"/>) already finds every candidate term of every document, and the final
/// vocabulary is a subset of the candidates, so each document's candidate counts are kept (a few dozen per
/// document) and mapped to vocabulary columns once <see cref="Vocabulary.Finish"/> has chosen them.
/// The result is identical to <see cref="Vocabulary.Fit"/> followed by
/// <c>new TermVectorizer(vocabulary, TermWeighting.Counts, l2Normalize: false).Transform(docs)</c> (tested).
/// Rows are built per fixed chunk of documents and joined in chunk order: the same for any worker count.
/// </summary>
public static class CountRows
{
    /// <summary>Fits a vocabulary of <paramref name="maxFeatures"/> terms (ties at the cut broken as <paramref name="ties"/>
    /// says) and returns it with every document's raw-count row over it.</summary>
    /// <remarks>With <see cref="TieBreak.Lexicographic"/>, pass 1 keeps only the terms that can reach the cut
    /// (<see cref="TermCounts.CountLooseCandidates"/>) and pass 2 counts them exactly; numpy's order may need every term
    /// and counts them all.</remarks>
    public static (Vocabulary Vocabulary, SparseRows Counts) Fit(ITextCorpus docs, int maxFeatures = 512, int maxDegreeOfParallelism = -1,
        TieBreak ties = TieBreak.Lexicographic) =>
        Fit(PassOne(docs, maxFeatures, maxDegreeOfParallelism, ties), docs, maxDegreeOfParallelism);

    /// <summary><see cref="Fit(ITextCorpus, int, int, TieBreak)"/> with the rows in the 16-bit layout (built from the
    /// chunks directly: the 8-bytes-a-non-zero rows never exist whole).</summary>
    public static (Vocabulary Vocabulary, TermCountRows Counts) FitCompact(ITextCorpus docs, int maxFeatures = 512, int maxDegreeOfParallelism = -1,
        TieBreak ties = TieBreak.Lexicographic) =>
        FitCompact(PassOne(docs, maxFeatures, maxDegreeOfParallelism, ties), docs, maxDegreeOfParallelism);

    private static VocabularyCandidates PassOne(ITextCorpus docs, int maxFeatures, int maxDegreeOfParallelism, TieBreak ties) =>
        (ties == TieBreak.Lexicographic ? TermCounts.CountLooseCandidates(docs, maxFeatures, maxDegreeOfParallelism) : null)
            ?? TermCounts.CountCandidates(docs, maxFeatures, maxDegreeOfParallelism, ties);

    /// <summary><see cref="Fit(VocabularyCandidates, ITextCorpus, int)"/> with the rows in the 16-bit layout.</summary>
    public static (Vocabulary Vocabulary, TermCountRows Counts) FitCompact(VocabularyCandidates cands, ITextCorpus docs, int maxDegreeOfParallelism = -1)
    {
        (Vocabulary vocab, SparseChunk[] parts) = FitParts(cands, docs, maxDegreeOfParallelism);
        return (vocab, TermCountRows.Concat(parts, docs.Count, vocab.Count, maxDegreeOfParallelism));
    }

    /// <summary>Pass 2 and the count rows, with pass 1 (<paramref name="cands"/>, ties already resolved) done elsewhere
    /// over the same documents.</summary>
    public static (Vocabulary Vocabulary, SparseRows Counts) Fit(VocabularyCandidates cands, ITextCorpus docs, int maxDegreeOfParallelism = -1)
    {
        (Vocabulary vocab, SparseChunk[] parts) = FitParts(cands, docs, maxDegreeOfParallelism);
        return (vocab, SparseChunk.Concat(parts, docs.Count, vocab.Count, maxDegreeOfParallelism));
    }

    private static (Vocabulary Vocabulary, SparseChunk[] Parts) FitParts(VocabularyCandidates cands, ITextCorpus docs, int maxDegreeOfParallelism)
    {
        int chunks = (docs.Count + Chunks.Size - 1) / Chunks.Size;
        var parts = new SparseChunk[chunks];
        var pool = new ChunkPool();
        // One accumulator per worker, not per Parallel.For replica (a new replica, with new local state, starts whenever
        // one has used its time slice; each held its candidate arrays and, over a term corpus, a reader until the end);
        // a chunk's part does not depend on which worker counted it.
        List<CandidateStats.Accumulator> workers = Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, () => new CandidateStats.Accumulator(cands),
            (acc, start, end) => parts[start / Chunks.Size] = CountChunk(docs, start / Chunks.Size, acc, pool));
        CandidateStats stats = CandidateStats.Empty(cands);
        foreach (CandidateStats.Accumulator acc in workers) stats = CandidateStats.Merge(stats, acc.Result);
        Vocabulary vocab = cands.CountsAreBounds ? FinishExact(cands, stats, workers) : Vocabulary.Finish(cands, stats);
        var column = new int[cands.Hashes.Length];
        for (int i = 0; i < column.Length; i++) column[i] = vocab.ColumnOf(cands.Hashes[i]);
        Parallel.For(0, chunks, Chunks.Options(maxDegreeOfParallelism), () => new ColumnSorter(vocab.Count),
            (chunk, _, sorter) => { ToColumns(parts[chunk], column, sorter); return sorter; }, _ => { });
        return (vocab, parts);
    }

    // Loose candidates (pass 1 kept lower bounds): the exact counts pass 2 took decide the cut, as they would have from
    // every term's count.
    private static Vocabulary FinishExact(VocabularyCandidates loose, CandidateStats stats, List<CandidateStats.Accumulator> workers)
    {
        var tf = new long[loose.Hashes.Length];
        foreach (CandidateStats.Accumulator acc in workers)
            for (int i = 0; i < tf.Length; i++) tf[i] += acc.TermFrequency[i];
        (VocabularyCandidates cut, int[] kept) = loose.Exact(tf);
        var keptStats = CandidateStats.From(Array.ConvertAll(kept, i => stats.DocumentFrequency[i]), Array.ConvertAll(kept, i => stats.Strings[i]));
        return Vocabulary.Finish(cut, keptStats);
    }

    // Candidate indices (first-occurrence order) and counts of each document of the chunk.
    private static SparseChunk CountChunk(ITextCorpus docs, int chunk, CandidateStats.Accumulator acc, ChunkPool pool)
    {
        int start = chunk * Chunks.Size, end = Math.Min(docs.Count, start + Chunks.Size);
        // Room for the worker's previous chunk and 1/8 more (the first chunk guesses 64 a row).
        var part = new SparseChunk(end - start, acc.LastChunkNnz > 0 ? acc.LastChunkNnz + (acc.LastChunkNnz >> 3) : 64 * (end - start), pool);
        for (int d = start; d < end; d++)
        {
            acc.Add(docs, d);
            ReadOnlySpan<int> touched = acc.Touched;
            part.Reserve(part.Nnz + touched.Length);
            Span<int> cols = part.Cols.AsSpan(part.Nnz, touched.Length);
            Span<float> vals = part.Vals.AsSpan(part.Nnz, touched.Length);
            for (int k = 0; k < touched.Length; k++) { cols[k] = touched[k]; vals[k] = acc.CountInDocument(touched[k]); }
            part.Commit(d - start, touched.Length);
        }
        acc.LastChunkNnz = part.Nnz;
        return part;
    }

    // Candidate indices → vocabulary columns: drop the candidates that were not chosen, order each row by column.
    private static void ToColumns(SparseChunk part, int[] column, ColumnSorter sorter)
    {
        int at = 0, kept = 0;
        for (int r = 0; r < part.Lengths.Length; r++)
        {
            for (int k = at; k < at + part.Lengths[r]; k++)
            {
                int c = column[part.Cols[k]];
                if (c >= 0) sorter.Add(c, part.Vals[k]);
            }
            at += part.Lengths[r];
            int n = sorter.Drain(part.Cols.AsSpan(kept), part.Vals.AsSpan(kept));
            part.Lengths[r] = n;
            kept += n;
        }
        part.Truncate(kept);
    }
}

/// <summary>Orders one row's distinct columns (below a small column count) with their values: a bit per column and
/// a dense value slot, read back in column order. O(nnz + columns/64) a row instead of a comparison sort.</summary>
internal sealed class ColumnSorter(int columns)
{
    private readonly ulong[] _bits = new ulong[(columns + 63) >> 6];
    private readonly float[] _vals = new float[columns];

    /// <summary>Adds column <paramref name="c"/> (not already added since the last drain).</summary>
    public void Add(int c, float value)
    {
        _bits[c >> 6] |= 1UL << c;
        _vals[c] = value;
    }

    /// <summary>Writes the added columns ascending with their values (the spans may overlap the source of the adds,
    /// which is read in full first), clears the set and returns the count.</summary>
    public int Drain(Span<int> cols, Span<float> vals)
    {
        int n = 0;
        for (int w = 0; w < _bits.Length; w++)
        {
            ulong bits = _bits[w];
            if (bits == 0) continue;
            _bits[w] = 0;
            do
            {
                int c = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                cols[n] = c;
                vals[n++] = _vals[c];
                bits &= bits - 1;
            }
            while (bits != 0);
        }
        return n;
    }
}
