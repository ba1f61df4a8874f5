using System.Threading.Channels;
using Phylo.Ingest.Cards;
using Phylo.Ingest.Columnar;

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

    /// <summary>One worker of a columnar input: its own reader, batch buffers and row parser.</summary>
    private sealed class GroupWorker(IColumnarReader reader, string path) : IBatchWorker<int>
    {
        private readonly ColumnBatch _batch = new();
        private readonly ColumnarRowParser _parser = new();

        public ParsedBatch Parse(int group, CardStage stage, CardPieces pieces)
        {
            var rejections = new List<Rejection>();
            try
            {
                reader.Read(group, _batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                rejections.Add(new Rejection(path, 0, RejectReasons.BadRowGroup, $"group {group} could not be read: {OneLine(e.Message)}", RowDropped: true, Group: group));
                return new ParsedBatch(group, [], rejections, 0, pieces);
            }
            var records = new List<ModelRecord>(_batch.Rows);
            for (int row = 0; row < _batch.Rows; row++)
            {
                var r = _parser.Parse(_batch, row, path, rejections);
                if (r is null) continue;
                stage.Process(r, _parser.LastCard, pieces); // the card's one pass; only its pieces outlive this call
                records.Add(r);
            }
            return new ParsedBatch(group, records, rejections, _batch.Rows, pieces);
        }

        public void Dispose() => reader.Dispose();
    }
}
