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
        Fit(Candidates(docs, maxFeatures, maxDegreeOfParallelism, ties), docs, maxDegreeOfParallelism);

    /// <summary><see cref="Fit(ITextCorpus, int, int, TieBreak)"/> with the rows in the 16-bit layout (built from the
    /// chunks directly: the 8-bytes-a-non-zero rows never exist whole).</summary>
    public static (Vocabulary Vocabulary, TermCountRows Counts) FitCompact(ITextCorpus docs, int maxFeatures = 512, int maxDegreeOfParallelism = -1,
        TieBreak ties = TieBreak.Lexicographic) =>
        FitCompact(Candidates(docs, maxFeatures, maxDegreeOfParallelism, ties), docs, maxDegreeOfParallelism);

    /// <summary>Pass 1 of <see cref="FitCompact(ITextCorpus, int, int, TieBreak)"/> alone: the candidates pass 2 counts.</summary>
    public static VocabularyCandidates Candidates(ITextCorpus docs, int maxFeatures, int maxDegreeOfParallelism, TieBreak ties) =>
        (ties == TieBreak.Lexicographic ? TermCounts.CountLooseCandidates(docs, maxFeatures, maxDegreeOfParallelism) : null)
            ?? TermCounts.CountCandidates(docs, maxFeatures, maxDegreeOfParallelism, ties);

    /// <summary>Pass 2 and the count rows in the 16-bit layout, with pass 1 (<paramref name="cands"/>, ties already
    /// resolved) done elsewhere over the same documents. Pass 2 keeps each document's candidates and counts in 16-bit
    /// chunks (<see cref="CandidateChunk"/>), sorted into the final arrays once the vocabulary is chosen.</summary>
    public static (Vocabulary Vocabulary, TermCountRows Counts) FitCompact(VocabularyCandidates cands, ITextCorpus docs, int maxDegreeOfParallelism = -1)
    {
        int chunks = (docs.Count + Chunks.Size - 1) / Chunks.Size;
        var parts = new CandidateChunk[chunks];
        // One accumulator per worker, not per Parallel.For replica (a new replica, with new local state, starts whenever
        // one has used its time slice; each held its candidate arrays and, over a term corpus, a reader until the end);
        // a chunk's part does not depend on which worker counted it.
        List<Worker> workers = Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, () => new Worker(cands),
            (w, start, end) => parts[start / Chunks.Size] = w.Count(docs, start, end));
        StageParts.Mark("pass 2");
        CandidateStats stats = CandidateStats.Empty(cands);
        foreach (Worker w in workers) stats = CandidateStats.Merge(stats, w.Stats.Result);
        Vocabulary vocab = cands.CountsAreBounds ? FinishExact(cands, stats, workers) : Vocabulary.Finish(cands, stats);
        var column = new int[cands.Hashes.Length];
        for (int i = 0; i < column.Length; i++) column[i] = vocab.ColumnOf(cands.Hashes[i]);
        TermCountRows rows = TermCountRows.FromCandidates(parts, column, docs.Count, vocab.Count, maxDegreeOfParallelism);
        StageParts.Mark("vocabulary + rows");
        return (vocab, rows);
    }

    /// <summary><see cref="FitCompact(VocabularyCandidates, ITextCorpus, int)"/> with 32-bit columns and float counts.</summary>
    public static (Vocabulary Vocabulary, SparseRows Counts) Fit(VocabularyCandidates cands, ITextCorpus docs, int maxDegreeOfParallelism = -1)
    {
        (Vocabulary vocab, TermCountRows counts) = FitCompact(cands, docs, maxDegreeOfParallelism);
        return (vocab, counts.ToSparseRows());
    }

    // Loose candidates (pass 1 kept lower bounds): the exact counts pass 2 took decide the cut, as they would have from
    // every term's count.
    private static Vocabulary FinishExact(VocabularyCandidates loose, CandidateStats stats, List<Worker> workers)
    {
        var tf = new long[loose.Hashes.Length];
        foreach (Worker w in workers)
            for (int i = 0; i < tf.Length; i++) tf[i] += w.Stats.TermFrequency[i];
        (VocabularyCandidates cut, int[] kept) = loose.Exact(tf);
        var keptStats = CandidateStats.From(Array.ConvertAll(kept, i => stats.DocumentFrequency[i]), Array.ConvertAll(kept, i => stats.Strings[i]));
        return Vocabulary.Finish(cut, keptStats);
    }

    // One pass-2 worker: its candidate statistics and the scratch its chunks' rows are written into.
    private sealed class Worker(VocabularyCandidates cands)
    {
        public CandidateStats.Accumulator Stats { get; } = new(cands);

        private readonly CandidateChunk.Builder _rows = new(cands.Hashes.Length);

        // Candidate indices (first-occurrence order) and counts of each document of [start, end).
        public CandidateChunk Count(ITextCorpus docs, int start, int end)
        {
            _rows.Start(end - start);
            for (int d = start; d < end; d++)
            {
                Stats.Add(docs, d);
                _rows.AddRow(d - start, Stats);
            }
            return _rows.Finish();
        }
    }
}

/// <summary>Orders one row's distinct columns (below a small column count) with their counts: a bit per column and
/// a dense count slot, read back in column order. O(nnz + columns/64) a row instead of a comparison sort.</summary>
internal sealed class ColumnSorter(int columns)
{
    private readonly ulong[] _bits = new ulong[(columns + 63) >> 6];
    private readonly int[] _counts = new int[columns];

    /// <summary>Adds column <paramref name="c"/> (not already added since the last drain).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(int c, int count)
    {
        _bits[c >> 6] |= 1UL << c;
        _counts[c] = count;
    }

    /// <summary>Writes the added columns ascending with their counts (16-bit: a count above 65,534 as
    /// <see cref="TermCountRows.Saturated"/>, its exact value added to <paramref name="large"/> under its position,
    /// <paramref name="at"/> being the spans' first), clears the set and returns the count of columns.</summary>
    public int Drain(Span<ushort> cols, Span<ushort> counts, int at, ref List<KeyValuePair<int, int>>? large)
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
                int count = _counts[c];
                if (count >= TermCountRows.Saturated)
                {
                    (large ??= []).Add(new(at + n, count));
                    count = TermCountRows.Saturated;
                }
                cols[n] = (ushort)c;
                counts[n++] = (ushort)count;
                bits &= bits - 1;
            }
            while (bits != 0);
        }
        return n;
    }
}
