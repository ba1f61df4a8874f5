using System.IO.Compression;
using Phylo.Analyses;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Pipeline;
using Phylo.Run;
using Phylo.Synth;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Store;

namespace Phylo.Tests.Ingest;

/// <summary>The same ecosystem as plain CSV, gzip (one and several members), zstd and Parquet (list columns as strings and as
/// native lists) gives the same table; a cut compressed stream keeps the records before the cut.</summary>
[Trait("Speed", "Slow")]
public class InputFormsTests
{
    private const int Models = 3_000;

    private static readonly Lazy<byte[]> Csv = new(() =>
    {
        using var ms = new MemoryStream();
        SyntheticEcosystem.Write(ms, new SynthOptions(Models, 5, CardMode.Full, 2));
        return ms.ToArray();
    });

    private static byte[] Form(SynthForm form)
    {
        using var ms = new MemoryStream();
        SynthForms.Write(ms, new SynthOptions(Models, 5, CardMode.Full, 2), form);
        return ms.ToArray();
    }

    /// <summary>The CSV's Parquet conversion cut into several row groups (the synth default would make one of 3,000 rows).</summary>
    private static byte[] Parquet(ParquetLists lists, int rowGroupRows = 700)
    {
        using var ms = new MemoryStream();
        ParquetForm.Convert(new MemoryStream(Csv.Value), ms, lists, rowGroupRows);
        return ms.ToArray();
    }

