using System.Globalization;

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
