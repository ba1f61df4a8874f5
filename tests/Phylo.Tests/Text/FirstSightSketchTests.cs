using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Tests.Text;

/// <summary>The first-sight sketch filters a document given in two runs (unigrams, bigrams: read in place from
/// <see cref="TermSequence"/>) exactly as it filters the joined hashes, and a fit over a term corpus that hands its runs
/// over gives the text's candidates, vocabulary and rows.</summary>
public class FirstSightSketchTests
{
    // The smallest sketch (2^16 counters) and hashes from a few hundred values, some sharing a counter: counters fill,
    // saturate and let terms through, within and across documents.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Two_runs_are_filtered_as_the_joined_hashes_and_as_two_bit_counters_would(int seed)
    {
        var rng = new Random(seed);
        ulong[] pool = [.. Enumerable.Range(0, 400).Select(i => i % 5 == 0 ? (ulong)rng.Next(16) << 16 | 7 : (ulong)rng.NextInt64())];
        var joined = new FirstSightSketch(1);
        var runs = new FirstSightSketch(1);
        var counters = new Dictionary<ulong, int>();
        for (int d = 0; d < 300; d++)
        {
            ulong[] doc = [.. Enumerable.Range(0, rng.Next(0, 120)).Select(_ => pool[rng.Next(pool.Length)])];
            int split = rng.Next(0, doc.Length + 1);
            var expected = new List<ulong>();
            foreach (ulong h in doc)
            {
                int c = counters.GetValueOrDefault(h & 0xFFFF);
                if (c == FirstSightSketch.Skipped) expected.Add(h);
                else counters[h & 0xFFFF] = c + 1;
            }

            ulong[] inPlace = [.. doc];
            Assert.Equal(expected, inPlace.AsSpan(0, joined.Filter(inPlace)).ToArray());
            var kept = new ulong[doc.Length];
            int n = runs.Filter(new TermRuns(doc.AsSpan(0, split), doc.AsSpan(split)), kept);
            Assert.Equal(expected, kept.AsSpan(0, n).ToArray());
        }
    }

    [Fact]
    public void Loose_candidates_and_the_fit_over_term_runs_equal_those_over_the_text()
    {
        var rng = new Random(5);
        var docs = new List<string>();
        for (int d = 0; d < 3_000; d++)
            docs.Add(string.Join(' ', Enumerable.Range(0, rng.Next(0, 60)).Select(i => rng.Next(3) == 0 ? $"id{d}x{i}" : $"w{rng.Next(900)}")));
        Utf8Corpus text = Utf8Corpus.FromStrings(docs);
        var runs = new RunsCorpus(text);

        VocabularyCandidates? fromText = TermCounts.CountLooseCandidates(text, 300, 1);
        VocabularyCandidates? fromRuns = TermCounts.CountLooseCandidates(runs, 300, 1);
        Assert.NotNull(fromText);
        Assert.NotNull(fromRuns);
        Assert.Equal(fromText.Hashes, fromRuns.Hashes);
        Assert.Equal(fromText.Counts, fromRuns.Counts);
        Assert.Equal(fromText.Threshold, fromRuns.Threshold);

        foreach (int workers in new[] { 1, 2 })
        {
            (Vocabulary v, SparseRows expected) = CountRows.Fit(text, 300, workers);
            (Vocabulary fitted, SparseRows rows) = CountRows.Fit(runs, 300, workers);
            Assert.Equal(Enumerable.Range(0, v.Count).Select(v.TermString), Enumerable.Range(0, fitted.Count).Select(fitted.TermString));
            Assert.Equal(v.TermFrequency, fitted.TermFrequency);
            Assert.Equal(v.DocumentFrequency, fitted.DocumentFrequency);
            Assert.Equal(expected.Offsets, rows.Offsets);
            Assert.Equal(expected.Cols, rows.Cols);
            Assert.Equal(expected.Vals, rows.Vals);
        }
    }

    // A term corpus over text whose reader hands each document's terms over as two runs: unigrams, then bigrams.
    private sealed class RunsCorpus(Utf8Corpus text) : ITermCorpus
    {
        public int Count => text.Count;
        public ReadOnlySpan<byte> this[int index] => text[index];
        public ITermReader OpenReader() => new Reader(text);

        private sealed class Reader(Utf8Corpus text) : ITermReader
        {
            private readonly TermTokenizer _tok = new();
            private ulong[] _hashes = new ulong[256];

            public ReadOnlySpan<ulong> Hashes(int document)
            {
                _tok.Tokenize(text[document]);
                if (_hashes.Length < _tok.TermCount) _hashes = new ulong[2 * _tok.TermCount];
                return _hashes.AsSpan(0, _tok.HashTerms(_hashes));
            }

            public TermRuns Runs(int document)
            {
                ReadOnlySpan<ulong> all = Hashes(document);
                return new TermRuns(all[.._tok.TokenCount], all[_tok.TokenCount..]);
            }

            public ReadOnlySpan<byte> Term(int term) => _tok.Term(term);
        }
    }
}
