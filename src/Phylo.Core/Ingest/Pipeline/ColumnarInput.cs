using System.Threading.Channels;
using Phylo.Ingest.Columnar;
using Phylo.Table;

namespace Phylo.Ingest.Pipeline;

public sealed partial class Ingestor
{
    /// <summary>
    /// A columnar input (Parquet, Arrow IPC) through the same pipeline as text: the work items are the file's groups (row
    /// groups, record batches), each worker reads the groups it takes with its own reader and parses their rows by the CSV's
    /// rules (<see cref="ColumnarRowParser"/>); batches are committed in group order. A file that cannot be opened although
    /// its magic said Parquet/Arrow (cut short: the footer with the schema and the group index is at the end) is one
    /// counted <c>truncated</c> rejection at <c>0:0</c>; a group that cannot be read is one <c>bad-row-group</c> rejection at
    /// <c>group:0</c>, and the other groups are kept.
    /// </summary>
    private long RunColumnar(string path, long totalBytes, Func<IColumnarReader> open, string what, CancellationToken ct)
    {
        IColumnarReader first;
        try
        {
            first = open();
        }
        catch (Exception e) when (e is not PhyloInputException and not OperationCanceledException)
        {
            string reason = $"{what} file could not be opened ({OneLine(e.Message)}): cut short or damaged; no row can be read without its footer";
            log?.Invoke($"{path}: {reason}");
            rejects.Add(new Rejection(path, 0, RejectReasons.Truncated, reason, RowDropped: true, Group: 0));
            return 0;
        }
        int groups;
        var items = new List<GroupItem>();
        using (first)
        {
            if (!first.HasModelId)
                throw new PhyloInputException($"{path}: {what} file without the published layout's model_id column (columns: {string.Join(", ", first.Columns.Take(12))})");
            groups = first.Groups;
            long sequence = 0;
            for (int g = 0; g < groups; g++)
            {
                int slices = Slices(first.RowsIn(g));
                items.Add(new GroupItem(g, sequence, slices));
                sequence += slices;
            }
        }
        long groupsDone = 0;
        async Task Produce(ChannelWriter<GroupItem> work, CancellationToken token)
        {
            foreach (var item in items)
            {
                await work.WriteAsync(item, token);
                Volatile.Write(ref groupsDone, item.Group);
            }
        }
        return RunOrdered<GroupItem>(path, totalBytes, Produce, () => new GroupWorker(open(), path),
            () => groups == 0 ? totalBytes : totalBytes * Volatile.Read(ref groupsDone) / groups, ct);
    }

    /// <summary>Rows per parsed batch of a columnar group: about the rows of one 4 MB text chunk of full cards, so the
    /// batches in flight between the workers and the builder hold no more than a text input's (a 16,384-row Parquet
    /// row group parsed as one batch held ~0.3 GiB more per worker at full scale).</summary>
    internal const int SliceRows = 2048;

    private static int Slices(long rows) => (int)Math.Max(1, (rows + SliceRows - 1) / SliceRows);

    /// <summary>A columnar group and the sequence numbers of its slices.</summary>
    private readonly record struct GroupItem(int Group, long FirstSequence, int Slices);

