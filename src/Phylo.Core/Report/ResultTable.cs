using System.Globalization;
using Phylo.Output;

namespace Phylo.Report;

/// <summary>
/// A typed, columnar result table (snake_case column names, explicit types) that writers turn into CSV
/// (<see cref="CsvTableWriter"/>) or Parquet (Phylo.Plots). Sections build them; writers only format.
/// </summary>
public sealed class ResultTable(string name)
{
    private readonly List<TableColumn> _columns = [];

    /// <summary>File stem: tables/&lt;name&gt;.csv and .parquet.</summary>
    public string Name => name;
    public IReadOnlyList<TableColumn> Columns => _columns;
    public int RowCount => _columns.Count == 0 ? 0 : _columns[0].Length;

    public ResultTable Add(TableColumn column)
    {
        if (_columns.Count > 0 && column.Length != RowCount)
            throw new ArgumentException($"column {column.Name} has {column.Length} rows, table {name} has {RowCount}");
        _columns.Add(column);
        return this;
    }

    public ResultTable Add(string column, string?[] values) => Add(new StringColumn(column, values));
    public ResultTable Add(string column, int[] values) => Add(new Int32Column(column, values));
    public ResultTable Add(string column, long[] values) => Add(new Int64Column(column, values));
    public ResultTable Add(string column, double[] values) => Add(new DoubleColumn(column, values));
    public ResultTable Add(string column, bool[] values) => Add(new BoolColumn(column, values));
}

/// <summary>One column. Doubles use NaN for "missing" (written as an empty CSV field / Parquet null).</summary>
public abstract record TableColumn(string Name)
{
    public abstract int Length { get; }
    /// <summary>The value as CSV text (invariant culture, round-trip doubles, empty for missing).</summary>
    public abstract string Format(int row);
}

public sealed record StringColumn(string Name, string?[] Values) : TableColumn(Name)
{
    public override int Length => Values.Length;
    public override string Format(int row) => Values[row] ?? "";
}

public sealed record Int32Column(string Name, int[] Values) : TableColumn(Name)
{
    public override int Length => Values.Length;
    public override string Format(int row) => Values[row].ToString(CultureInfo.InvariantCulture);
}

public sealed record Int64Column(string Name, long[] Values) : TableColumn(Name)
{
    public override int Length => Values.Length;
    public override string Format(int row) => Values[row].ToString(CultureInfo.InvariantCulture);
}

public sealed record DoubleColumn(string Name, double[] Values) : TableColumn(Name)
{
    public override int Length => Values.Length;
    public override string Format(int row) => double.IsNaN(Values[row]) ? "" : Values[row].ToString("R", CultureInfo.InvariantCulture);
}

public sealed record BoolColumn(string Name, bool[] Values) : TableColumn(Name)
{
    public override int Length => Values.Length;
    public override string Format(int row) => Values[row] ? "true" : "false";
}

/// <summary>Writes a <see cref="ResultTable"/> as RFC 4180 CSV with a header row, atomically. Each field is the text of
/// <see cref="TableColumn.Format"/>, quoted as <see cref="Phylo.Table.RejectLog.Quote"/> does; numbers are formatted into a
/// stack buffer instead of a string per cell (the model and edge tables have millions of cells).</summary>
public static class CsvTableWriter
{
    public static void Write(ResultTable table, string path) =>
        AtomicFile.WriteText(path, w =>
        {
            var cols = table.Columns;
            for (int c = 0; c < cols.Count; c++) { if (c > 0) w.Write(','); w.Write(cols[c].Name); }
            w.Write('\n');
            Span<char> buffer = stackalloc char[64];
            for (int r = 0; r < table.RowCount; r++)
            {
                for (int c = 0; c < cols.Count; c++)
                {
                    if (c > 0) w.Write(',');
                    WriteField(w, cols[c], r, buffer);
                }
                w.Write('\n');
            }
        });

    private static void WriteField(TextWriter w, TableColumn column, int row, Span<char> buffer)
    {
        var inv = CultureInfo.InvariantCulture;
        int n;
        switch (column)
        {
            case Int32Column c when c.Values[row].TryFormat(buffer, out n, default, inv): w.Write(buffer[..n]); break;
            case Int64Column c when c.Values[row].TryFormat(buffer, out n, default, inv): w.Write(buffer[..n]); break;
            case DoubleColumn c when double.IsNaN(c.Values[row]): break;
            case DoubleColumn c when c.Values[row].TryFormat(buffer, out n, "R", inv): w.Write(buffer[..n]); break;
            case BoolColumn c: w.Write(c.Values[row] ? "true" : "false"); break;
            case StringColumn c: WriteText(w, c.Values[row] ?? ""); break;
            default: WriteText(w, column.Format(row)); break;
        }
    }

    private static void WriteText(TextWriter w, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) w.Write(value);
        else w.Write(Phylo.Table.RejectLog.Quote(value));
    }
}
