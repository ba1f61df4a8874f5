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
        using (first)
        {
            if (!first.HasModelId)
                throw new PhyloInputException($"{path}: {what} file without the published layout's model_id column (columns: {string.Join(", ", first.Columns.Take(12))})");
            groups = first.Groups;
        }
        long groupsDone = 0;
        async Task Produce(ChannelWriter<int> work, CancellationToken token)
        {
            for (int g = 0; g < groups; g++)
            {
                await work.WriteAsync(g, token);
                Volatile.Write(ref groupsDone, g);
            }
        }
        return RunOrdered<int>(path, totalBytes, Produce, () => new GroupWorker(open(), path),
            () => groups == 0 ? totalBytes : totalBytes * Volatile.Read(ref groupsDone) / groups, ct);
    }

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
        long position = 0;
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
                    await work.WriteAsync(new ArrowItem(g, null, $"Arrow stream cut short or damaged in record batch {g} ({OneLine(e.Message)})"), token);
                    return;
                }
                if (batch is null) return;
                Volatile.Write(ref position, arrow.Position);
                await work.WriteAsync(new ArrowItem(g, batch, null), token);
            }
        }
        return RunOrdered<ArrowItem>(path, totalBytes, Produce, () => new ArrowWorker(arrow, path), () => Volatile.Read(ref position), ct);
    }

    private sealed record ArrowItem(int Group, Apache.Arrow.RecordBatch? Batch, string? Damage);

    private sealed class ArrowWorker(Columnar.ArrowBatches arrow, string path) : IBatchWorker<ArrowItem>
    {
        private readonly ColumnBatch _batch = new();
        private readonly ColumnarRowParser _parser = new();

        public ParsedBatch Parse(ArrowItem item, CardStage stage, RowBatch rows)
        {
            if (item.Batch is null)
                return new ParsedBatch(item.Group, rows, [new Rejection(path, 0, RejectReasons.Truncated, item.Damage!, RowDropped: true, Group: item.Group)], 0);
            using (item.Batch) arrow.Convert(item.Batch, item.Group, _batch);
            return ParseRows(_batch, _parser, stage, rows, path, []);
        }

        public void Dispose() { }
    }

    /// <summary>Parses every row of a batch read whole.</summary>
    private static ParsedBatch ParseRows(ColumnBatch batch, ColumnarRowParser parser, CardStage stage, RowBatch rows, string path, List<Rejection> rejections)
    {
        rows.Reserve(batch.Rows);
        for (int row = 0; row < batch.Rows; row++)
        {
            var r = parser.Parse(batch, row, path, rejections);
            if (r is null) continue;
            stage.Process(r, parser.LastCard, rows.Pieces); // the card's one pass; only its pieces outlive this call
            rows.Append(r); // the parser reuses r for the next row
        }
        return new ParsedBatch(batch.Group, rows, rejections, batch.Rows);
    }

    /// <summary>One worker of a columnar input: its own reader, batch buffers and row parser.</summary>
    private sealed class GroupWorker(IColumnarReader reader, string path) : IBatchWorker<int>
    {
        private readonly ColumnBatch _batch = new();
        private readonly ColumnarRowParser _parser = new();

        public ParsedBatch Parse(int group, CardStage stage, RowBatch rows)
        {
            var rejections = new List<Rejection>();
            try
            {
                reader.Read(group, _batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                rejections.Add(new Rejection(path, 0, RejectReasons.BadRowGroup, $"group {group} could not be read: {OneLine(e.Message)}", RowDropped: true, Group: group));
                return new ParsedBatch(group, rows, rejections, 0);
            }
            return ParseRows(_batch, _parser, stage, rows, path, rejections);
        }

        public void Dispose() => reader.Dispose();
    }
}
