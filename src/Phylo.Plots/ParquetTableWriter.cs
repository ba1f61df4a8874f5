using Parquet;
using Parquet.Schema;
using Phylo.Output;
using Phylo.Report;

namespace Phylo.Plots;

/// <summary>
/// Writes a <see cref="ResultTable"/> as one Parquet file with explicit column types: int32, int64 and bool as required
/// columns, double and string as optional ones (a NaN double and a null string are written as Parquet null). Column
/// names are kept exactly as the table gives them. Rows go in row groups of <see cref="RowGroupRows"/> (a small table is
/// one group): Parquet.Net encodes and compresses a whole column chunk in memory, which for the 1.86M-row model table in
/// one group cost ~0.8 GiB (native-notes/report-output.md).
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroupRows = 1 << 17;

    public static void Write(ResultTable table, string path) =>
        AtomicFile.Write(path, s => WriteAsync(table, s).GetAwaiter().GetResult());

    /// <summary>The Parquet field a column is written as.</summary>
    public static DataField FieldOf(TableColumn column) => column switch
    {
        Int32Column c => new DataField<int>(c.Name, nullable: false),
        Int64Column c => new DataField<long>(c.Name, nullable: false),
        BoolColumn c => new DataField<bool>(c.Name, nullable: false),
        DoubleColumn c => new DataField<double>(c.Name, nullable: true),
        StringColumn c => new DataField<string>(c.Name, nullable: true),
        _ => throw new NotSupportedException($"column {column.Name}: {column.GetType().Name} has no Parquet mapping"),
    };

    private static async Task WriteAsync(ResultTable table, Stream stream)
    {
        var fields = table.Columns.Select(FieldOf).ToArray();
        var schema = new ParquetSchema(fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        int rows = table.RowCount;
        double?[]? nullable = null;
        for (int start = 0; start < rows || start == 0; start += RowGroupRows)
        {
            int n = Math.Min(RowGroupRows, rows - start);
            using var group = writer.CreateRowGroup();
            for (int i = 0; i < fields.Length; i++)
            {
                var field = fields[i];
                switch (table.Columns[i])
                {
                    case Int32Column c: await group.WriteAsync<int>(field, c.Values.AsMemory(start, n)).ConfigureAwait(false); break;
                    case Int64Column c: await group.WriteAsync<long>(field, c.Values.AsMemory(start, n)).ConfigureAwait(false); break;
                    case BoolColumn c: await group.WriteAsync<bool>(field, c.Values.AsMemory(start, n)).ConfigureAwait(false); break;
                    case DoubleColumn c: await group.WriteAsync<double>(field, NanToNull(c.Values.AsSpan(start, n), ref nullable)).ConfigureAwait(false); break;
                    case StringColumn c: await group.WriteAsync(field, new ArraySegment<string?>(c.Values, start, n)).ConfigureAwait(false); break;
                }
            }
        }
    }

    /// <summary><paramref name="values"/> with NaN as null, in <paramref name="buffer"/> (reused across columns and groups).</summary>
    private static ReadOnlyMemory<double?> NanToNull(ReadOnlySpan<double> values, ref double?[]? buffer)
    {
        if (buffer is null || buffer.Length < values.Length) buffer = new double?[values.Length];
        for (int i = 0; i < values.Length; i++)
            buffer[i] = double.IsNaN(values[i]) ? null : values[i];
        return buffer.AsMemory(0, values.Length);
    }
}
