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
    /// <summary>Fits a <see cref="TieBreak.Lexicographic"/> vocabulary of <paramref name="maxFeatures"/> terms and
    /// returns it with every document's raw-count row over it.</summary>
    public static (Vocabulary Vocabulary, SparseRows Counts) Fit(ITextCorpus docs, int maxFeatures = 512, int maxDegreeOfParallelism = -1)
    {
        VocabularyCandidates cands = TermCounts.Count(docs, maxDegreeOfParallelism).SelectCandidates(maxFeatures);
        int chunks = (docs.Count + Chunks.Size - 1) / Chunks.Size;
        var parts = new SparseChunk[chunks];
        var workers = new List<CandidateStats.Accumulator>();
        Parallel.For(0, chunks, Chunks.Options(maxDegreeOfParallelism), () => new CandidateStats.Accumulator(cands), (chunk, _, acc) =>
        {
            parts[chunk] = CountChunk(docs, chunk, acc);
            return acc;
        }, acc => { lock (workers) workers.Add(acc); });
        CandidateStats stats = CandidateStats.Empty(cands);
        foreach (CandidateStats.Accumulator acc in workers) stats = CandidateStats.Merge(stats, acc.Result);
        Vocabulary vocab = Vocabulary.Finish(cands, stats);
        var column = new int[cands.Hashes.Length];
        for (int i = 0; i < column.Length; i++) column[i] = vocab.ColumnOf(cands.Hashes[i]);
        Parallel.For(0, chunks, Chunks.Options(maxDegreeOfParallelism), chunk => parts[chunk] = ToColumns(parts[chunk], column));
        return (vocab, SparseChunk.Concat(parts, docs.Count, vocab.Count));
    }

    // Candidate indices (first-occurrence order) and counts of each document of the chunk.
    private static SparseChunk CountChunk(ITextCorpus docs, int chunk, CandidateStats.Accumulator acc)
    {
        int start = chunk * Chunks.Size, end = Math.Min(docs.Count, start + Chunks.Size);
        var part = new SparseChunk(end - start);
        for (int d = start; d < end; d++)
        {
            acc.Add(docs[d]);
            ReadOnlySpan<int> touched = acc.Touched;
            part.Reserve(part.Nnz + touched.Length);
            Span<int> cols = part.Cols.AsSpan(part.Nnz, touched.Length);
            Span<float> vals = part.Vals.AsSpan(part.Nnz, touched.Length);
            for (int k = 0; k < touched.Length; k++) { cols[k] = touched[k]; vals[k] = acc.CountInDocument(touched[k]); }
            part.Commit(d - start, touched.Length);
        }
        return part;
    }

    // Candidate indices → vocabulary columns: drop the candidates that were not chosen, sort each row by column.
    private static SparseChunk ToColumns(SparseChunk part, int[] column)
    {
        int at = 0, kept = 0;
        for (int r = 0; r < part.Lengths.Length; r++)
        {
            int rowStart = kept;
            for (int k = at; k < at + part.Lengths[r]; k++)
            {
                int c = column[part.Cols[k]];
                if (c < 0) continue;
                part.Cols[kept] = c;
                part.Vals[kept++] = part.Vals[k];
            }
            at += part.Lengths[r];
            part.Lengths[r] = kept - rowStart;
            part.Cols.AsSpan(rowStart, kept - rowStart).Sort(part.Vals.AsSpan(rowStart, kept - rowStart));
        }
        part.Truncate(kept);
        return part;
    }
}