    private static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Ingests <paramref name="content"/> from one path (so the tables' source file names match) after the plain CSV.</summary>
    private static (TestIngest.Result Csv, TestIngest.Result Other) BothFrom(byte[] content, int threads = 2)
    {
        string path = TestIngest.TempFile(Csv.Value, ".data");
        var csv = TestIngest.Run([path], threads);
        File.WriteAllBytes(path, content);
        return (csv, TestIngest.Run([path], threads));
    }

    public static TheoryData<string> Forms => ["gzip", "gzip-members", "zstd", "parquet", "parquet-lists", "parquet-sliced", "parquet-lists-sliced", "synth-parquet-lists", "arrow", "arrow-lists", "arrow-sliced", "arrow-file"];

    private static byte[] Arrow(ParquetLists lists, int batchRows = 700)
    {
        using var ms = new MemoryStream();
        ArrowForm.Convert(new MemoryStream(Csv.Value), ms, lists, batchRows);
        return ms.ToArray();
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_form_gives_the_table_the_CSV_gives(string form)
    {
        byte[] content = form switch
        {
            "gzip" => Form(SynthForm.CsvGzip),
            // a multi-member gzip (as `cat a.gz b.gz` or a parallel compressor writes), cut in the middle of a record
            "gzip-members" => [.. Gzip(Csv.Value.AsSpan(0, Csv.Value.Length / 3 + 17)), .. Gzip(Csv.Value.AsSpan(Csv.Value.Length / 3 + 17))],
            "zstd" => Form(SynthForm.CsvZstd),
            "parquet" => Parquet(ParquetLists.Strings),
            "parquet-lists" => Parquet(ParquetLists.Native),
            // groups longer than a parsed batch (Ingestor.SliceRows): each is committed as several slices
            "parquet-sliced" => Parquet(ParquetLists.Strings, rowGroupRows: Ingestor.SliceRows + 452),
            // native lists read a slice at a time: a row's values end where the next row starts, across slices
            "parquet-lists-sliced" => Parquet(ParquetLists.Native, rowGroupRows: 2 * Ingestor.SliceRows + 3),
            "arrow" => Arrow(ParquetLists.Strings),
            "arrow-lists" => Arrow(ParquetLists.Native),
            "arrow-sliced" => Arrow(ParquetLists.Native, batchRows: 2 * Ingestor.SliceRows + 1),
            // the IPC file format: magic, padding, the stream, a footer (this reader needs only the stream part)
            "arrow-file" => [.. "ARROW1\0\0"u8, .. Arrow(ParquetLists.Native), .. "footer-not-read\0\0\0\0ARROW1"u8],
            _ => Form(SynthForm.ParquetNativeLists), // synth's own Parquet writer, one row group
        };
        Assert.NotEqual(InputKind.Text, InputKinds.Sniff(content.AsSpan(0, 64)));
        var (csv, other) = BothFrom(content);
        Assert.Equal(Models, csv.Table.Count);
        Assert.Equal(0, csv.Rejects.Total);
        TableAssert.Equal(csv.Table, other.Table);
        Assert.Equal(csv.Inputs[0].Records, other.Inputs[0].Records);
        Assert.Equal(csv.RejectedCsv, other.RejectedCsv);
    }

    [Fact]
    public void Parquet_table_does_not_depend_on_the_worker_count()
    {
        string path = TestIngest.TempFile(Parquet(ParquetLists.Native, rowGroupRows: 257), ".parquet");
        var one = TestIngest.Run([path], threads: 1);
        var two = TestIngest.Run([path], threads: 2);
        var three = TestIngest.Run([path], threads: 3);
        TableAssert.Equal(one.Table, two.Table);
        TableAssert.Equal(one.Table, three.Table);
    }

    /// <summary>A worker reads every group into one batch: the second group must reuse the first's column buffers (fresh
    /// ones regrew the card text from 64 KiB per group and fragmented the large-object heap) and still read its own rows.</summary>
    [Fact]
    public void A_worker_reuses_its_column_buffers_from_group_to_group()
    {
        string path = TestIngest.TempFile(Parquet(ParquetLists.Strings, rowGroupRows: 700), ".parquet");
        using var reader = new Phylo.Ingest.Columnar.ParquetGroups(path);
        Assert.True(reader.Groups >= 3);
        var batch = new Phylo.Ingest.Columnar.ColumnBatch();
        reader.Read(0, batch);
        var cards = batch.Column(PublishedField.ModelCard);
        byte[] text = cards.Data;
        reader.Read(1, batch);
        Assert.Same(cards, batch.Column(PublishedField.ModelCard));
        Assert.Same(text, batch.Column(PublishedField.ModelCard).Data);

        var fresh = new Phylo.Ingest.Columnar.ColumnBatch();
        reader.Read(1, fresh);
        Assert.Equal(fresh.Rows, batch.Rows);
        for (int f = 0; f < PublishedFields.Count; f++)
        {
            var (a, b) = (fresh.Columns[f], batch.Columns[f]);
            Assert.Equal(a is null, b is null);
            if (a is null || b is null) continue;
            Assert.Equal(a.Null.AsSpan(0, a.Rows).ToArray(), b.Null.AsSpan(0, b.Rows).ToArray());
            Assert.Equal(a.RowValues.AsSpan(0, a.Rows + 1).ToArray(), b.RowValues.AsSpan(0, b.Rows + 1).ToArray());
            Assert.Equal(a.Data.AsSpan(0, a.DataLength).ToArray(), b.Data.AsSpan(0, b.DataLength).ToArray());
        }
    }

    /// <summary>A row group read in slices of any size holds, row for row, what it holds read whole (a list's values carried
    /// over a slice's end, nulls, numbers), and each slice says where in the group it starts.</summary>
    [Theory]
    [InlineData(ParquetLists.Native, 1)]
    [InlineData(ParquetLists.Native, 3)]
    [InlineData(ParquetLists.Native, 64)]
    [InlineData(ParquetLists.Strings, 699)]
    public void A_row_group_read_in_slices_holds_what_it_holds_read_whole(ParquetLists lists, int sliceRows)
    {
        string path = TestIngest.TempFile(Parquet(lists, rowGroupRows: 700), ".parquet");
        using var reader = new Phylo.Ingest.Columnar.ParquetGroups(path);
        var whole = new Phylo.Ingest.Columnar.ColumnBatch();
        reader.Read(1, whole);
        var expected = Enumerable.Range(0, whole.Rows).Select(r => RowText(whole, r)).ToList();
        Assert.Contains(expected, row => row.Contains('|', StringComparison.Ordinal)); // some row has a list of several values

        var slice = new Phylo.Ingest.Columnar.ColumnBatch();
        var actual = new List<string>();
        int rows = reader.Open(1);
        Assert.Equal(whole.Rows, rows);
        while (actual.Count < rows)
        {
            reader.ReadRows(sliceRows, slice);
            Assert.Equal(actual.Count, slice.FirstRow);
            Assert.Equal(Math.Min(sliceRows, rows - actual.Count), slice.Rows);
            for (int r = 0; r < slice.Rows; r++) actual.Add(RowText(slice, r));
        }
        Assert.Equal(expected, actual);
    }

    /// <summary>Row <paramref name="r"/> of every column of <paramref name="b"/> as text: null, the number, or the values joined by '|'.</summary>
    private static string RowText(Phylo.Ingest.Columnar.ColumnBatch b, int r) => string.Join(",", b.Columns.Select(c =>
        c is null ? "-"
        : c.Null[r] ? "null"
        : c.Kind is Phylo.Ingest.Columnar.ColumnKind.Text or Phylo.Ingest.Columnar.ColumnKind.TextList
            ? string.Join("|", Enumerable.Range(c.RowValues[r], c.RowValues[r + 1] - c.RowValues[r]).Select(v => System.Text.Encoding.UTF8.GetString(c.Value(v))))
        : c.Kind == Phylo.Ingest.Columnar.ColumnKind.Double ? c.Doubles[r].ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        : c.Numbers[r].ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("gzip", 0.55)]
    [InlineData("zstd", 0.55)]
    [InlineData("gzip", 0.999)]
    public void A_cut_compressed_stream_keeps_the_records_before_the_cut(string form, double keep)
    {
        byte[] whole = Form(form == "gzip" ? SynthForm.CsvGzip : SynthForm.CsvZstd);
        string path = TestIngest.TempFile(whole.AsSpan(0, (int)(whole.Length * keep)).ToArray(), form == "gzip" ? ".csv.gz" : ".csv.zst");
        var cut = TestIngest.Run(path);
        var full = TestIngest.Run(TestIngest.TempFile(Csv.Value));
        Assert.InRange(cut.Table.Count, 1, Models - 1);
        Assert.Equal(full.Table.Ids.Take(cut.Table.Count), cut.Table.Ids);   // exactly the models before the cut …
        Assert.Equal(1, cut.Rejects.Total);                                   // … and one counted rejection where it fell
        Assert.Equal(1, cut.Rejects.ByReason[RejectReasons.Truncated]);
        string row = cut.RejectedCsv.Split('\n')[1];
        Assert.StartsWith($"{Path.GetFileName(path)},", row, StringComparison.Ordinal);
        Assert.Contains(",truncated,true,", row, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_that_falls_on_a_line_end_is_still_one_rejection_after_the_last_line()
    {
        byte[] csv = Csv.Value;
        int end = Array.LastIndexOf(csv, (byte)'\n', csv.Length / 2) + 1; // whole records only
        byte[] gz = Gzip(csv.AsSpan(0, end));
        string path = TestIngest.TempFile(gz.AsSpan(0, gz.Length - 4).ToArray(), ".csv.gz"); // the gzip trailer cut off
        var r = TestIngest.Run(path);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.Truncated]);
        long lines = csv.AsSpan(0, end).Count((byte)'\n');
        Assert.Contains($",{lines + 1},truncated,true,", r.RejectedCsv, StringComparison.Ordinal);
        Assert.Equal(TestIngest.Run(TestIngest.TempFile(csv.AsSpan(0, end).ToArray())).Table.Ids, r.Table.Ids);
    }

    [Fact]
    public void A_cut_Arrow_stream_keeps_its_whole_batches()
    {
        byte[] arrow = Arrow(ParquetLists.Native, batchRows: 500);
        string path = TestIngest.TempFile(arrow.AsSpan(0, arrow.Length * 6 / 10).ToArray(), ".arrow");
        var cut = TestIngest.Run(path);
        var full = TestIngest.Run(TestIngest.TempFile(Csv.Value));
        Assert.Equal(0, cut.Table.Count % 500);
        Assert.InRange(cut.Table.Count, 500, Models - 500);
        Assert.Equal(full.Table.Ids.Take(cut.Table.Count), cut.Table.Ids);
        Assert.Equal(1, cut.Rejects.Total);
        Assert.Contains($",{cut.Table.Count / 500}:0,truncated,true,", cut.RejectedCsv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_Parquet_file_is_a_counted_rejection_and_the_other_inputs_are_kept()
    {
        byte[] parquet = Form(SynthForm.Parquet);
        string cut = TestIngest.TempFile(parquet.AsSpan(0, parquet.Length / 2).ToArray(), ".parquet");
        var r = TestIngest.Run(cut, TestIngest.TempFile(Csv.Value));
        Assert.Equal(Models, r.Table.Count);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.Truncated]);
        Assert.Contains($"{Path.GetFileName(cut)},0:0,truncated,true,", r.RejectedCsv, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_rows_are_rejected_by_the_CSV_rules_at_group_and_row()
    {
        var csv = new PublishedCsv()
            .Row("org/a", created: "not a date")
            .Row("", licenses: "['mit'")
            .Row("org/b", licenses: "['mit'", likes: 3)
            .Row("org/a");
        byte[] text = System.Text.Encoding.UTF8.GetBytes(csv.ToString());
        using var parquet = new MemoryStream();
        ParquetForm.Convert(new MemoryStream(text), parquet, ParquetLists.Strings, rowGroupRows: 2);
        var fromCsv = TestIngest.Run(TestIngest.TempFile(text));
        var fromParquet = TestIngest.Run(TestIngest.TempFile(parquet.ToArray(), ".parquet"));
        Assert.Equal(fromCsv.Table.Ids, fromParquet.Table.Ids);
        Assert.Equal(fromCsv.Rejects.ByReason, fromParquet.Rejects.ByReason);
        string[] positions = [.. fromParquet.RejectedCsv.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[1] + " " + l.Split(',')[2])];
        Assert.Equal(["0:0 bad-date", "0:1 missing-id", "1:0 bad-list-literal", "1:1 duplicate-id"], positions);
    }

    [Fact]
    public void CSV_and_Parquet_forms_give_byte_identical_reports()
    {
        string dir = Path.Combine(Path.GetTempPath(), "phylo-forms-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string csv = Path.Combine(dir, "eco.csv"), parquet = Path.Combine(dir, "eco.parquet");
        File.WriteAllBytes(csv, Csv.Value);
        File.WriteAllBytes(parquet, Form(SynthForm.Parquet));
        string a = Path.Combine(dir, "out-csv"), b = Path.Combine(dir, "out-parquet");
        AnalysisRun.Execute(new AnalyzeOptions([csv], a, 2));
        AnalysisRun.Execute(new AnalyzeOptions([parquet], b, 2));
        // The inputs block names the file, its format and size: the one part that must differ.
        Assert.Equal(WithoutInputs(Path.Combine(a, "report.json")), WithoutInputs(Path.Combine(b, "report.json")));
        foreach (string t in Directory.GetFiles(Path.Combine(a, "tables"), "*.csv"))
            Assert.True(File.ReadAllBytes(t).SequenceEqual(File.ReadAllBytes(Path.Combine(b, "tables", Path.GetFileName(t)))), t);
    }

    private static byte[] WithoutInputs(string reportJson)
    {
        string text = File.ReadAllText(reportJson);
        int start = text.IndexOf("\"inputs\"", StringComparison.Ordinal), end = text.IndexOf(']', start);
        Assert.True(start >= 0 && end > start);
        return System.Text.Encoding.UTF8.GetBytes(text[..start] + text[(end + 1)..]);
    }
}
