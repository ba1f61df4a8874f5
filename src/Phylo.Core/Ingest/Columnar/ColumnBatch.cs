using Phylo.Ingest.Pipeline;

namespace Phylo.Ingest.Columnar;

/// <summary>What a column of a columnar file holds, once read.</summary>
internal enum ColumnKind : byte { Text, TextList, Int64, Double, Bool, TimestampMillis }

/// <summary>
/// One column of a <see cref="ColumnBatch"/>: text as UTF-8 bytes in one buffer (value v is
/// <c>Data[Starts[v] .. Starts[v + 1]]</c>), numbers and flags in <see cref="Numbers"/>; per row, whether it is null, and
/// for a list its values <c>RowValues[r] .. RowValues[r + 1]</c>. Buffers are reused from batch to batch.
/// </summary>
internal sealed class ColumnData
{
    public ColumnKind Kind;
    public int Rows;
    public byte[] Data = new byte[1 << 16];
    public int DataLength;
    public int[] Starts = new int[1024];
    public int Values;
    public int[] RowValues = new int[1024];
    public bool[] Null = new bool[1024];
    public long[] Numbers = new long[1024];
    public double[] Doubles = [];

    public void Reset(ColumnKind kind, int rows)
    {
        Kind = kind;
        Rows = 0;
        DataLength = 0;
        Values = 0;
        Starts[0] = 0;
        RowValues[0] = 0;
        if (Null.Length < rows) Null = new bool[rows];
        if (kind is ColumnKind.Int64 or ColumnKind.Bool or ColumnKind.TimestampMillis && Numbers.Length < rows) Numbers = new long[rows];
        if (kind == ColumnKind.Double && Doubles.Length < rows) Doubles = new double[rows];
        if (RowValues.Length < rows + 1) RowValues = new int[rows + 1];
    }

    /// <summary>Appends one text value (of the current row, for a list; a row of its own otherwise).</summary>
    public void AddValue(ReadOnlySpan<byte> utf8)
    {
        if (Data.Length - DataLength < utf8.Length) Array.Resize(ref Data, Math.Max(Data.Length * 2, DataLength + utf8.Length));
        utf8.CopyTo(Data.AsSpan(DataLength));
        DataLength += utf8.Length;
        if (Starts.Length < Values + 2) Array.Resize(ref Starts, Starts.Length * 2);
        Starts[++Values] = DataLength;
    }

    /// <summary>Ends a row: for a list, its values are those added since the previous row ended.</summary>
    public void EndRow(bool isNull)
    {
        if (Rows + 1 >= RowValues.Length) Array.Resize(ref RowValues, RowValues.Length * 2);
        if (Rows >= Null.Length) Array.Resize(ref Null, Null.Length * 2);
        Null[Rows] = isNull;
        RowValues[++Rows] = Values;
    }

    public void AddNumber(long value, bool isNull)
    {
        if (Rows >= Numbers.Length) Array.Resize(ref Numbers, Numbers.Length * 2);
        Numbers[Rows] = value;
        EndRow(isNull);
    }

    public void AddDouble(double value, bool isNull)
    {
        if (Rows >= Doubles.Length) Array.Resize(ref Doubles, Math.Max(1024, Doubles.Length * 2));
        Doubles[Rows] = value;
        EndRow(isNull);
    }

    public ReadOnlySpan<byte> Value(int v) => Data.AsSpan(Starts[v], Starts[v + 1] - Starts[v]);
}

/// <summary>Rows of the published layout in column form (a slice of a Parquet row group, an Arrow record batch): the columns Phylo
/// reads, by <see cref="PublishedField"/> (null where the file has no such column).</summary>
internal sealed class ColumnBatch
{
    public readonly ColumnData?[] Columns = new ColumnData?[PublishedFields.Count];
    // Every column's buffers, kept across Clear: a fresh ColumnData per group regrew its text buffer from 64 KiB to the
    // group's size by doubling (≈ 2× a group's card text, on the large-object heap, per group and worker), garbage
    // that left the LOH 0.25 GiB more fragmented at 200,000 models (native-notes/input-formats.md, "Memory").
    private readonly ColumnData?[] _buffers = new ColumnData?[PublishedFields.Count];
    public int Rows;
    /// <summary>The group's row that is this batch's row 0 (a Parquet row group is read in slices of rows).</summary>
    public int FirstRow;
    /// <summary>0, 1, 2, … in file order: the row group (Parquet) or record batch (Arrow) index.</summary>
    public int Group;
    /// <summary>Set when the group could not be read whole: why (its rows are then all rejected as one).</summary>
    public string? Damage;

    /// <summary>The column <paramref name="f"/>, present from now until <see cref="Clear"/>; its buffers are reused.</summary>
    public ColumnData Column(PublishedField f) => Columns[(int)f] ??= _buffers[(int)f] ??= new ColumnData();

    /// <summary>Before a group is read: no column present (a column the next group lacks reads as absent); buffers kept.</summary>
    public void Clear()
    {
        Array.Clear(Columns);
        FirstRow = 0;
    }
}
