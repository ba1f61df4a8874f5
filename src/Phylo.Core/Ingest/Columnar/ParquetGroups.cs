using ParquetSharp;
using Phylo.Ingest.Pipeline;

namespace Phylo.Ingest.Columnar;

/// <summary>
/// A Parquet file of the published layout read by row groups (ParquetSharp: Arrow C++'s reader, text handed over as
/// UTF-8 pointers into its decoded pages, copied once into the batch; native-notes/input-formats.md says why this reader).
/// The columns are found by name (a list's leaf <c>tags.list.element</c> belongs to <c>tags</c>); columns Phylo does not
/// read are never decoded. One instance per worker: a ParquetSharp reader is not shared between threads.
/// </summary>
internal sealed class ParquetGroups : IColumnarReader
{
    private readonly ParquetFileReader _reader;
    private readonly (int Leaf, PublishedField Field, ColumnKind Kind, short MaxDef, short MaxRep, long UnitsPerMilli)[] _plan;
    private readonly ColumnCursor?[] _cursors;
    private RowGroupReader? _group;
    private int _groupIndex, _groupRows, _rowsRead;

    /// <summary>Opens the file (the footer is read here: a file cut short fails with <see cref="ParquetException"/>).</summary>
    public ParquetGroups(string path)
    {
        // The system allocator, not Arrow's default (mimalloc), which kept ~0.25 GiB more resident over an ingest of
        // 400,000 models in 16,384-row groups (native-notes/input-formats.md, "Memory"); its big blocks from the system.
        NativeHeap.BigBlocksFromTheSystem();
        using (var properties = ReaderProperties.WithMemoryPool(MemoryPool.SystemMemoryPool()))
            _reader = new ParquetFileReader(path, properties);
        var md = _reader.FileMetaData;
        Groups = md.NumRowGroups;
        var plan = new List<(int, PublishedField, ColumnKind, short, short, long)>();
        var seen = new bool[PublishedFields.Count];
        var names = new List<string>();
        for (int c = 0; c < md.NumColumns; c++)
        {
            var d = md.Schema.Column(c);
            using var columnPath = d.Path;
            string top = columnPath.ToDotVector()[0];
            if (!names.Contains(top)) names.Add(top);
            if (PublishedFields.Of(top) is not { } field || seen[(int)field]) continue;
            using var logical = d.LogicalType;
            ColumnKind? kind = d.MaxRepetitionLevel > 0
                ? (d.PhysicalType == PhysicalType.ByteArray ? ColumnKind.TextList : null)
                : d.PhysicalType switch
                {
                    PhysicalType.ByteArray => ColumnKind.Text,
                    PhysicalType.Int64 when logical is TimestampLogicalType => ColumnKind.TimestampMillis,
                    PhysicalType.Int64 or PhysicalType.Int32 => ColumnKind.Int64,
                    PhysicalType.Double or PhysicalType.Float => ColumnKind.Double,
                    PhysicalType.Boolean => ColumnKind.Bool,
                    _ => null,
                };
            if (kind is null) continue; // a type no published column has: read as absent
            long perMilli = logical is TimestampLogicalType ts
                ? ts.TimeUnit switch { TimeUnit.Micros => 1_000, TimeUnit.Nanos => 1_000_000, _ => 1 } : 1;
            seen[(int)field] = true;
            plan.Add((c, field, kind.Value, d.MaxDefinitionLevel, d.MaxRepetitionLevel, perMilli));
        }
        _plan = [.. plan];
        _cursors = new ColumnCursor?[_plan.Length];
        Columns = names;
        HasModelId = seen[(int)PublishedField.ModelId];
    }

    public int Groups { get; }
    public bool HasModelId { get; }

    /// <summary>Rows of group <paramref name="group"/>, from the footer (no page is read).</summary>
    public long RowsIn(int group)
    {
        using var rg = _reader.RowGroup(group);
        return rg.MetaData.NumRows;
    }
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Starts reading row group <paramref name="group"/>: its column readers are opened (a column chunk is decoded
    /// as its pages are reached) and <see cref="ReadRows"/> then takes its rows a slice at a time. Returns its rows.</summary>
    public int Open(int group)
    {
        Close();
        var rg = _group = _reader.RowGroup(group);
        (_groupIndex, _groupRows, _rowsRead) = (group, checked((int)rg.MetaData.NumRows), 0);
        for (int i = 0; i < _plan.Length; i++)
        {
            var (leaf, _, _, maxDef, maxRep, perMilli) = _plan[i];
            var column = rg.Column(leaf);
            (_cursors[i] ??= ColumnCursor.For(column, maxDef, maxRep, perMilli)).Attach(column);
        }
        return _groupRows;
    }

    /// <summary>Reads the next <paramref name="rows"/> rows of the open group into <paramref name="into"/> (its buffers
    /// reused; <see cref="ColumnBatch.FirstRow"/> is the slice's first row in the group).</summary>
    public void ReadRows(int rows, ColumnBatch into)
    {
        rows = Math.Min(rows, _groupRows - _rowsRead);
        into.Clear();
        (into.Group, into.FirstRow, into.Rows, into.Damage) = (_groupIndex, _rowsRead, rows, null);
        for (int i = 0; i < _plan.Length; i++)
        {
            var (_, field, kind, _, _, _) = _plan[i];
            var data = into.Column(field);
            data.Reset(kind, rows);
            _cursors[i]!.Read(data, rows);
            if (data.Rows != rows)
                throw new ParquetException("row group", $"column {PublishedFields.Names[(int)field]} ends at row {_rowsRead + data.Rows}, the row group has {_groupRows}");
        }
        _rowsRead += rows;
        if (_rowsRead == _groupRows) Close(); // its pages are not needed past its last row
    }

    /// <summary>Reads row group <paramref name="group"/> whole into <paramref name="into"/> (its buffers reused).</summary>
    public void Read(int group, ColumnBatch into) => ReadRows(Open(group), into);

    /// <summary>Releases the open group's column readers (and their decoded pages).</summary>
    private void Close()
    {
        foreach (var c in _cursors) c?.Dispose();
        _group?.Dispose();
        _group = null;
    }

    public void Dispose()
    {
        Close();
        _reader.Dispose();
    }
}

/// <summary>A columnar file read group by group (a Parquet row group, an Arrow record batch); one per worker.</summary>
internal interface IColumnarReader : IDisposable
{
    int Groups { get; }
    long RowsIn(int group);
    bool HasModelId { get; }
    IReadOnlyList<string> Columns { get; }
    /// <summary>Starts on group <paramref name="group"/>; returns its rows.</summary>
    int Open(int group);
    /// <summary>The open group's next <paramref name="rows"/> rows (fewer at its end).</summary>
    void ReadRows(int rows, ColumnBatch into);
}
