using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Tests.Text;

/// <summary>Pass 1 with the first-sight sketch (<see cref="TermCounts.CountLooseCandidates"/>) keeps a superset of the cut,
/// and pass 2's exact recount gives the vocabulary and rows of the exact fit, for any worker count.</summary>
public class LooseCandidatesTests
{
    // A few hundred common words drawn unevenly (counts near the cut tie and sit within the sketch's slack of it), ids
    // seen once, ids seen a few times: the shape of a metadata corpus. Long documents against few of them keep the
    // sketch small, so counters are shared by many terms.
    private static Utf8Corpus MetadataLike(int docs, int seed)
    {
        var rng = new Random(seed);
        var list = new List<string>(docs);
        for (int d = 0; d < docs; d++)
        {
            var words = new List<string>();
            int n = rng.Next(0, 300);
            for (int i = 0; i < n; i++)
                words.Add(rng.Next(4) switch
                {
                    0 => $"id{d}x{i}",
                    1 => $"org{rng.Next(docs)}",
                    _ => $"w{(int)Math.Sqrt(rng.Next(700 * 700))}",
                });
            list.Add(string.Join(rng.Next(2) == 0 ? " " : ", ", words));
        }
        return Utf8Corpus.FromStrings(list);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(512)]
    [InlineData(700)]
    public void Loose_pass_one_gives_the_exact_fit_and_rows(int k)
    {
        Utf8Corpus corpus = MetadataLike(600, k);
        VocabularyCandidates exact = TermCounts.Count(corpus, 1).SelectCandidates(k);
        Vocabulary v = Vocabulary.Fit(corpus, k, 1);
        SparseRows expected = new TermVectorizer(v, TermWeighting.Counts, l2Normalize: false).Transform(corpus, 1);
        foreach (int workers in new[] { 1, 2, 3 })
        {
            VocabularyCandidates? loose = TermCounts.CountLooseCandidates(corpus, k, workers);
            Assert.NotNull(loose);
            Assert.True(loose.CountsAreBounds);
            Assert.Superset(exact.Hashes.ToHashSet(), loose.Hashes.ToHashSet());

            (Vocabulary fitted, SparseRows rows) = CountRows.Fit(corpus, k, workers);
            Assert.Equal(Enumerable.Range(0, v.Count).Select(v.TermString), Enumerable.Range(0, fitted.Count).Select(fitted.TermString));
            Assert.Equal(v.TermFrequency, fitted.TermFrequency);
            Assert.Equal(v.DocumentFrequency, fitted.DocumentFrequency);
            Assert.Equal(v.Idf, fitted.Idf);
            Assert.Equal(expected.Offsets, rows.Offsets);
            Assert.Equal(expected.Cols, rows.Cols);
            Assert.Equal(expected.Vals, rows.Vals);
        }
    }

    [Fact]
    public void Exact_cut_of_loose_candidates_equals_the_cut_of_every_count()
    {
        Utf8Corpus corpus = MetadataLike(600, 3);
        TermCounts all = TermCounts.Count(corpus, 1);
        VocabularyCandidates expected = all.SelectCandidates(512);
        VocabularyCandidates loose = TermCounts.CountLooseCandidates(corpus, 512, 2)!;
        long[] tf = Array.ConvertAll(loose.Hashes, h => all.Counts[Array.BinarySearch(all.Hashes, h)]);
        (VocabularyCandidates cut, int[] kept) = loose.Exact(tf);
        Assert.Equal(expected.Hashes, cut.Hashes);
        Assert.Equal(expected.Counts, cut.Counts);
        Assert.Equal(expected.Threshold, cut.Threshold);
        Assert.Equal(cut.Hashes, Array.ConvertAll(kept, i => loose.Hashes[i]));
    }

    // Fewer tallied terms than k, or a cut within the slack of zero: the bound cannot decide, the exact pass runs.
    [Fact]
    public void Small_corpora_fall_back_to_the_exact_count()
    {
        Assert.Null(TermCounts.CountLooseCandidates(Utf8Corpus.FromStrings(["alpha beta", "beta gamma"]), 512, 1));
        Assert.Null(TermCounts.CountLooseCandidates(MetadataLike(600, 1), 100_000, 2));
        var corpus = Utf8Corpus.FromStrings(["alpha beta", "beta gamma", ""]);
        (Vocabulary fitted, _) = CountRows.Fit(corpus, 2, 1);
        Assert.Equal(TermCountsTerms(Vocabulary.Fit(corpus, 2, 1)), TermCountsTerms(fitted));
    }

    private static string[] TermCountsTerms(Vocabulary v) => Enumerable.Range(0, v.Count).Select(v.TermString).ToArray();
}
