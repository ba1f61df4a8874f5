using ParquetSharp;

namespace Phylo.Ingest.Columnar;

/// <summary>
/// One Parquet column of the row group being read, consumed a slice of rows at a time: <see cref="Read"/> appends the next
/// rows to a <see cref="ColumnData"/> and keeps its place (the levels and values decoded but not yet taken) for the next
/// slice, so a worker never copies a whole group's text at once. A list's row ends only where the next one starts (a
/// repetition level of 0), so that boundary is where a slice stops. Created once per reader and column, attached to each
/// row group's column reader in turn (its level and value buffers reused).
/// </summary>
internal abstract class ColumnCursor : IDisposable
{
    protected const int LevelBatch = 4096;
    protected readonly short[] Def = new short[LevelBatch], Rep = new short[LevelBatch];
    /// <summary>The next value to take from the decoded ones (values are only there for levels that hold one).</summary>
    protected int V;
    private readonly short _maxDef;
    private readonly bool _list;
    private ColumnReader? _reader;
    private int _count, _pos;
    private bool _open;

    protected ColumnCursor(short maxDef, short maxRep) => (_maxDef, _list) = (maxDef, maxRep > 0);

    /// <summary>A cursor for <paramref name="reader"/>'s type (<paramref name="unitsPerMilli"/> scales a timestamp to ms).</summary>
    public static ColumnCursor For(ColumnReader reader, short maxDef, short maxRep, long unitsPerMilli) => reader switch
    {
        ColumnReader<ByteArray> => new TextCursor(maxDef, maxRep),
        ColumnReader<long> => new NumberCursor<long>(maxDef, v => v / unitsPerMilli),
        ColumnReader<int> => new NumberCursor<int>(maxDef, v => v),
        ColumnReader<bool> => new NumberCursor<bool>(maxDef, v => v ? 1 : 0),
        ColumnReader<double> => new DoubleCursor<double>(maxDef, v => v),
        ColumnReader<float> => new DoubleCursor<float>(maxDef, v => v),
        _ => throw new ParquetException("column", $"unexpected column reader {reader.GetType().Name}"),
    };

    /// <summary>Starts on a row group's column (the previous group's reader is disposed; this cursor owns the new one).</summary>
    public void Attach(ColumnReader reader)
    {
        _reader?.Dispose();
        _reader = reader;
        (_count, _pos, V, _open) = (0, 0, 0, false);
    }

    /// <summary>Appends rows to <paramref name="data"/> until it holds <paramref name="rows"/> or the column ends.</summary>
    public void Read(ColumnData data, int rows)
    {
        var reader = _reader!;
        while (true)
        {
            if (!_list && data.Rows == rows) return;
            if (_pos == _count)
            {
                (_count, _pos, V) = (reader.HasNext ? Fill(reader) : 0, 0, 0);
                if (_count == 0)
                {
                    if (_open) data.EndRow(false);
                    _open = false;
                    return;
                }
            }
            bool present = _maxDef == 0 || Def[_pos] == _maxDef;
            if (_list)
            {
                if (Rep[_pos] == 0)
                {
                    if (_open) data.EndRow(false);
                    _open = false;
                    if (data.Rows == rows) return; // this level starts the next slice's first row
                    _open = true;
                }
                if (present) AddValue(data);
            }
            else AddScalar(data, present);
            _pos++;
        }
    }

    /// <summary>Decodes the next levels (and their values) into <see cref="Def"/>, <see cref="Rep"/> and the values; returns the levels.</summary>
    protected abstract int Fill(ColumnReader reader);
    /// <summary>Appends value <see cref="V"/> to the current list row (text only).</summary>
    protected virtual void AddValue(ColumnData data) => throw new ParquetException("column", "a list of non-text values");
    /// <summary>Appends one scalar row (its value <see cref="V"/> when <paramref name="present"/>).</summary>
    protected abstract void AddScalar(ColumnData data, bool present);

    public void Dispose()
    {
        _reader?.Dispose();
        _reader = null;
    }

    private sealed class TextCursor(short maxDef, short maxRep) : ColumnCursor(maxDef, maxRep)
    {
        // Pointers into the reader's decoded page: valid until its next ReadBatch, which comes only after all are taken.
        private readonly ByteArray[] _values = new ByteArray[LevelBatch];

        protected override int Fill(ColumnReader reader) => (int)((ColumnReader<ByteArray>)reader).ReadBatch(LevelBatch, Def, Rep, _values, out _);

        protected override unsafe void AddValue(ColumnData data)
        {
            var b = _values[V++];
            data.AddValue(new ReadOnlySpan<byte>((void*)b.Pointer, b.Length));
        }

        protected override void AddScalar(ColumnData data, bool present)
        {
            if (present) AddValue(data);
            data.EndRow(!present);
        }
    }

    private sealed class NumberCursor<T>(short maxDef, Func<T, long> convert) : ColumnCursor(maxDef, 0) where T : unmanaged
    {
        private readonly T[] _values = new T[LevelBatch];

        protected override int Fill(ColumnReader reader) => (int)((ColumnReader<T>)reader).ReadBatch(LevelBatch, Def, Rep, _values, out _);

        protected override void AddScalar(ColumnData data, bool present) => data.AddNumber(present ? convert(_values[V++]) : 0, !present);
    }

    private sealed class DoubleCursor<T>(short maxDef, Func<T, double> convert) : ColumnCursor(maxDef, 0) where T : unmanaged
    {
        private readonly T[] _values = new T[LevelBatch];

        protected override int Fill(ColumnReader reader) => (int)((ColumnReader<T>)reader).ReadBatch(LevelBatch, Def, Rep, _values, out _);

        protected override void AddScalar(ColumnData data, bool present) => data.AddDouble(present ? convert(_values[V++]) : 0, !present);
    }
}
