using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Phylo.Plots;
using Phylo.Report;
using Type = Parquet.Meta.Type;

namespace Phylo.Tests.Plots;

public class ParquetTableWriterTests
{
    private static ResultTable Sample() => new ResultTable("sample")
        .Add("pair_type", ["sibling", null, "parent|child, \"quoted\"", "ünïcode"])
        .Add("n_pairs", [3, -1, int.MaxValue, 0])
        .Add("total_bytes", [0L, long.MinValue, long.MaxValue, 42L])
        .Add("mean", [0.5, double.NaN, -1e-300, double.PositiveInfinity])
        .Add("is_forward", [true, false, false, true]);

    [Fact]
    public async Task Round_trip_keeps_rows_names_and_types()
    {
        var table = Sample();
        string path = TempPath();
        ParquetTableWriter.Write(table, path);

        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["pair_type", "n_pairs", "total_bytes", "mean", "is_forward"], fields.Select(f => f.Name));
        // Physical types as other readers (pyarrow, DuckDB) see them; strings carry the UTF-8 annotation.
        Assert.Equal([Type.BYTE_ARRAY, Type.INT32, Type.INT64, Type.DOUBLE, Type.BOOLEAN], fields.Select(f => f.SchemaElement!.Type!.Value));
        Assert.NotNull(fields[0].SchemaElement!.LogicalType?.STRING);
        Assert.Equal([FieldRepetitionType.OPTIONAL, FieldRepetitionType.REQUIRED, FieldRepetitionType.REQUIRED, FieldRepetitionType.OPTIONAL,
            FieldRepetitionType.REQUIRED], fields.Select(f => f.SchemaElement!.RepetitionType!.Value));
        Assert.Equal([true, false, false, true, false], fields.Select(f => f.IsNullable));
        Assert.Equal(1, reader.RowGroupCount);

        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(4, group.RowCount);
        var strings = new string?[4];
        await group.ReadAsync(fields[0], strings.AsMemory());
        Assert.Equal((IEnumerable<string?>)["sibling", null, "parent|child, \"quoted\"", "ünïcode"], (IEnumerable<string?>)strings);
        var ints = new int[4];
        await group.ReadAsync<int>(fields[1], ints.AsMemory());
        Assert.Equal([3, -1, int.MaxValue, 0], ints);
        var longs = new long[4];
        await group.ReadAsync<long>(fields[2], longs.AsMemory());
        Assert.Equal([0L, long.MinValue, long.MaxValue, 42L], longs);
        var doubles = new double?[4];
        await group.ReadAsync<double>(fields[3], doubles.AsMemory());
        Assert.Equal([0.5, null, -1e-300, double.PositiveInfinity], doubles);
        var bools = new bool[4];
        await group.ReadAsync<bool>(fields[4], bools.AsMemory());
        Assert.Equal([true, false, false, true], bools);
    }

    [Fact]
    public async Task Empty_table_is_a_valid_file_with_its_schema()
    {
        var table = new ResultTable("empty").Add("id", Array.Empty<string?>()).Add("n", Array.Empty<long>());
        string path = TempPath();
        ParquetTableWriter.Write(table, path);
        var schema = await ParquetReader.ReadSchemaAsync(path);
        Assert.Equal(["id", "n"], schema.GetDataFields().Select(f => f.Name));
    }

    [Fact]
    public void Same_table_gives_byte_identical_files_and_no_temp_files_remain()
    {
        string a = TempPath(), b = TempPath();
        ParquetTableWriter.Write(Sample(), a);
        ParquetTableWriter.Write(Sample(), b);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(a)!, "*.tmp"));
    }

    [Fact]
    public void Field_types_are_explicit()
    {
        Assert.Equal(typeof(int), ParquetTableWriter.FieldOf(new Int32Column("x", [1])).ClrType);
        Assert.False(ParquetTableWriter.FieldOf(new Int64Column("x", [1])).IsNullable);
        Assert.True(ParquetTableWriter.FieldOf(new DoubleColumn("x", [1])).IsNullable);
        Assert.IsType<DataField<string>>(ParquetTableWriter.FieldOf(new StringColumn("x", ["a"])));
    }

    private static string TempPath() =>
        Path.Combine(Path.GetTempPath(), "phylo-parquet-" + Guid.NewGuid().ToString("N"), "t.parquet");
}
