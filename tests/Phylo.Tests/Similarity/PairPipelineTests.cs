using Phylo.Analyses.Similarity;

namespace Phylo.Tests.Similarity;

public class PairPipelineTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 4)]
    [InlineData(37, 1)]
    [InlineData(37, 2)]
    [InlineData(200, 3)]
    public void Every_chunk_is_scored_once_with_its_own_pairs_and_buffers_stay_bounded(int chunks, int threads)
    {
        const int size = 16;
        var seen = new int[chunks];
        var buffers = new HashSet<PairChunk>(ReferenceEqualityComparer.Instance);
        var states = PairPipeline.Run(chunks, size, threads, (c, chunk) =>
        {
            lock (buffers) buffers.Add(chunk);
            Assert.Equal(0, chunk.Count); // handed over empty, even when reused
            for (int i = 0; i < c % size; i++) chunk.Add((long)c * size + i, c, i);
        }, () => new List<int>(), (mine, chunk) =>
        {
            if (chunk.Count == 0) return; // chunks c ≡ 0 (mod 16) hold no pair
            int c = chunk.Xs[0];
            for (int p = 0; p < chunk.Count; p++)
            {
                Assert.Equal(chunk.Xs[0], chunk.Xs[p]);
                Assert.Equal((long)chunk.Xs[p] * size + chunk.Ys[p], chunk.Draws[p]);
            }
            Interlocked.Increment(ref seen[c]);
            mine.Add(c);
        });
        int workers = chunks == 0 ? 0 : Math.Min(chunks, threads);
        Assert.Equal(workers, states.Count);
        for (int c = 0; c < chunks; c++) Assert.Equal(c % size == 0 ? 0 : 1, seen[c]);
        Assert.Equal(Enumerable.Range(0, chunks).Where(c => c % size != 0), states.SelectMany(s => s).Order());
        Assert.True(buffers.Count <= 3 * Math.Max(1, workers) + 1, $"{buffers.Count} buffers for {workers} workers");
    }

    [Fact]
    public void A_failing_producer_or_worker_stops_the_run_with_its_own_exception()
    {
        var fromFill = Assert.Throws<InvalidDataException>(() => PairPipeline.Run(100, 4, 2, (c, chunk) =>
        {
            if (c == 10) throw new InvalidDataException("fill " + c);
            chunk.Add(c, 0, 0);
        }, () => 0, (_, _) => { }));
        Assert.Equal("fill 10", fromFill.Message);
        var fromScore = Assert.Throws<InvalidDataException>(() => PairPipeline.Run(100, 4, 2, (c, chunk) => chunk.Add(c, c, 0),
            () => 0, (_, chunk) => { if (chunk.Xs[0] == 50) throw new InvalidDataException("score 50"); }));
        Assert.Equal("score 50", fromScore.Message);
    }
}
