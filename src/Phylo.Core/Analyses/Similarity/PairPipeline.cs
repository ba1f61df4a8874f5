using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Phylo.Analyses.Similarity;

/// <summary>Draw numbers and the pairs they name, for one chunk of a design's draws (buffers reused chunk after chunk).</summary>
internal sealed class PairChunk(int capacity)
{
    public int Count;
    public readonly long[] Draws = new long[capacity];
    public readonly int[] Xs = new int[capacity], Ys = new int[capacity], Ms = new int[capacity];

    /// <summary>How many draws named the pair (a sample's repeats folded: <see cref="DrawnPairs"/>).</summary>
    public readonly int[] Times = new int[capacity];

    public void Add(long draw, int x, int y, int middle = -1, int times = 1)
    {
        Draws[Count] = draw;
        Xs[Count] = x;
        Ms[Count] = middle;
        Times[Count] = times;
        Ys[Count++] = y;
    }
}

/// <summary>
/// The sampled-pair pipeline: one producer fills chunk after chunk of pairs (the keyed draws and the ownership test)
/// and writes them to a bounded channel of 2 chunks per worker; the workers score chunks as they arrive, each with its
/// own state, and hand the buffers back for reuse. So at most 3 chunks per worker exist whatever the sample size
/// (memory stays flat), drawing overlaps scoring, and every core scores. Chunk contents depend only on the chunk
/// number, and callers fold results into exact integer sums or per-draw slots, so the outcome does not depend on the
/// worker count or on which worker scored which chunk. <c>threads</c> counts the scoring workers; the producer is one
/// more, light thread (drawing is a few percent of the work).
/// </summary>
internal static class PairPipeline
{
    /// <summary>Runs <paramref name="fill"/>(chunk number, empty buffer) for chunks 0..<paramref name="chunks"/>−1 in order on
    /// the producer, and <paramref name="score"/>(worker state, filled buffer) on min(workers, chunks) workers.
    /// Returns the worker states. The first exception of any side stops both sides and is rethrown as is.</summary>
    public static List<TWorker> Run<TWorker>(int chunks, int chunkSize, int threads, Action<int, PairChunk> fill,
        Func<TWorker> init, Action<TWorker, PairChunk> score)
    {
        int workers = Math.Max(1, Math.Min(chunks, threads > 0 ? threads : Environment.ProcessorCount));
        var states = new TWorker[workers];
        if (chunks == 0) return [];
        var queue = Channel.CreateBounded<PairChunk>(new BoundedChannelOptions(2 * workers) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var spare = new ConcurrentBag<PairChunk>();
        using var stop = new CancellationTokenSource();
        Task producer = Task.Run(async () =>
        {
            try
            {
                for (int c = 0; c < chunks; c++)
                {
                    if (!spare.TryTake(out PairChunk? chunk)) chunk = new PairChunk(chunkSize);
                    chunk.Count = 0;
                    fill(c, chunk);
                    await queue.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                }
                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.TryComplete(e);
                stop.Cancel();
                throw;
            }
        });
        var consumers = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            consumers[w] = Task.Run(async () =>
            {
                try
                {
                    TWorker state = init();
                    await foreach (PairChunk chunk in queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                    {
                        score(state, chunk);
                        spare.Add(chunk);
                    }
                    states[worker] = state;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    stop.Cancel();
                    throw;
                }
            });
        }
        try
        {
            Task.WaitAll([producer, .. consumers]);
        }
        catch (AggregateException e)
        {
            Exception first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException and not ChannelClosedException)
                ?? e.Flatten().InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        return [.. states];
    }
}
