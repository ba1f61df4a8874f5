using System.Text;
using System.Text.RegularExpressions;
using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Tests.Text;

public class VocabularyTests
{
    // Small word list so many terms tie on counts: the boundary tie-break is exercised.
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa", "x", "Lambda", "MU", "nu_1", "42", "b"];

    private static List<string> Corpus(int seed, int docs)
    {
        var rng = new Random(seed);
        var list = new List<string>(docs);
        for (int d = 0; d < docs; d++)
        {
            int n = rng.Next(0, 14);
            list.Add(string.Join(rng.Next(3) == 0 ? ", " : " ", Enumerable.Range(0, n).Select(_ => Words[rng.Next(Words.Length)])));
        }
        return list;
    }

    // Independent reference on ASCII text: regex tokens, string dictionaries, sort by (-count, ordinal).
    private sealed record Reference(string[] Terms, double[] Idf, List<Dictionary<string, int>> Docs);

    private static Reference Fit(IReadOnlyList<string> docs, int k)
    {
        var tf = new Dictionary<string, long>();
        var df = new Dictionary<string, int>();
        var perDoc = new List<Dictionary<string, int>>();
        foreach (string doc in docs)
        {
            string[] tokens = Regex.Matches(doc.ToLowerInvariant(), "[a-z0-9_]{2,}").Select(m => m.Value).ToArray();
            var counts = new Dictionary<string, int>();
            foreach (string t in tokens.Concat(tokens.Zip(tokens.Skip(1), (a, b) => a + " " + b)))
                counts[t] = counts.GetValueOrDefault(t) + 1;
            foreach ((string t, int c) in counts) { tf[t] = tf.GetValueOrDefault(t) + c; df[t] = df.GetValueOrDefault(t) + 1; }
            perDoc.Add(counts);
        }
        string[] terms = tf.Keys.OrderByDescending(t => tf[t]).ThenBy(t => t, StringComparer.Ordinal).Take(k).OrderBy(t => t, StringComparer.Ordinal).ToArray();
        double[] idf = terms.Select(t => Math.Log((1.0 + docs.Count) / (1.0 + df[t])) + 1).ToArray();
        return new Reference(terms, idf, perDoc);
    }

