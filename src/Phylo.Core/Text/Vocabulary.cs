using System.Text;

namespace Phylo.Text;

/// <summary>
/// The fitted vocabulary of <c>TfidfVectorizer(ngram_range=(1,2), max_features=k)</c>: the k terms with the most
/// occurrences over the corpus, ties at the boundary broken by string order (sklearn sorts the vocabulary
/// alphabetically, then argsorts the negated counts; a stable sort keeps the alphabetically first), columns in
/// ordinal (code point) order of the terms, and smoothed idf <c>ln((1+n)/(1+df)) + 1</c>.
/// <para>Fit = <see cref="TermCounts"/> (pass 1) → <see cref="TermCounts.SelectCandidates"/> →
/// <see cref="CandidateStats"/> (pass 2) → <see cref="Finish"/>. Both passes are Partial/Merge, so shards on
/// different machines run them on their documents and one process merges. Terms are 64-bit XxHash3 ids during
/// counting; only the final terms and the boundary ties are resolved to strings, exactly.</para>
/// <para>Boundary ties: sklearn argsorts with numpy's unstable quicksort, so which tied terms it keeps depends on
/// the numpy build and on every count in the corpus. <see cref="TieBreak.Lexicographic"/> (default) is the
/// documented intent and a stable sort's answer; <see cref="TieBreak.NumpyQuicksort"/> replays numpy's introsort
/// over all terms and matches sklearn bit for bit where that numpy sort runs (see <see cref="NumpyArgsort"/>).</para>
/// </summary>
public sealed class Vocabulary
{
    private readonly HashSlots _columns;

    private Vocabulary(byte[][] terms, ulong[] hashes, long[] termFreq, int[] docFreq, long documents)
    {
        Terms = terms;
        Hashes = hashes;
        TermFrequency = termFreq;
        DocumentFrequency = docFreq;
        DocumentCount = documents;
        Idf = new double[terms.Length];
        for (int c = 0; c < terms.Length; c++) Idf[c] = Math.Log((1.0 + documents) / (1.0 + docFreq[c])) + 1.0;
        _columns = new HashSlots(hashes);
    }

    /// <summary>Number of columns.</summary>
    public int Count => Terms.Length;

    /// <summary>UTF-8 of column c's term; columns are in ordinal order of these bytes (= Python string order).</summary>
    public byte[][] Terms { get; }

    /// <summary><see cref="TermTokenizer.HashTerm"/> of each column's term.</summary>
    public ulong[] Hashes { get; }

    /// <summary>Total occurrences of each column's term in the fitted corpus.</summary>
    public long[] TermFrequency { get; }

    /// <summary>Documents of the fitted corpus containing each column's term.</summary>
    public int[] DocumentFrequency { get; }

    /// <summary>Smoothed idf of each column: ln((1+n)/(1+df)) + 1.</summary>
    public double[] Idf { get; }

    /// <summary>Documents in the fitted corpus (n).</summary>
    public long DocumentCount { get; }

    public string TermString(int column) => Encoding.UTF8.GetString(Terms[column]);

    /// <summary>Column of a term hash, or −1 (open addressing over ≥ 4× the column count: ~1 probe).</summary>
    public int ColumnOf(ulong hash) => _columns.IndexOf(hash);

    /// <summary>A vocabulary as <see cref="Terms"/>, <see cref="Hashes"/>, <see cref="TermFrequency"/>,
    /// <see cref="DocumentFrequency"/> and <see cref="DocumentCount"/> gave it (a snapshot's stored fit); idf is
    /// recomputed from them as <see cref="Finish"/> computes it.</summary>
    public static Vocabulary Restore(byte[][] terms, ulong[] hashes, long[] termFrequency, int[] documentFrequency, long documents)
    {
        int n = terms.Length;
        if (hashes.Length != n || termFrequency.Length != n || documentFrequency.Length != n)
            throw new ArgumentException($"vocabulary columns disagree: {n} terms, {hashes.Length} hashes, {termFrequency.Length} frequencies, {documentFrequency.Length} document frequencies");
        for (int c = 1; c < n; c++)
            if (terms[c - 1].AsSpan().SequenceCompareTo(terms[c]) >= 0) throw new ArgumentException($"terms are not in ordinal order at column {c}");
        return new Vocabulary(terms, hashes, termFrequency, documentFrequency, documents);
    }

