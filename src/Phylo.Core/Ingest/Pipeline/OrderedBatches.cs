using System.Diagnostics;
using System.Threading.Channels;
using Phylo.Table;

namespace Phylo.Ingest.Pipeline;

/// <summary>What a parser worker does with one work item: parse it into batches of records (its cards through the
/// worker's <see cref="CardStage"/>), each appended to a cleared <see cref="RowBatch"/> from <c>take</c>. A text chunk is
/// one batch; a columnar group is cut into slices of <see cref="Ingestor.SliceRows"/> rows, so a batch in flight holds
/// about what a text chunk does. The batches of an item carry consecutive sequence numbers. One instance per worker.</summary>
internal interface IBatchWorker<in TItem> : IDisposable
{
    IEnumerable<Ingestor.ParsedBatch> Parse(TItem item, CardStage stage, Func<RowBatch> take);
}

public sealed partial class Ingestor
{
    /// <summary>
    /// The pipeline every streamed input runs through: <paramref name="produce"/> writes work items (chunks of records, row
    /// groups) into a bounded channel; N workers, each with its own <see cref="IBatchWorker{TItem}"/> and card stage, parse
    /// them into batches; the table builder commits the batches strictly in sequence order, so the table and the rejection
    /// log are the same for any worker count. Returns the records read.
    /// </summary>
    private long RunOrdered<TItem>(string path, long totalBytes, Func<ChannelWriter<TItem>, CancellationToken, Task> produce,
        Func<IBatchWorker<TItem>> newWorker, Func<long> bytesDone, CancellationToken outer)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var ct = cts.Token;
        int workers = options.WorkerCount;
        var work = Channel.CreateBounded<TItem>(new BoundedChannelOptions(workers * 2) { SingleWriter = true });
        var done = Channel.CreateBounded<ParsedBatch>(new BoundedChannelOptions(workers * 2) { SingleReader = true });

        var reader = Task.Run(async () =>
        {
            try
            {
                await produce(work.Writer, ct);
                work.Writer.Complete();
            }
            catch (Exception e) { work.Writer.Complete(e); }
        }, ct);

        var parsers = new Task[workers];
        var stages = new CardStage[workers];
        for (int w = 0; w < workers; w++)
        {
            var stage = stages[w] = new CardStage(options.Keep);
            parsers[w] = Task.Run(async () =>
            {
                using var worker = newWorker();
                await foreach (var item in work.Reader.ReadAllAsync(ct))
                    foreach (var batch in worker.Parse(item, stage, TakeBatch))
                        await done.Writer.WriteAsync(batch, ct); // waits while the builder is behind: a slice at a time
            }, ct);
        }
        var closer = Task.WhenAll(parsers).ContinueWith(t => done.Writer.Complete(t.Exception?.InnerException), TaskScheduler.Default);

        long records = 0, next = 0;
        var sizer = new RowEstimate(totalBytes, _builder.Count);
        var pending = new Dictionary<long, ParsedBatch>();
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var batch in done.Reader.ReadAllAsync(ct).ToBlockingEnumerable(ct))
            {
                pending.Add(batch.Sequence, batch);
                while (pending.Remove(next, out var b))
                {
                    Commit(b);
                    records += b.RecordCount;
                    next++;
                    if (sizer.Estimate(b.InputBytes, _builder.Count) is int expected) _builder.ExpectRows(expected);
                }
                if (clock.ElapsedMilliseconds >= 100)
                {
                    progress?.Report(new IngestProgress(path, bytesDone(), totalBytes, _builder.Count));
                    clock.Restart();
                }
            }
        }
        catch
        {
            cts.Cancel();
            throw;
        }
        finally
        {
            try { Task.WaitAll([reader, closer]); } catch (AggregateException) when (cts.IsCancellationRequested) { }
        }
        reader.GetAwaiter().GetResult();
        foreach (var stage in stages) _builder.Absorb(stage); // the workers are done: their term counts are final
        progress?.Report(new IngestProgress(path, totalBytes, totalBytes, _builder.Count));
        return records;
    }
}
