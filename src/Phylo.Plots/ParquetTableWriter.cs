using Parquet;
using Parquet.Schema;
using Phylo.Output;
using Phylo.Report;

namespace Phylo.Plots;

/// <summary>
/// Writes a <see cref="ResultTable"/> as one Parquet file (one row group) with explicit column types:
/// int32, int64 and bool as required columns, double and string as optional ones (a NaN double and a
/// null string are written as Parquet null). Column names are kept exactly as the table gives them.
/// </summary>
public static class ParquetTableWriter
{
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
        using var group = writer.CreateRowGroup();
        for (int i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            switch (table.Columns[i])
            {
                case Int32Column c: await group.WriteAsync<int>(field, c.Values).ConfigureAwait(false); break;
                case Int64Column c: await group.WriteAsync<long>(field, c.Values).ConfigureAwait(false); break;
                case BoolColumn c: await group.WriteAsync<bool>(field, c.Values).ConfigureAwait(false); break;
                case DoubleColumn c: await group.WriteAsync<double>(field, NanToNull(c.Values)).ConfigureAwait(false); break;
                case StringColumn c: await group.WriteAsync(field, c.Values).ConfigureAwait(false); break;
            }
        }
    }

    private static double?[] NanToNull(double[] values)
    {
        var result = new double?[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = double.IsNaN(values[i]) ? null : values[i];
        return result;
    }
}
