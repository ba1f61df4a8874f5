namespace Phylo.Text;

/// <summary>
/// Pass 1 of the vocabulary fit, mergeable: total occurrences of every term (unigrams and bigrams, keyed by
/// <see cref="TermTokenizer.HashTerm"/>) over a subset of documents. Stored as two parallel arrays sorted by hash
/// (16 bytes a distinct term, no per-entry objects), so <see cref="Merge"/> is a linear merge-join: associative,
/// commutative, exact. Strings are not kept: the few that decide the vocabulary are resolved in pass 2
/// (<see cref="CandidateStats"/>). Memory is bounded by hash partitioning when needed: counting with
/// <c>partitions = P</c> keeps only hashes with <c>hash % P == partition</c>, so P passes each hold ~1/P of the terms.
/// </summary>
public sealed class TermCounts
{
    private TermCounts(ulong[] hashes, long[] counts, long documents)
    {
        Hashes = hashes;
        Counts = counts;
        DocumentCount = documents;
    }

    /// <summary>Distinct term hashes, ascending.</summary>
    public ulong[] Hashes { get; }

    /// <summary>Total occurrences of <see cref="Hashes"/>[i] over the counted documents.</summary>
    public long[] Counts { get; }

    /// <summary>Documents counted.</summary>
    public long DocumentCount { get; }

    public int DistinctTerms => Hashes.Length;

    public static TermCounts Empty { get; } = new([], [], 0);

    /// <summary>Counts read back from a shard's part: hashes must be strictly ascending, as <see cref="Hashes"/>.</summary>
    public static TermCounts FromSorted(ulong[] hashes, long[] counts, long documents)
    {
        if (hashes.Length != counts.Length) throw new ArgumentException("hashes and counts differ in length");
        for (int i = 1; i < hashes.Length; i++) if (hashes[i] <= hashes[i - 1]) throw new ArgumentException("hashes are not strictly ascending");
        return new TermCounts(hashes, counts, documents);
    }

    /// <summary>Counts documents [start, end) on the calling thread.</summary>
    public static TermCounts CountRange(ITextCorpus docs, int start, int end, int partition = 0, int partitions = 1)
    {
        var acc = new Accumulator(partition, partitions);
        for (int d = start; d < end; d++) acc.Add(docs, d);
        return acc.ToCounts();
    }