    /// <summary>An exception's message on one line; ParquetSharp's native errors carry the text in <c>message: '…'</c>.</summary>
    private static string OneLine(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"message: '(?<m>.*)'\)?\s*$", System.Text.RegularExpressions.RegexOptions.Singleline);
        return (m.Success ? m.Groups["m"].Value : message).ReplaceLineEndings(" ").Trim();
    }

    /// <summary>
    /// An Arrow IPC input: record batches read in order on the producer (an IPC stream has no index) and parsed by the
    /// workers like Parquet row groups. A stream cut short keeps its whole batches and adds one <c>truncated</c> rejection at
    /// <c>batch:0</c> of the batch it cut.
    /// </summary>
    private long RunArrow(string path, long totalBytes, CancellationToken ct)
    {
        using var arrow = new Columnar.ArrowBatches(path);
        if (!arrow.HasModelId)
            throw new PhyloInputException($"{path}: Arrow file without the published layout's model_id column (columns: {string.Join(", ", arrow.Columns.Take(12))})");
        long position = 0, sequence = 0;
        async Task Produce(ChannelWriter<ArrowItem> work, CancellationToken token)
        {
            for (int g = 0; ; g++)
            {
                Apache.Arrow.RecordBatch? batch;
                try
                {
                    batch = arrow.Next();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await work.WriteAsync(new ArrowItem(g, sequence, null, $"Arrow stream cut short or damaged in record batch {g} ({OneLine(e.Message)})"), token);
                    return;
                }
                if (batch is null) return;
                Volatile.Write(ref position, arrow.Position);
                await work.WriteAsync(new ArrowItem(g, sequence, batch, null), token);
                sequence += Slices(batch.Length);
            }
        }
        return RunOrdered<ArrowItem>(path, totalBytes, Produce, () => new ArrowWorker(arrow, path), () => Volatile.Read(ref position), ct);
    }

    private sealed record ArrowItem(int Group, long FirstSequence, Apache.Arrow.RecordBatch? Batch, string? Damage);

    private sealed class ArrowWorker(Columnar.ArrowBatches arrow, string path) : IBatchWorker<ArrowItem>
    {
        private readonly ColumnBatch _batch = new();
        private readonly ColumnarRowParser _parser = new();

        public IEnumerable<ParsedBatch> Parse(ArrowItem item, CardStage stage, Func<RowBatch> take)
        {
            if (item.Batch is null)
                return [new ParsedBatch(item.FirstSequence, take(), [new Rejection(path, 0, RejectReasons.Truncated, item.Damage!, RowDropped: true, Group: item.Group)], 0)];
            using (item.Batch) arrow.Convert(item.Batch, item.Group, _batch);
            return ParseSlices(_batch, item.FirstSequence, _parser, stage, take, path, []);
        }

        public void Dispose() { }
    }

    /// <summary>Parses the rows of a group read whole, one batch per slice of <see cref="SliceRows"/> rows (sequence
    /// numbers from <paramref name="firstSequence"/>; <paramref name="rejections"/> go with the first slice). Lazy: a slice
    /// is parsed when the worker has handed on the one before.</summary>
    private static IEnumerable<ParsedBatch> ParseSlices(ColumnBatch batch, long firstSequence, ColumnarRowParser parser, CardStage stage,
        Func<RowBatch> take, string path, List<Rejection> rejections)
    {
        int slices = Slices(batch.Rows);
        for (int s = 0; s < slices; s++)
        {
            int start = s * SliceRows, end = Math.Min(batch.Rows, start + SliceRows);
            var rows = take();
            rows.Reserve(end - start);
            var sliceRejections = s == 0 ? rejections : [];
            for (int row = start; row < end; row++)
            {
                var r = parser.Parse(batch, row, path, sliceRejections);
                if (r is null) continue;
                stage.Process(r, parser.LastCard, rows.Pieces); // the card's one pass; only its pieces outlive this call
                rows.Append(r); // the parser reuses r for the next row
            }
            yield return new ParsedBatch(firstSequence + s, rows, sliceRejections, end - start);
        }
    }

    /// <summary>One worker of a columnar input: its own reader, batch buffers and row parser.</summary>
    private sealed class GroupWorker(IColumnarReader reader, string path) : IBatchWorker<GroupItem>
    {
        private readonly ColumnBatch _batch = new();
        private readonly ColumnarRowParser _parser = new();

        public IEnumerable<ParsedBatch> Parse(GroupItem item, CardStage stage, Func<RowBatch> take)
        {
            var rejections = new List<Rejection>();
            try
            {
                reader.Read(item.Group, _batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                rejections.Add(new Rejection(path, 0, RejectReasons.BadRowGroup, $"group {item.Group} could not be read: {OneLine(e.Message)}", RowDropped: true, Group: item.Group));
                return Unread(item, take, rejections);
            }
            if (Slices(_batch.Rows) != item.Slices)
                throw new InvalidOperationException($"{path}: group {item.Group} read {_batch.Rows} rows, its metadata {item.Slices} slices");
            return ParseSlices(_batch, item.FirstSequence, _parser, stage, take, path, rejections);
        }

        /// <summary>A group that could not be read: its rejection, then empty batches for the sequence numbers of its other slices.</summary>
        private static IEnumerable<ParsedBatch> Unread(GroupItem item, Func<RowBatch> take, List<Rejection> rejections)
        {
            for (int s = 0; s < item.Slices; s++) yield return new ParsedBatch(item.FirstSequence + s, take(), s == 0 ? rejections : [], 0);
        }

        public void Dispose() => reader.Dispose();
    }
}
