using Apache.Arrow;
using Apache.Arrow.Ipc;
using Phylo.Ingest.Pipeline;

namespace Phylo.Ingest.Columnar;

/// <summary>
/// An Arrow IPC file of the published layout, read record batch by record batch (Apache.Arrow): the stream format, as the
/// Hugging Face <c>datasets</c> cache files are written, and the file format (<c>ARROW1</c>), which is the stream format
/// between a magic and a footer, so it is read the same way from byte 8 and a file cut short keeps its whole batches.
/// Batches are read in order on the producer (an IPC stream has no index), converted to a <see cref="ColumnBatch"/> by
/// the workers.
/// </summary>
internal sealed class ArrowBatches : IDisposable
{
    private readonly FileStream _file;
    private readonly ArrowStreamReader _reader;
    private readonly (int Column, PublishedField Field)[] _plan;

    public ArrowBatches(string path)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[8];
        int n = _file.ReadAtLeast(magic, 8, throwOnEndOfStream: false);
        if (!(n >= 6 && magic.StartsWith("ARROW1"u8))) _file.Position = 0; // the stream format starts at once
        _reader = new ArrowStreamReader(_file, leaveOpen: true);
        var schema = _reader.Schema;
        var plan = new List<(int, PublishedField)>();
        var seen = new bool[PublishedFields.Count];
        var names = new List<string>();
        for (int c = 0; c < schema.FieldsList.Count; c++)
        {
            string name = schema.FieldsList[c].Name;
            names.Add(name);
            if (PublishedFields.Of(name) is { } f && !seen[(int)f]) { seen[(int)f] = true; plan.Add((c, f)); }
        }
        _plan = [.. plan];
        Columns = names;
        HasModelId = seen[(int)PublishedField.ModelId];
    }

    public bool HasModelId { get; }
    public IReadOnlyList<string> Columns { get; }
    public long Position => _file.Position;

    /// <summary>The next record batch, or null at the end of the stream (throws on a batch cut short).</summary>
    public RecordBatch? Next() => _reader.ReadNextRecordBatch();

    /// <summary>Copies the columns Phylo reads of <paramref name="batch"/> into <paramref name="into"/> (its buffers reused).</summary>
    public void Convert(RecordBatch batch, int group, ColumnBatch into)
    {
        into.Clear();
        into.Group = group;
        into.Rows = batch.Length;
        foreach (var (column, field) in _plan)
        {
            var array = batch.Column(column);
            var data = into.Column(field);
            if (!Fill(array, data, batch.Length)) into.Columns[(int)field] = null; // a type no published column has
        }
    }

    private static bool Fill(IArrowArray array, ColumnData data, int rows)
    {
        switch (array)
        {
            case StringArray or LargeStringArray or StringViewArray or BinaryArray or LargeBinaryArray:
                data.Reset(ColumnKind.Text, rows);
                for (int i = 0; i < rows; i++)
                {
                    bool isNull = array.IsNull(i);
                    if (!isNull) data.AddValue(Bytes(array, i));
                    data.EndRow(isNull);
                }
                return true;
            case ListArray list when IsText(list.Values):
                data.Reset(ColumnKind.TextList, rows);
                for (int i = 0; i < rows; i++) AddItems(list.Values, list.IsNull(i), list.ValueOffsets[i], list.ValueOffsets[i + 1], data);
                return true;
            case LargeListArray list when IsText(list.Values):
                data.Reset(ColumnKind.TextList, rows);
                for (int i = 0; i < rows; i++) AddItems(list.Values, list.IsNull(i), checked((int)list.ValueOffsets[i]), checked((int)list.ValueOffsets[i + 1]), data);
                return true;
            case TimestampArray ts:
                data.Reset(ColumnKind.TimestampMillis, rows);
                for (int i = 0; i < rows; i++) data.AddNumber(ts.GetTimestamp(i) is { } t ? t.ToUnixTimeMilliseconds() : 0, ts.IsNull(i));
                return true;
            case Int64Array a: return Numbers(data, rows, i => a.GetValue(i));
            case Int32Array a: return Numbers(data, rows, i => a.GetValue(i));
            case UInt32Array a: return Numbers(data, rows, i => a.GetValue(i));
            case BooleanArray a: return Numbers(data, rows, i => a.GetValue(i) is { } b ? (b ? 1 : 0) : null, ColumnKind.Bool);
            case DoubleArray a:
                data.Reset(ColumnKind.Double, rows);
                for (int i = 0; i < rows; i++) data.AddDouble(a.GetValue(i) ?? 0, a.IsNull(i));
                return true;
            case FloatArray a:
                data.Reset(ColumnKind.Double, rows);
                for (int i = 0; i < rows; i++) data.AddDouble(a.GetValue(i) ?? 0, a.IsNull(i));
                return true;
            default:
                return false;
        }
    }

    private static bool IsText(IArrowArray values) => values is StringArray or LargeStringArray or StringViewArray;

    private static void AddItems(IArrowArray values, bool isNull, int from, int to, ColumnData data)
    {
        if (!isNull)
            for (int j = from; j < to; j++)
                if (!values.IsNull(j)) data.AddValue(Bytes(values, j));
        data.EndRow(isNull);
    }

    private static ReadOnlySpan<byte> Bytes(IArrowArray array, int i) => array switch
    {
        BinaryArray b => b.GetBytes(i),
        LargeBinaryArray b => b.GetBytes(i),
        BinaryViewArray b => b.GetBytes(i),
        _ => default,
    };

    private static bool Numbers(ColumnData data, int rows, Func<int, long?> value, ColumnKind kind = ColumnKind.Int64)
    {
        data.Reset(kind, rows);
        for (int i = 0; i < rows; i++)
        {
            long? v = value(i);
            data.AddNumber(v ?? 0, v is null);
        }
        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _file.Dispose();
    }
}
