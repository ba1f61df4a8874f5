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
    /// <c>group:row</c> of the first slice it failed in; the slices before it and the other groups are kept.
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
            long sequence = 0, rows = 0;
            for (int g = 0; g < groups; g++)
            {
                rows += first.RowsIn(g);
                int slices = Slices(first.RowsIn(g));
                items.Add(new GroupItem(g, sequence, slices));
                sequence += slices;
            }
            // The footer gives the row count: the table's per-row columns are sized once (text inputs estimate it,
            // RowEstimate). Capacity only.
            _builder.ExpectRows((int)Math.Min(int.MaxValue / 2, _builder.Count + rows));
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
        long records = RunOrdered<GroupItem>(path, totalBytes, Produce, () => new GroupWorker(open(), path),
            () => groups == 0 ? totalBytes : totalBytes * Volatile.Read(ref groupsDone) / groups, ct);
        NativeHeap.ReturnFree(); // the readers' freed page buffers, before the table build (the ingest's peak)
        return records;
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

    /// <summary>Parses the rows of a group read whole (an Arrow record batch), one batch per slice of <see cref="SliceRows"/>
    /// rows (sequence numbers from <paramref name="firstSequence"/>; <paramref name="rejections"/> go with the first slice).
    /// Lazy: a slice is parsed when the worker has handed on the one before.</summary>
    private static IEnumerable<ParsedBatch> ParseSlices(ColumnBatch batch, long firstSequence, ColumnarRowParser parser, CardStage stage,
        Func<RowBatch> take, string path, List<Rejection> rejections)
    {
        int slices = Slices(batch.Rows);
        for (int s = 0; s < slices; s++)
        {
            int start = s * SliceRows, end = Math.Min(batch.Rows, start + SliceRows);
            yield return ParseRows(batch, start, end, firstSequence + s, parser, stage, take(), path, s == 0 ? rejections : []);
        }
    }

    /// <summary>Rows <paramref name="start"/> .. <paramref name="end"/> of <paramref name="batch"/> parsed into one batch.</summary>
    private static ParsedBatch ParseRows(ColumnBatch batch, int start, int end, long sequence, ColumnarRowParser parser, CardStage stage,
        RowBatch rows, string path, List<Rejection> rejections)
    {
        rows.Reserve(end - start);
        for (int row = start; row < end; row++)
        {
            var r = parser.Parse(batch, row, path, rejections);
            if (r is null) continue;
            stage.Process(r, parser.LastCard, rows.Pieces); // the card's one pass; only its pieces outlive this call
            rows.Append(r); // the parser reuses r for the next row
        }
        return new ParsedBatch(sequence, rows, rejections, end - start);
    }

    /// <summary>One worker of a columnar input: its own reader, batch buffers and row parser. A group is read a slice of
    /// <see cref="SliceRows"/> rows at a time and each slice parsed before the next is read, so a worker holds one slice's
    /// text, not the group's (≈ 47 MB of full cards per 16,384-row group, native-notes/input-formats.md "Memory").</summary>
    private sealed class GroupWorker(IColumnarReader reader, string path) : IBatchWorker<GroupItem>
    {
        private readonly ColumnBatch _batch = new();
        private readonly ColumnarRowParser _parser = new();

        public IEnumerable<ParsedBatch> Parse(GroupItem item, CardStage stage, Func<RowBatch> take)
        {
            int rows;
            try
            {
                rows = reader.Open(item.Group);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Unread(item, 0, take, [Damaged(item.Group, 0, e)]);
            }
            if (Slices(rows) != item.Slices)
                throw new InvalidOperationException($"{path}: group {item.Group} has {rows} rows, its metadata {item.Slices} slices");
            return ReadSlices(item, stage, take);
        }

        /// <summary>The open group's slices, each read when the one before has been handed on. A slice that cannot be read
        /// ends the group: one <c>bad-row-group</c> rejection at its first row; the slices before it are kept.</summary>
        private IEnumerable<ParsedBatch> ReadSlices(GroupItem item, CardStage stage, Func<RowBatch> take)
        {
            for (int s = 0; s < item.Slices; s++)
            {
                if (TryRead(item.Group, s) is { } damage)
                {
                    foreach (var b in Unread(item, s, take, [damage])) yield return b;
                    yield break;
                }
                yield return ParseRows(_batch, 0, _batch.Rows, item.FirstSequence + s, _parser, stage, take(), path, []);
            }
        }

        private Rejection? TryRead(int group, int slice)
        {
            try
            {
                reader.ReadRows(SliceRows, _batch);
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Damaged(group, slice * SliceRows, e);
            }
        }

        private Rejection Damaged(int group, int row, Exception e) =>
            new(path, row, RejectReasons.BadRowGroup, $"group {group} could not be read from row {row}: {OneLine(e.Message)}", RowDropped: true, Group: group);

        /// <summary>Slices of a group that could not be read, from <paramref name="slice"/> on: empty batches for their
        /// sequence numbers, the rejection with the first.</summary>
        private static IEnumerable<ParsedBatch> Unread(GroupItem item, int slice, Func<RowBatch> take, List<Rejection> rejections)
        {
            for (int s = slice; s < item.Slices; s++) yield return new ParsedBatch(item.FirstSequence + s, take(), s == slice ? rejections : [], 0);
        }

        public void Dispose() => reader.Dispose();
    }
}