    /// <summary>Counts the whole corpus with up to <paramref name="maxDegreeOfParallelism"/> workers (−1: all cores).
    /// The result does not depend on the worker count: integer counts merge exactly.</summary>
    public static TermCounts Count(ITextCorpus docs, int maxDegreeOfParallelism = -1, int partition = 0, int partitions = 1)
    {
        // One accumulator per worker (not per Parallel.ForEach replica): each holds one large table, and the
        // partials are merged once at the end.
        var partials = Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, () => new Accumulator(partition, partitions),
            (acc, start, end) => { for (int d = start; d < end; d++) acc.Add(docs, d); });
        TermCounts total = Empty;
        foreach (Accumulator p in partials) total = Merge(total, p.ToCounts());
        return total;
    }

    /// <summary><c>Count(docs, maxDegreeOfParallelism).SelectCandidates(maxFeatures)</c> without the full sorted
    /// counts: the workers' tables are added into the first one and the candidates read from it, so the millions of
    /// once-seen terms are never drained into arrays, sorted and merged (fresh memory as large as the tables, twice).</summary>
    /// <remarks>With <see cref="TieBreak.NumpyQuicksort"/> and terms tied at the cut, the candidates are resolved to
    /// numpy's k (<see cref="NumpyTieBreak"/>: one more pass over the corpus).</remarks>
    public static VocabularyCandidates CountCandidates(ITextCorpus docs, int maxFeatures, int maxDegreeOfParallelism = -1, TieBreak ties = TieBreak.Lexicographic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFeatures, 1);
        var partials = Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, () => new Accumulator(0, 1),
            (acc, start, end) => { for (int d = start; d < end; d++) acc.Add(docs, d); });
        Accumulator total = Accumulator.Sum(partials);
        VocabularyCandidates cut = total.SelectCandidates(maxFeatures);
        if (ties != TieBreak.NumpyQuicksort || !NumpyTieBreak.HasTies(cut)) return cut;
        TermCounts all = total.ToCounts();
        return NumpyTieBreak.Resolve(docs, all.Hashes, all.Counts, cut, maxDegreeOfParallelism);
    }

    /// <summary>
    /// Pass 1 for a fit that recounts its candidates in pass 2 (<see cref="CountRows"/>), in a fraction of the memory:
    /// each worker lets its first <see cref="FirstSightSketch.Skipped"/> sightings of a term pass uncounted, so the
    /// terms seen once or twice (most of them) never reach the tables. With M a term's summed tally and W·s the most
    /// any term lost (W workers), its count lies in [M, M + W·s]; the k-th largest M is at most the k-th largest count
    /// T, so every term counted T or more has M + W·s ≥ that M-threshold and is a candidate. The returned counts are
    /// those lower bounds (<see cref="VocabularyCandidates.CountsAreBounds"/>): pass 2 must count the candidates exactly
    /// and cut again at T (<see cref="VocabularyCandidates.Exact"/>). Null when the bound cannot decide (fewer than k
    /// terms tallied or the M-threshold within W·s of zero: a small corpus), for the exact <see cref="CountCandidates"/>.
    /// </summary>
    /// <summary>Distinct terms of the last summed pass-1 tally (for bench/probes/sketch-size.cs, read by reflection).</summary>
    internal static long LastDistinct;

    internal static VocabularyCandidates? CountLooseCandidates(ITextCorpus docs, int maxFeatures, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFeatures, 1);
        var partials = Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, () => new Accumulator(0, 1, new FirstSightSketch(docs.Count)),
            (acc, start, end) => { for (int d = start; d < end; d++) acc.Add(docs, d); });
        long slack = (long)partials.Count * FirstSightSketch.Skipped;
        Accumulator total = Accumulator.Sum(partials);
        partials.Clear();
        LastDistinct = total.Distinct;
        if (total.Distinct < maxFeatures) return null;
        VocabularyCandidates bounds = total.SelectCandidates(maxFeatures, slack);
        return bounds.Threshold > slack ? bounds : null;
    }

    /// <summary>Sum of two partials (any order, any grouping: the result is the same).</summary>
    public static TermCounts Merge(TermCounts a, TermCounts b)
    {
        var hashes = new ulong[a.Hashes.Length + b.Hashes.Length];
        var counts = new long[hashes.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Hashes.Length && j < b.Hashes.Length)
        {
            ulong ha = a.Hashes[i], hb = b.Hashes[j];
            if (ha == hb) { hashes[n] = ha; counts[n++] = a.Counts[i++] + b.Counts[j++]; }
            else if (ha < hb) { hashes[n] = ha; counts[n++] = a.Counts[i++]; }
            else { hashes[n] = hb; counts[n++] = b.Counts[j++]; }
        }
        for (; i < a.Hashes.Length; i++, n++) { hashes[n] = a.Hashes[i]; counts[n] = a.Counts[i]; }
        for (; j < b.Hashes.Length; j++, n++) { hashes[n] = b.Hashes[j]; counts[n] = b.Counts[j]; }
        Array.Resize(ref hashes, n);
        Array.Resize(ref counts, n);
        return new TermCounts(hashes, counts, a.DocumentCount + b.DocumentCount);
    }

    /// <summary>
    /// The terms that can be in sklearn's top <paramref name="maxFeatures"/>: with T the count of the
    /// maxFeatures-th most frequent term, every term counted more than T (sure) and every term counted exactly T
    /// (boundary ties, decided in <see cref="Vocabulary.Finish"/>). With <paramref name="allTerms"/> every term is a
    /// candidate: what <see cref="TieBreak.NumpyQuicksort"/> needs, and affordable only for small corpora.
    /// </summary>
    public VocabularyCandidates SelectCandidates(int maxFeatures, bool allTerms = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFeatures, 1);
        long threshold = KthLargest(Counts, allTerms ? int.MaxValue : maxFeatures);
        var picked = new List<int>();
        for (int i = 0; i < Counts.Length; i++) if (Counts[i] >= threshold) picked.Add(i);
        var hashes = new ulong[picked.Count];
        var counts = new long[picked.Count];
        for (int k = 0; k < picked.Count; k++) { hashes[k] = Hashes[picked[k]]; counts[k] = Counts[picked[k]]; }
        return new VocabularyCandidates(hashes, counts, threshold, maxFeatures, DocumentCount, picked.Count == Counts.Length);
    }

    // k-th largest value (or the smallest when there are fewer than k) via a size-k min-heap.
    private static long KthLargest(long[] values, int k)
    {
        if (values.Length <= k)
        {
            long min = long.MaxValue;
            foreach (long v in values) min = Math.Min(min, v);
            return values.Length == 0 ? 0 : min;
        }
        var heap = new PriorityQueue<long, long>(k);
        foreach (long v in values)
        {
            if (heap.Count < k) heap.Enqueue(v, v);
            else if (v > heap.Peek()) heap.EnqueueDequeue(v, v);
        }
        return heap.Peek();
    }

    /// <summary>One worker's pass-1 state: documents are tokenized, their term hashes counted in a <see cref="TermTally"/>.
    /// Also the ingest card stage's (one per worker, merged with <see cref="AddFrom"/>).</summary>
    internal sealed class Accumulator(int partition = 0, int partitions = 1, FirstSightSketch? sketch = null)
    {
        private readonly TermTokenizer _tok = new();
        private readonly TermTally _tally = new();
        private ulong[] _hashes = new ulong[1024];
        private long _docs;
        private ITextCorpus? _corpus;
        private ITermReader? _reader;

        public void Add(ReadOnlySpan<byte> doc)
        {
            _docs++;
            ReadOnlySpan<ulong> hashes = Hash(doc);
            _tally.AddAll(sketch is null ? hashes : _hashes.AsSpan(0, sketch.Filter(_hashes.AsSpan(0, hashes.Length))));
        }

        /// <summary>Adds document <paramref name="d"/> of <paramref name="docs"/>: its terms straight from the corpus when
        /// it is an <see cref="ITermCorpus"/> (no text), else its text tokenized — the same hashes in the same order.</summary>
        public void Add(ITextCorpus docs, int d)
        {
            if (docs is not ITermCorpus terms) { Add(docs[d]); return; }
            if (!ReferenceEquals(_corpus, docs)) { _corpus = docs; _reader = terms.OpenReader(); }
            _docs++;
            if (sketch is not null && partitions == 1)
            {
                // Filtered straight from the reader's runs into the buffer the tally reads: no joined copy of the terms.
                TermRuns runs = _reader!.Runs(d);
                if (_hashes.Length < runs.Length) _hashes = new ulong[2 * runs.Length];
                _tally.AddAll(_hashes.AsSpan(0, sketch.Filter(runs, _hashes)));
                return;
            }
            ReadOnlySpan<ulong> read = _reader!.Hashes(d);
            if (sketch is null && partitions == 1) { _tally.AddAll(read); return; }
            if (_hashes.Length < read.Length) _hashes = new ulong[2 * read.Length];
            read.CopyTo(_hashes);
            int n = Partition(read.Length);
            _tally.AddAll(sketch is null ? _hashes.AsSpan(0, n) : _hashes.AsSpan(0, sketch.Filter(_hashes.AsSpan(0, n))));
        }

        /// <summary>Takes back a document <see cref="Add(ReadOnlySpan{byte})"/> counted (a duplicate row the table builder dropped). Counts that
        /// reach 0 are left out of <see cref="ToCounts"/>.</summary>
        public void Remove(ReadOnlySpan<byte> doc)
        {
            if (sketch is not null) throw new InvalidOperationException("a sketched count cannot take a document back");
            _docs--;
            _tally.SubtractAll(Hash(doc));
        }

        private ReadOnlySpan<ulong> Hash(ReadOnlySpan<byte> doc)
        {
            _tok.Tokenize(doc);
            if (_hashes.Length < _tok.TermCount) _hashes = new ulong[2 * _tok.TermCount];
            return _hashes.AsSpan(0, Partition(_tok.HashTerms(_hashes)));
        }

        // Keeps, in order, the first n hashes of this accumulator's partition.
        private int Partition(int n)
        {
            if (partitions == 1) return n;
            int kept = 0;
            for (int t = 0; t < n; t++)
                if ((int)(_hashes[t] % (ulong)partitions) == partition) _hashes[kept++] = _hashes[t];
            return kept;
        }

        public int Distinct => _tally.Distinct;

        public long Documents => _docs;

        public void AddFrom(Accumulator other)
        {
            _docs += other._docs;
            _tally.AddFrom(other._tally);
        }

        /// <summary>The terms counted at least the k-th largest count less <paramref name="slack"/> (0: exact counts;
        /// otherwise the counts are lower bounds within <paramref name="slack"/>, see <see cref="CountLooseCandidates"/>).</summary>
        public VocabularyCandidates SelectCandidates(int maxFeatures, long slack = 0)
        {
            long threshold = _tally.KthLargestCount(maxFeatures);
            (ulong[] hashes, long[] counts) = _tally.AtLeast(threshold - slack);
            return new VocabularyCandidates(hashes, counts, threshold, maxFeatures, _docs, slack == 0 && hashes.Length == _tally.Distinct)
            {
                CountsAreBounds = slack > 0,
            };
        }

        public TermCounts ToCounts()
        {
            (ulong[] hashes, long[] counts) = _tally.Drain();
            if (Array.IndexOf(counts, 0L) >= 0)
            {
                int kept = 0;
                for (int i = 0; i < counts.Length; i++)
                    if (counts[i] != 0) { hashes[kept] = hashes[i]; counts[kept++] = counts[i]; }
                Array.Resize(ref hashes, kept);
                Array.Resize(ref counts, kept);
            }
            return new TermCounts(hashes, counts, _docs);
        }

        /// <summary>The accumulators' sum (the largest absorbs the others: fewest inserts, least growth).</summary>
        public static Accumulator Sum(List<Accumulator> parts)
        {
            if (parts.Count == 0) return new Accumulator();
            parts.Sort((a, b) => b.Distinct.CompareTo(a.Distinct));
            Accumulator total = parts[0];
            for (int i = 1; i < parts.Count; i++) total.AddFrom(parts[i]);
            return total;
        }
    }
}