    private static string[] TermsOf(Vocabulary v) => Enumerable.Range(0, v.Count).Select(v.TermString).ToArray();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 25)]
    [InlineData(3, 40)]
    [InlineData(4, 1000)]
    public void Fit_matches_the_reference_including_boundary_ties(int seed, int k)
    {
        List<string> docs = Corpus(seed, 300);
        Reference expected = Fit(docs, k);
        Vocabulary v = Vocabulary.Fit(Utf8Corpus.FromStrings(docs), k);
        Assert.Equal(expected.Terms, TermsOf(v));
        for (int c = 0; c < v.Count; c++) Assert.Equal(expected.Idf[c], v.Idf[c], 1e-12);
    }

    [Fact]
    public void Shards_merge_to_the_same_vocabulary_in_any_grouping()
    {
        List<string> docs = Corpus(5, 500);
        var corpus = Utf8Corpus.FromStrings(docs);
        TermCounts a = TermCounts.CountRange(corpus, 0, 100), b = TermCounts.CountRange(corpus, 100, 333), c = TermCounts.CountRange(corpus, 333, 500);
        TermCounts left = TermCounts.Merge(TermCounts.Merge(a, b), c), right = TermCounts.Merge(c, TermCounts.Merge(b, a));
        Assert.Equal(left.Hashes, right.Hashes);
        Assert.Equal(left.Counts, right.Counts);
        Assert.Equal(500, left.DocumentCount);
        TermCounts whole = TermCounts.Count(corpus, 1);
        Assert.Equal(whole.Hashes, left.Hashes);
        Assert.Equal(whole.Counts, left.Counts);

        TermCounts p0 = TermCounts.Count(corpus, 1, partition: 0, partitions: 2), p1 = TermCounts.Count(corpus, 1, partition: 1, partitions: 2);
        Assert.Equal(whole.Counts, TermCounts.Merge(p0, p1).Counts);

        VocabularyCandidates cands = left.SelectCandidates(30);
        CandidateStats s = CandidateStats.Merge(CandidateStats.CollectRange(corpus, 250, 500, cands), CandidateStats.CollectRange(corpus, 0, 250, cands));
        Assert.Equal(TermsOf(Vocabulary.Fit(corpus, 30)), TermsOf(Vocabulary.Finish(cands, s)));
        Assert.Equal(Fit(docs, 30).Terms, TermsOf(Vocabulary.Finish(cands, s)));
    }

    // numpy's choice by the definition: every term in code-point order, then the first k of the replayed argsort.
    private static string[] NumpyReference(IReadOnlyList<string> docs, int k)
    {
        var tf = new Dictionary<string, long>();
        foreach (string doc in docs)
        {
            string[] tokens = Regex.Matches(doc.ToLowerInvariant(), "[a-z0-9_]{2,}").Select(m => m.Value).ToArray();
            foreach (string t in tokens.Concat(tokens.Zip(tokens.Skip(1), (a, b) => a + " " + b))) tf[t] = tf.GetValueOrDefault(t) + 1;
        }
        string[] sorted = [.. tf.Keys.Order(StringComparer.Ordinal)];
        int[] order = NumpyArgsort.Argsort(sorted.Select(t => -tf[t]).ToArray());
        return [.. order.Take(k).Select(i => sorted[i]).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData(7, 20)]
    [InlineData(8, 37)]
    [InlineData(9, 60)]
    public void Numpy_ties_are_the_replayed_argsort_in_one_process_and_in_shards(int seed, int k)
    {
        List<string> docs = Corpus(seed, 400);
        var corpus = Utf8Corpus.FromStrings(docs);
        string[] expected = NumpyReference(docs, k);
        Assert.Equal(expected, TermsOf(Vocabulary.Fit(corpus, k, 1, TieBreak.NumpyQuicksort)));
        Assert.Equal(expected, TermsOf(Vocabulary.Fit(corpus, k, 3, TieBreak.NumpyQuicksort)));
        Assert.NotEqual(Fit(docs, k).Terms, expected);                      // this corpus has ties the two orders settle differently

        // Sharded: merged counts, candidates of every term when tied at the cut, merged statistics; either tie-break.
        TermCounts merged = TermCounts.Merge(TermCounts.CountRange(corpus, 0, 150), TermCounts.CountRange(corpus, 150, 400));
        VocabularyCandidates cut = merged.SelectCandidates(k);
        Assert.True(NumpyTieBreak.HasTies(cut));
        VocabularyCandidates all = merged.SelectCandidates(k, allTerms: true);
        CandidateStats stats = CandidateStats.Merge(CandidateStats.CollectRange(corpus, 200, 400, all), CandidateStats.CollectRange(corpus, 0, 200, all));
        Assert.Equal(expected, TermsOf(Vocabulary.Finish(all, stats, TieBreak.NumpyQuicksort)));
        Assert.Equal(Fit(docs, k).Terms, TermsOf(Vocabulary.Finish(all, stats, TieBreak.Lexicographic)));
    }

    [Fact]
    public void Argsort_prefix_is_the_start_of_the_full_argsort()
    {
        var rng = new Random(3);
        for (int n = 0; n <= 400; n += 7)
        {
            long[] keys = Enumerable.Range(0, n).Select(_ => (long)-rng.Next(0, 6)).ToArray();
            int[] full = NumpyArgsort.Argsort(keys);
            foreach (int k in new[] { 0, 1, 5, 16, 17, 50, n })
                Assert.Equal(full.Take(Math.Min(k, n)), NumpyArgsort.ArgsortPrefix(keys, k));
        }
    }

    [Theory]
    [InlineData(TermWeighting.TfIdf)]
    [InlineData(TermWeighting.Counts)]
    public void Rows_match_the_reference_and_do_not_depend_on_workers(TermWeighting weighting)
    {
        List<string> docs = Corpus(6, 2500); // > 2 chunks of 1024
        docs[7] = "";
        var corpus = Utf8Corpus.FromStrings(docs);
        Vocabulary v = Vocabulary.Fit(corpus, 20, maxDegreeOfParallelism: 3);
        Reference r = Fit(docs, 20);
        var vec = new TermVectorizer(v, weighting, l2Normalize: true);
        SparseRows one = vec.Transform(corpus, 1), many = vec.Transform(corpus, 4);
        Assert.Equal(one.Offsets, many.Offsets);
        Assert.Equal(one.Cols, many.Cols);
        Assert.Equal(one.Vals, many.Vals);
        Assert.Equal(0, one.ColsOf(7).Length);
        for (int d = 0; d < docs.Count; d += 37)
        {
            double[] dense = new double[r.Terms.Length];
            for (int c = 0; c < r.Terms.Length; c++)
                dense[c] = r.Docs[d].GetValueOrDefault(r.Terms[c]) * (weighting == TermWeighting.TfIdf ? r.Idf[c] : 1.0);
            double norm = Math.Sqrt(dense.Sum(x => x * x));
            ReadOnlySpan<int> cols = one.ColsOf(d);
            ReadOnlySpan<float> vals = one.ValsOf(d);
            Assert.Equal(dense.Count(x => x != 0), cols.Length);
            for (int k = 0; k < cols.Length; k++)
            {
                if (k > 0) Assert.True(cols[k] > cols[k - 1]);
                Assert.Equal(dense[cols[k]] / norm, vals[k], 1e-6); // float storage
            }
        }
    }

    [Fact]
    public void Non_ascii_terms_sort_by_code_point_like_python()
    {
        string[] docs = ["zz éé 語語", "éé 😀x aa", "Ωmega aa"];
        Vocabulary v = Vocabulary.Fit(Utf8Corpus.FromStrings(docs), 512);
        string[] terms = TermsOf(v);
        string[] sorted = terms.OrderBy(t => t, Comparer<string>.Create((x, y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)))).ToArray();
        Assert.Equal(sorted, terms);
        Assert.Contains("éé 語語", terms);
        Assert.Equal("aa", terms[0]);
    }
    // Thousands of distinct terms (the tally table grows several times) plus frequent ones.
    private static List<string> ManyTermCorpus(int docs)
    {
        var rng = new Random(11);
        return Enumerable.Range(0, docs).Select(d => string.Join(" ", Enumerable.Range(0, rng.Next(0, 40))
            .Select(_ => rng.Next(3) == 0 ? $"w{rng.Next(20_000)}" : Words[rng.Next(Words.Length)]))).ToList();
    }

    [Fact]
    public void Term_counts_equal_a_dictionary_count_for_any_worker_count()
    {
        List<string> docs = ManyTermCorpus(3000);
        var corpus = Utf8Corpus.FromStrings(docs);
        var expected = new Dictionary<ulong, long>();
        var tok = new TermTokenizer();
        for (int d = 0; d < corpus.Count; d++)
        {
            tok.Tokenize(corpus[d]);
            for (int t = 0; t < tok.TermCount; t++)
            {
                ulong h = TermTokenizer.HashTerm(tok.Term(t));
                expected[h] = expected.GetValueOrDefault(h) + 1;
            }
        }
        ulong[] hashes = expected.Keys.Order().ToArray();
        foreach (int workers in new[] { 1, 3 })
        {
            TermCounts counts = TermCounts.Count(corpus, workers);
            Assert.Equal(hashes, counts.Hashes);
            Assert.Equal(hashes.Select(h => expected[h]), counts.Counts);
            Assert.Equal(docs.Count, counts.DocumentCount);
        }
    }

    // 60 columns: one word of the column sorter's bit set; 700: eleven, the last one partial.
    [Theory]
    [InlineData(60)]
    [InlineData(700)]
    public void Count_rows_equal_fit_then_transform_for_any_worker_count(int k)
    {
        var corpus = Utf8Corpus.FromStrings(ManyTermCorpus(2500));
        Vocabulary v = Vocabulary.Fit(corpus, k, 1);
        SparseRows expected = new TermVectorizer(v, TermWeighting.Counts, l2Normalize: false).Transform(corpus, 1);
        foreach (int workers in new[] { 1, 3 })
        {
            (Vocabulary fitted, SparseRows rows) = CountRows.Fit(corpus, k, workers);
            Assert.Equal(TermsOf(v), TermsOf(fitted));
            Assert.Equal(v.DocumentFrequency, fitted.DocumentFrequency);
            Assert.Equal(expected.Offsets, rows.Offsets);
            Assert.Equal(expected.Cols, rows.Cols);
            Assert.Equal(expected.Vals, rows.Vals);
        }
    }

    // More than 65,536 candidates (every term of the corpus, as numpy's order asks): pass 2's chunks keep the indices'
    // high halves; the chosen terms spread over the whole candidate range, so a lost high half moves columns.
    [Fact]
    public void Count_rows_over_more_than_65536_candidates_equal_fit_then_transform()
    {
        var rng = new Random(7);
        var docs = new List<string>();
        for (int d = 0; d < 1500; d++)
            docs.Add(string.Join(' ', Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? $"u{d}x{i}" : $"w{rng.Next(400)}")));
        var corpus = Utf8Corpus.FromStrings(docs);
        VocabularyCandidates all = TermCounts.Count(corpus, 1).SelectCandidates(300, allTerms: true);
        Assert.True(all.Hashes.Length > 65_536, $"setup: {all.Hashes.Length} candidates");
        Vocabulary v = Vocabulary.Fit(corpus, 300, 1);
        SparseRows expected = new TermVectorizer(v, TermWeighting.Counts, l2Normalize: false).Transform(corpus, 1);
        Assert.Contains(Enumerable.Range(0, v.Count), c => Array.BinarySearch(all.Hashes, TermTokenizer.HashTerm(System.Text.Encoding.UTF8.GetBytes(v.TermString(c)))) > 65_535);
        foreach (int workers in new[] { 1, 2 })
        {
            (Vocabulary fitted, SparseRows rows) = CountRows.Fit(all, corpus, workers);
            Assert.Equal(TermsOf(v), TermsOf(fitted));
            Assert.Equal(expected.Offsets, rows.Offsets);
            Assert.Equal(expected.Cols, rows.Cols);
            Assert.Equal(expected.Vals, rows.Vals);
        }
    }

    // Fewer distinct terms than k (every term a candidate), ties at the boundary, and a corpus with none.
    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(60)]
    [InlineData(100_000)]
    public void Candidates_counted_in_the_tables_equal_candidates_of_the_merged_counts(int k)
    {
        foreach (List<string> docs in new[] { ManyTermCorpus(3000), Corpus(5, 400), ["", "a"] })
        {
            var corpus = Utf8Corpus.FromStrings(docs);
            VocabularyCandidates expected = TermCounts.Count(corpus, 1).SelectCandidates(k);
            foreach (int workers in new[] { 1, 3 })
            {
                VocabularyCandidates got = TermCounts.CountCandidates(corpus, k, workers);
                Assert.Equal(expected.Hashes, got.Hashes);
                Assert.Equal(expected.Counts, got.Counts);
                Assert.Equal(expected.Threshold, got.Threshold);
                Assert.Equal(expected.IsComplete, got.IsComplete);
                Assert.Equal(expected.DocumentCount, got.DocumentCount);
            }
        }
    }
}
