using System.Buffers;
using System.Text;
using System.Threading.Channels;

namespace Phylo.Synth;

/// <summary>
/// The seeded synthetic Hugging Face ecosystem (docs/engine.md §6), written in the published CSV layout.
/// Structure and traits are decided first (O(N) small arrays); rows are then formatted in parallel blocks,
/// each from randomness keyed by (seed, row), and written strictly in block order through a bounded channel,
/// so the bytes are the same for any thread count.
/// </summary>
public static class SyntheticEcosystem
{
    /// <summary>Rows per block handed to a worker.</summary>
    public const int BlockRows = 512;

    /// <summary>Streams the published-layout CSV to <paramref name="csv"/>; returns the planted truth. progress receives rows written so far.</summary>
    public static SynthTruth Write(Stream csv, SynthOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Models < 1) throw new ArgumentOutOfRangeException(nameof(options), "Models must be at least 1");
        if (options.Threads < 0) throw new ArgumentOutOfRangeException(nameof(options), "Threads must be 0 (all cores) or more");

        var plan = FamilyPlan.Build(options.Models, options.Seed);
        var genome = Heredity.Build(plan, options.Seed);
        var describer = new Describer(plan, genome, options.Seed);
        csv.Write(Encoding.UTF8.GetBytes(RowWriter.Header));

        int n = options.Models;
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        int blocks = (n + BlockRows - 1) / BlockRows;
        int window = threads * 3;
        var channel = Channel.CreateBounded<Block>(new BoundedChannelOptions(window) { SingleReader = true });
        using var permits = new SemaphoreSlim(window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int nextBlock = -1, running = threads;

        var workers = new Task[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = Task.Factory.StartNew(() =>
            {
                try
                {
                    var composer = new CardComposer(describer, options.Seed);
                    var rows = new RowWriter(composer, options.Cards);
                    var text = new TextBuf(1 << 20);
                    while (true)
                    {
                        permits.Wait(stop.Token);
                        int seq = Interlocked.Increment(ref nextBlock);
                        if (seq >= blocks) { permits.Release(); break; }
                        text.Clear();
                        int end = Math.Min(n, (seq + 1) * BlockRows);
                        for (int row = seq * BlockRows; row < end; row++) rows.Write(text, row, plan, genome);
                        byte[] bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
                        int len = text.EncodeUtf8(bytes);
                        if (!channel.Writer.TryWrite(new Block(seq, bytes, len, end)))
                            throw new InvalidOperationException("block channel over capacity");
                    }
                    if (Interlocked.Decrement(ref running) == 0) channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                    stop.Cancel();
                }
            }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        var pending = new Block?[window + 1];
        var reader = channel.Reader;
        int expected = 0;
        try
        {
            while (expected < blocks)
            {
                Block b = reader.ReadAsync(stop.Token).AsTask().GetAwaiter().GetResult();
                pending[b.Seq % pending.Length] = b;
                while (pending[expected % pending.Length] is { } ready && ready.Seq == expected)
                {
                    pending[expected % pending.Length] = null;
                    csv.Write(ready.Bytes, 0, ready.Length);
                    ArrayPool<byte>.Shared.Return(ready.Bytes);
                    permits.Release();
                    expected++;
                    progress?.Report(ready.EndRow);
                }
            }
        }
        finally
        {
            stop.Cancel();
            try { Task.WaitAll(workers, CancellationToken.None); }
            catch (AggregateException) { /* worker errors surface through the channel */ }
        }
        csv.Flush();
        return SynthTruth.From(options, plan, genome);
    }

    private sealed record Block(int Seq, byte[] Bytes, int Length, int EndRow);
}
