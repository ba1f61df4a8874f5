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
    public async Task A_long_table_goes_in_row_groups_that_read_back_as_its_rows()
    {
        int n = 2 * ParquetTableWriter.RowGroupRows + 7;
        var rnd = new Random(5);
        string?[] names = [.. Enumerable.Range(0, n).Select(i => i % 11 == 0 ? null : $"m{rnd.Next(1000)}")];
        int[] ints = [.. Enumerable.Range(0, n).Select(_ => rnd.Next())];
        double[] doubles = [.. Enumerable.Range(0, n).Select(i => i % 13 == 0 ? double.NaN : rnd.NextDouble())];
        bool[] bools = [.. Enumerable.Range(0, n).Select(i => i % 3 == 0)];
        long[] longs = [.. Enumerable.Range(0, n).Select(i => (long)i << 33)];
        var table = new ResultTable("long").Add("name", names).Add("n", ints).Add("x", doubles).Add("flag", bools).Add("big", longs);
        string path = TempPath();
        ParquetTableWriter.Write(table, path);

        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(3, reader.RowGroupCount);
        var fields = reader.Schema.GetDataFields();
        var (gotNames, gotInts, gotDoubles, gotBools, gotLongs) = (new List<string?>(), new List<int>(), new List<double?>(), new List<bool>(), new List<long>());
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int rows = (int)group.RowCount;
            Assert.Equal(g < 2 ? ParquetTableWriter.RowGroupRows : 7, rows);
            var s = new string?[rows]; await group.ReadAsync(fields[0], s.AsMemory()); gotNames.AddRange(s);
            var i = new int[rows]; await group.ReadAsync<int>(fields[1], i.AsMemory()); gotInts.AddRange(i);
            var d = new double?[rows]; await group.ReadAsync<double>(fields[2], d.AsMemory()); gotDoubles.AddRange(d);
            var b = new bool[rows]; await group.ReadAsync<bool>(fields[3], b.AsMemory()); gotBools.AddRange(b);
            var l = new long[rows]; await group.ReadAsync<long>(fields[4], l.AsMemory()); gotLongs.AddRange(l);
        }
        Assert.Equal(names, gotNames);
        Assert.Equal(ints, gotInts);
        Assert.Equal(doubles.Select(v => double.IsNaN(v) ? (double?)null : v), gotDoubles);
        Assert.Equal(bools, gotBools);
        Assert.Equal(longs, gotLongs);
        string again = TempPath();
        ParquetTableWriter.Write(table, again);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
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