/// <summary>Pass-1 result that pass 2 resolves: candidate hashes (ascending) with their total counts.</summary>
public sealed record VocabularyCandidates(ulong[] Hashes, long[] Counts, long Threshold, int MaxFeatures, long DocumentCount, bool IsComplete)
{
    private HashSlots? _slots;

    /// <summary>Whether <see cref="Counts"/> are lower bounds and the set a superset of the cut (pass 1 with
    /// <see cref="FirstSightSketch"/>): pass 2 counts exactly and <see cref="Exact"/> cuts again.</summary>
    public bool CountsAreBounds { get; init; }

    /// <summary>The exact cut of loose candidates from their exact counts (pass 2): the candidates counted at least the
    /// k-th largest exact count, as <see cref="TermCounts.SelectCandidates"/> would have chosen from every term's count,
    /// with the indices of those kept into this set.</summary>
    internal (VocabularyCandidates Cut, int[] Kept) Exact(long[] exactCounts)
    {
        var heap = new PriorityQueue<long, long>(MaxFeatures + 1);
        foreach (long v in exactCounts)
        {
            if (heap.Count < MaxFeatures) heap.Enqueue(v, v);
            else if (v > heap.Peek()) heap.EnqueueDequeue(v, v);
        }
        long threshold = heap.Peek();
        int[] kept = [.. Enumerable.Range(0, exactCounts.Length).Where(i => exactCounts[i] >= threshold)];
        return (new VocabularyCandidates(Array.ConvertAll(kept, i => Hashes[i]), Array.ConvertAll(kept, i => exactCounts[i]),
            threshold, MaxFeatures, DocumentCount, IsComplete: false), kept);
    }

