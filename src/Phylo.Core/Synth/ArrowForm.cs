using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Phylo.Ingest.Parsing;

namespace Phylo.Synth;

/// <summary>
/// The published CSV as an Arrow IPC stream, the way a Hugging Face <c>datasets</c> cache file holds it: record batches of
/// 1,000 rows, counts int64, <c>private</c> bool, text as UTF-8 strings (null for an empty CSV field), list columns as the
/// literal's text or, with <see cref="ParquetLists.Native"/>, as <c>list&lt;string&gt;</c>. For tests and
/// <c>phylo synth --out eco.arrow</c>.
/// </summary>
public static class ArrowForm
{
    public const int DefaultBatchRows = 1_000;

    public static void Convert(Stream csv, Stream arrow, ParquetLists lists = ParquetLists.Strings, int batchRows = DefaultBatchRows) =>
        ConvertAsync(csv, arrow, lists, batchRows).GetAwaiter().GetResult();

    private static async Task ConvertAsync(Stream csv, Stream arrow, ParquetLists lists, int batchRows)
    {
        string[] names = [];
        Schema? schema = null;
        IArrowArrayBuilder[] builders = [];
        ArrowStreamWriter? writer = null;
        var items = new List<string>();
        int rows = 0;
        try
        {
            await PublishedCsvRecords.ForEachAsync(csv, h =>
            {
                names = h;
                schema = new Schema(names.Select(n => new Field(n, TypeOf(n, lists), nullable: true)), null);
                builders = NewBuilders();
                writer = new ArrowStreamWriter(arrow, schema, leaveOpen: true);
                return Task.CompletedTask;
            }, (c, utf8) => Add(builders[c], names[c], utf8, items), async () =>
            {
                if (++rows < batchRows) return;
                await Flush().ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (rows > 0 || writer is not null) await Flush().ConfigureAwait(false);
            await writer!.WriteEndAsync().ConfigureAwait(false);
        }
        finally
        {
            writer?.Dispose();
        }

        IArrowArrayBuilder[] NewBuilders() => [.. names.Select(n => (IArrowArrayBuilder)(TypeOf(n, lists) switch
        {
            Int64Type => new Int64Array.Builder(),
            BooleanType => new BooleanArray.Builder(),
            ListType => new ListArray.Builder(StringType.Default),
            _ => new StringArray.Builder(),
        }))];

        async Task Flush()
        {
            if (rows == 0) return;
            var arrays = builders.Select(Build).ToArray();
            using var batch = new RecordBatch(schema!, arrays, rows);
            await writer!.WriteRecordBatchAsync(batch).ConfigureAwait(false);
            builders = NewBuilders();
            rows = 0;
        }
    }

    private static IArrowType TypeOf(string name, ParquetLists lists) =>
        ParquetForm.Counts.Contains(name) ? Int64Type.Default
        : name == "private" ? BooleanType.Default
        : lists == ParquetLists.Native && ParquetForm.ListColumns.Contains(name) ? new ListType(StringType.Default)
        : StringType.Default;

    private static void Add(IArrowArrayBuilder builder, string name, ReadOnlySpan<byte> utf8, List<string> items)
    {
        switch (builder)
        {
            case Int64Array.Builder b:
                if (utf8.IsEmpty) b.AppendNull();
                else b.Append(long.Parse(utf8, provider: System.Globalization.CultureInfo.InvariantCulture));
                break;
            case BooleanArray.Builder b:
                if (utf8.SequenceEqual("True"u8)) b.Append(true);
                else if (utf8.SequenceEqual("False"u8)) b.Append(false);
                else b.AppendNull();
                break;
            case ListArray.Builder b:
                items.Clear();
                if (!PyListLiteral.TryParse(utf8, items)) throw new InvalidDataException($"{name}: not a list literal");
                b.Append();
                var values = (StringArray.Builder)b.ValueBuilder;
                foreach (string item in items) values.Append(item);
                break;
            case StringArray.Builder b:
                if (utf8.IsEmpty) b.AppendNull();
                else b.Append(utf8);
                break;
        }
    }

    private static IArrowArray Build(IArrowArrayBuilder builder) => builder switch
    {
        Int64Array.Builder b => b.Build(),
        BooleanArray.Builder b => b.Build(),
        ListArray.Builder b => b.Build(),
        StringArray.Builder b => b.Build(),
        _ => throw new InvalidOperationException(builder.GetType().Name),
    };
}
