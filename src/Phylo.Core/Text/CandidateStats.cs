namespace Phylo.Text;

/// <summary>
/// Pass 2 of the vocabulary fit, mergeable: for each candidate of <see cref="VocabularyCandidates"/>, the number
/// of documents containing it and its exact UTF-8 string (taken from the first document that has it). Merge adds
/// document frequencies and checks that both sides saw the same string for a hash (a 64-bit collision between two
/// candidate terms would throw rather than silently merge).
/// </summary>
public sealed class CandidateStats
{
    private CandidateStats(int[] docFreq, byte[]?[] strings)
    {
        DocumentFrequency = docFreq;
        Strings = strings;
    }

    /// <summary>Documents containing candidate i (aligned with <see cref="VocabularyCandidates.Hashes"/>).</summary>
    public int[] DocumentFrequency { get; }

    /// <summary>UTF-8 of candidate i, null while no counted document contained it.</summary>
    public byte[]?[] Strings { get; }

    /// <summary>Scans documents [start, end) on the calling thread.</summary>
    public static CandidateStats CollectRange(ITextCorpus docs, int start, int end, VocabularyCandidates candidates)
    {
        var acc = new Accumulator(candidates);
        for (int d = start; d < end; d++) acc.Add(docs, d);
        return acc.Result;
    }

    /// <summary>Scans the whole corpus in parallel; the result does not depend on the worker count.</summary>
    public static CandidateStats Collect(ITextCorpus docs, VocabularyCandidates candidates, int maxDegreeOfParallelism = -1)
    {
        List<Accumulator> partials = Chunks.RunWorkers(docs.Count, maxDegreeOfParallelism, () => new Accumulator(candidates),
            (acc, start, end) => { for (int d = start; d < end; d++) acc.Add(docs, d); });
        CandidateStats total = Empty(candidates);
        foreach (Accumulator p in partials) total = Merge(total, p.Result);
        return total;
    }

    /// <summary>Statistics read back from a shard's part.</summary>
    public static CandidateStats From(int[] documentFrequency, byte[]?[] strings) =>
        documentFrequency.Length == strings.Length ? new(documentFrequency, strings) : throw new ArgumentException("columns differ in length");

    public static CandidateStats Empty(VocabularyCandidates candidates) =>
        new(new int[candidates.Hashes.Length], new byte[]?[candidates.Hashes.Length]);

    public static CandidateStats Merge(CandidateStats a, CandidateStats b)
    {
        if (a.DocumentFrequency.Length != b.DocumentFrequency.Length) throw new ArgumentException("partials of different candidate sets");
        int n = a.DocumentFrequency.Length;
        var df = new int[n];
        var strings = new byte[]?[n];
        for (int i = 0; i < n; i++)
        {
            df[i] = a.DocumentFrequency[i] + b.DocumentFrequency[i];
            byte[]? sa = a.Strings[i], sb = b.Strings[i];
            if (sa is not null && sb is not null && !sa.AsSpan().SequenceEqual(sb))
                throw new InvalidDataException("two different terms share one 64-bit term hash");
            strings[i] = sa ?? sb;
        }
        return new CandidateStats(df, strings);
    }

    /// <summary>One worker's pass-2 state. After each <see cref="Add(ReadOnlySpan{byte})"/>, <see cref="Touched"/> lists the candidates
    /// the document contains (first-occurrence order) and <see cref="CountInDocument"/> their occurrences: what
    /// <see cref="CountRows"/> turns into count rows without tokenizing the corpus a third time.</summary>
    internal sealed class Accumulator
    {
        private readonly HashSlots _slots;
        private readonly TermTokenizer _tok = new();
        private readonly int[] _inDoc;
        private readonly int[] _df;
        private readonly long[] _tf;
        private readonly byte[]?[] _strings;
        private readonly int[] _touched;
        private ulong[] _hashes = new ulong[256];
        private int _touchedCount;
        private ITextCorpus? _corpus;
        private ITermReader? _reader;

        public Accumulator(VocabularyCandidates candidates)
        {
            _slots = candidates.Slots;
            _inDoc = new int[candidates.Hashes.Length];
            _df = new int[candidates.Hashes.Length];
            _tf = new long[candidates.Hashes.Length];
            _strings = new byte[]?[candidates.Hashes.Length];
            _touched = new int[candidates.Hashes.Length];
        }

        public CandidateStats Result => new(_df, _strings);

        /// <summary>Occurrences of each candidate in the documents added so far (exact: what loose candidates need).</summary>
        public long[] TermFrequency => _tf;

        public ReadOnlySpan<int> Touched => _touched.AsSpan(0, _touchedCount);

        public int CountInDocument(int candidate) => _inDoc[candidate];

        /// <summary>Adds document <paramref name="d"/> of <paramref name="docs"/>: from its term hashes when the corpus is an
        /// <see cref="ITermCorpus"/> (a candidate's string is taken from the reader at its first sight in this worker;
        /// later sightings are not compared with it, as they are from text), else from its text.</summary>
        public void Add(ITextCorpus docs, int d)
        {
            if (docs is not ITermCorpus terms) { Add(docs[d]); return; }
            if (!ReferenceEquals(_corpus, docs)) { _corpus = docs; _reader = terms.OpenReader(); }
            StartDocument();
            TermRuns runs = _reader!.Runs(d); // in place: unigrams, then bigrams
            CountTerms(runs.First, 0, fromText: false);
            CountTerms(runs.Second, runs.First.Length, fromText: false);
            EndDocument();
        }

        public void Add(ReadOnlySpan<byte> doc)
        {
            StartDocument();
            _tok.Tokenize(doc);
            int terms = _tok.TermCount;
            if (_hashes.Length < terms) _hashes = new ulong[2 * terms];
            _tok.HashTerms(_hashes);
            CountTerms(_hashes.AsSpan(0, terms), 0, fromText: true);
            EndDocument();
        }

        // One document's terms, each looked up and counted in one loop (no positions written and read back, no call a
        // term), hashes[t] being the document's term first + t. A candidate's string is taken at its first sight in this
        // worker; from text (the tokenizer holds every term's bytes) it is also compared at its first sight in every document.
        private void CountTerms(ReadOnlySpan<ulong> hashes, int first, bool fromText)
        {
            HashSlots slots = _slots;
            int[] inDoc = _inDoc, touched = _touched, df = _df;
            byte[]?[] strings = _strings;
            int n = _touchedCount;
            for (int t = 0; t < hashes.Length; t++)
            {
                int c = slots.IndexOf(hashes[t]);
                if (c < 0 || inDoc[c]++ > 0) continue;
                touched[n++] = c;
                df[c]++;
                if (fromText) CompareString(c, first + t);
                else if (strings[c] is null) TakeString(c, first + t);
            }
            _touchedCount = n;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void TakeString(int c, int t) => _strings[c] = _reader!.Term(t).ToArray();

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void CompareString(int c, int t)
        {
            ReadOnlySpan<byte> term = _tok.Term(t);
            if (_strings[c] is null) _strings[c] = term.ToArray();
            else if (!term.SequenceEqual(_strings[c])) throw new InvalidDataException("two different terms share one 64-bit term hash");
        }

        private void StartDocument()
        {
            foreach (int c in Touched) _inDoc[c] = 0;
            _touchedCount = 0;
        }

        // The document's occurrences join the term frequencies: once a candidate it holds, not once an occurrence.
        private void EndDocument()
        {
            foreach (int c in Touched) _tf[c] += _inDoc[c];
        }
    }
}