    /// <summary>Index of <paramref name="hash"/> in <see cref="Hashes"/>, or −1 (a hash table, built on first use:
    /// pass 2 looks up every term of every document).</summary>
    public int IndexOf(ulong hash) => Slots.IndexOf(hash);

    /// <summary>The hash table <see cref="IndexOf"/> reads (built on first use; a pass-2 worker keeps it at hand).</summary>
    internal HashSlots Slots => _slots ??= new HashSlots(Hashes);
}

/// <summary>Document ranges handed to parallel workers: fixed-size chunks so work balances on skewed corpora.</summary>
internal static class Chunks
{
    public const int Size = 1024;

    public static IEnumerable<(int, int)> Of(int count)
    {
        for (int s = 0; s < count; s += Size) yield return (s, Math.Min(count, s + Size));
    }

    public static ParallelOptions Options(int maxDegreeOfParallelism) => new() { MaxDegreeOfParallelism = maxDegreeOfParallelism };

    /// <summary>Runs <paramref name="body"/> over every chunk of [0, count) on exactly min(workers, chunks) workers,
    /// each with one state from <paramref name="init"/> that it keeps for all its chunks (chunks are claimed from a
    /// shared counter). Returns the states in worker order. Use only for order-insensitive (exactly mergeable) work.</summary>
    public static List<T> RunWorkers<T>(int count, int maxDegreeOfParallelism, Func<T> init, Action<T, int, int> body)
    {
        int chunks = (count + Size - 1) / Size;
        int workers = Math.Max(1, Math.Min(chunks, maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount));
        var states = new T[workers];
        int next = -1;
        Parallel.For(0, workers, Options(workers), w =>
        {
            T state = init();
            for (int c = Interlocked.Increment(ref next); c < chunks; c = Interlocked.Increment(ref next))
                body(state, c * Size, Math.Min(count, (c + 1) * Size));
            states[w] = state;
        });
        return [.. states];
    }
}
