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
    private const int LevelBatch = 4096;

    private readonly ParquetFileReader _reader;
    private readonly (int Leaf, PublishedField Field, ColumnKind Kind, short MaxDef, short MaxRep, long UnitsPerMilli)[] _plan;
    private readonly short[] _def = new short[LevelBatch], _rep = new short[LevelBatch];
    private readonly ByteArray[] _bytes = new ByteArray[LevelBatch];
    private readonly long[] _longs = new long[LevelBatch];
    private readonly int[] _ints = new int[LevelBatch];
    private readonly double[] _doubles = new double[LevelBatch];
    private readonly float[] _floats = new float[LevelBatch];
    private readonly bool[] _bools = new bool[LevelBatch];

    /// <summary>Opens the file (the footer is read here: a file cut short fails with <see cref="ParquetException"/>).</summary>
    public ParquetGroups(string path)
    {
        // The system allocator, not Arrow's default (mimalloc), which kept ~0.25 GiB more resident over an ingest of
        // 400,000 models in 16,384-row groups (native-notes/input-formats.md, "Memory").
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

    /// <summary>Reads row group <paramref name="group"/> into <paramref name="into"/> (its buffers reused).</summary>
    public void Read(int group, ColumnBatch into)
    {
        into.Clear();
        into.Group = group;
        into.Damage = null;
        using var rg = _reader.RowGroup(group);
        into.Rows = checked((int)rg.MetaData.NumRows);
        foreach (var (leaf, field, kind, maxDef, maxRep, perMilli) in _plan)
        {
            var data = into.Column(field);
            data.Reset(kind, into.Rows);
            using var column = rg.Column(leaf);
            switch (column)
            {
                case ColumnReader<ByteArray> text: ReadText(text, data, maxDef, maxRep); break;
                case ColumnReader<long> longs: ReadNumbers(longs, _longs, data, maxDef, v => v / perMilli); break;
                case ColumnReader<int> ints: ReadNumbers(ints, _ints, data, maxDef, v => v); break;
                case ColumnReader<bool> bools: ReadNumbers(bools, _bools, data, maxDef, v => v ? 1 : 0); break;
                case ColumnReader<double> doubles: ReadDoubles(doubles, _doubles, data, maxDef, v => v); break;
                case ColumnReader<float> floats: ReadDoubles(floats, _floats, data, maxDef, v => v); break;
            }
            if (data.Rows != into.Rows)
                throw new ParquetException("row group", $"column {PublishedFields.Names[(int)field]} has {data.Rows} rows, the row group {into.Rows}");
        }
    }

    private unsafe void ReadText(ColumnReader<ByteArray> column, ColumnData data, short maxDef, short maxRep)
    {
        bool list = maxRep > 0, open = false;
        while (column.HasNext)
        {
            long levels = column.ReadBatch(LevelBatch, _def, _rep, _bytes, out _);
            int v = 0;
            for (int i = 0; i < levels; i++)
            {
                bool present = maxDef == 0 || _def[i] == maxDef;
                if (list)
                {
                    if (_rep[i] == 0)
                    {
                        if (open) data.EndRow(false);
                        open = true;
                    }
                    if (present) Add(data, _bytes[v++]);
                    continue;
                }
                if (present) Add(data, _bytes[v++]);
                data.EndRow(!present);
            }
        }
        if (open) data.EndRow(false);

        static void Add(ColumnData data, ByteArray b) => data.AddValue(new ReadOnlySpan<byte>((void*)b.Pointer, b.Length));
    }

    private void ReadNumbers<T>(ColumnReader<T> column, T[] values, ColumnData data, short maxDef, Func<T, long> convert) where T : unmanaged
    {
        while (column.HasNext)
        {
            long levels = column.ReadBatch(LevelBatch, _def, _rep, values, out _);
            int v = 0;
            for (int i = 0; i < levels; i++)
            {
                bool present = maxDef == 0 || _def[i] == maxDef;
                data.AddNumber(present ? convert(values[v++]) : 0, !present);
            }
        }
    }

    private void ReadDoubles<T>(ColumnReader<T> column, T[] values, ColumnData data, short maxDef, Func<T, double> convert) where T : unmanaged
    {
        while (column.HasNext)
        {
            long levels = column.ReadBatch(LevelBatch, _def, _rep, values, out _);
            int v = 0;
            for (int i = 0; i < levels; i++)
            {
                bool present = maxDef == 0 || _def[i] == maxDef;
                data.AddDouble(present ? convert(values[v++]) : 0, !present);
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>A columnar file read group by group (a Parquet row group, an Arrow record batch); one per worker.</summary>
internal interface IColumnarReader : IDisposable
{
    int Groups { get; }
    long RowsIn(int group);
    bool HasModelId { get; }
    IReadOnlyList<string> Columns { get; }
    void Read(int group, ColumnBatch into);
}
