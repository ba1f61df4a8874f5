using Phylo.Text;

namespace Phylo.Tests.Text;

/// <summary>Pass 2's chunks are stretches of their worker's segments: a chunk that outgrows its segment moves to a fresh
/// one, and every chunk must keep its rows when later ones are written.</summary>
public class CandidateChunkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(97)]
    [InlineData(1_000)]
    public void Chunks_in_small_segments_hold_the_rows_of_chunks_in_one_large_segment(int segmentLength)
    {
        var rng = new Random(segmentLength);
        var docs = new List<string>();
        for (int d = 0; d < 700; d++)
            docs.Add(string.Join(' ', Enumerable.Range(0, rng.Next(0, 60)).Select(_ => $"w{(int)Math.Sqrt(rng.Next(300 * 300))}")));
        docs.Add(string.Join(' ', Enumerable.Repeat("w7 w9", 70_000))); // counts beyond 16 bits: the side table
        Utf8Corpus corpus = Utf8Corpus.FromStrings(docs);
        VocabularyCandidates cands = TermCounts.Count(corpus, 1).SelectCandidates(200);
        var stats = new CandidateStats.Accumulator(cands);
        var small = new CandidateChunk.Builder(cands.Hashes.Length, segmentLength);
        var large = new CandidateChunk.Builder(cands.Hashes.Length);
        var got = new List<CandidateChunk>();
        var expected = new List<CandidateChunk>();
        for (int start = 0; start < corpus.Count; start += 50)
        {
            int end = Math.Min(corpus.Count, start + 50);
            small.Start(end - start);
            large.Start(end - start);
            for (int d = start; d < end; d++)
            {
                stats.Add(corpus, d);
                small.AddRow(d - start, stats);
                large.AddRow(d - start, stats);
            }
            got.Add(small.Finish());
            expected.Add(large.Finish());
        }
        Assert.Contains(expected, c => !c.IsNarrow);
        for (int i = 0; i < got.Count; i++)
        {
            Assert.Equal(expected[i].Lengths, got[i].Lengths);
            Assert.Equal(expected[i].Nnz, got[i].Nnz);
            Assert.True(expected[i].Low.SequenceEqual(got[i].Low));
            Assert.True(expected[i].Counts.SequenceEqual(got[i].Counts));
            Assert.Equal(expected[i].IsNarrow, got[i].IsNarrow);
            for (int k = 0; k < got[i].Nnz; k++)
            {
                Assert.Equal(expected[i].CandidateAt(k), got[i].CandidateAt(k));
                Assert.Equal(expected[i].CountAt(k), got[i].CountAt(k));
            }
        }
    }
}