    /// <summary>Both passes over a local corpus, in parallel; the same vocabulary for any worker count.</summary>
    public static Vocabulary Fit(ITextCorpus docs, int maxFeatures = 512, int maxDegreeOfParallelism = -1, TieBreak tieBreak = TieBreak.Lexicographic)
    {
        VocabularyCandidates cands = TermCounts.CountCandidates(docs, maxFeatures, maxDegreeOfParallelism, tieBreak);
        return Finish(cands, CandidateStats.Collect(docs, cands, maxDegreeOfParallelism));
    }

    /// <summary>Chooses the final terms from merged pass-1 candidates and merged pass-2 statistics.</summary>
    public static Vocabulary Finish(VocabularyCandidates candidates, CandidateStats stats, TieBreak tieBreak = TieBreak.Lexicographic)
    {
        // numpy's order needs every term — or no tie at the cut, when both orders keep the same terms.
        if (tieBreak == TieBreak.NumpyQuicksort && !candidates.IsComplete && NumpyTieBreak.HasTies(candidates))
            throw new ArgumentException("numpy tie-breaking with ties at the cut needs every term: SelectCandidates(k, allTerms: true)");
        int n = candidates.Hashes.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            if (stats.Strings[i] is null) throw new InvalidOperationException("pass 2 did not see every candidate: were both passes run on the same documents?");
        }
        var byString = Comparer<int>.Create((x, y) => stats.Strings[x].AsSpan().SequenceCompareTo(stats.Strings[y]));
        if (tieBreak == TieBreak.NumpyQuicksort && candidates.IsComplete)
        {
            // sklearn: terms sorted alphabetically, then (-tfs).argsort()[:k].
            Array.Sort(order, byString);
            var negated = new long[n];
            for (int i = 0; i < n; i++) negated[i] = -candidates.Counts[order[i]];
            int[] perm = NumpyArgsort.Argsort(negated);
            var sorted = (int[])order.Clone();
            for (int i = 0; i < n; i++) order[i] = sorted[perm[i]];
        }
        else
        {
            // Count descending, then term string ascending: a stable argsort of -counts over sorted terms.
            Array.Sort(order, (x, y) =>
            {
                int byCount = candidates.Counts[y].CompareTo(candidates.Counts[x]);
                return byCount != 0 ? byCount : byString.Compare(x, y);
            });
        }
        int keep = Math.Min(candidates.MaxFeatures, n);
        Array.Sort(order, 0, keep, byString);
        var terms = new byte[keep][];
        var hashes = new ulong[keep];
        var tf = new long[keep];
        var df = new int[keep];
        for (int c = 0; c < keep; c++)
        {
            int i = order[c];
            terms[c] = stats.Strings[i]!;
            hashes[c] = candidates.Hashes[i];
            tf[c] = candidates.Counts[i];
            df[c] = stats.DocumentFrequency[i];
        }
        return new Vocabulary(terms, hashes, tf, df, candidates.DocumentCount);
    }
}

/// <summary>How terms tied on count at the max_features boundary are chosen (see <see cref="Vocabulary"/>).</summary>
public enum TieBreak
{
    /// <summary>Alphabetically first (stable argsort): needs strings only for the boundary ties; shardable at any scale.</summary>
    Lexicographic,

    /// <summary>Exactly numpy's unstable quicksort argsort as sklearn calls it: needs every term's string.</summary>
    NumpyQuicksort,
}
