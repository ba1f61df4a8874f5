using System.Text;
using CsCheck;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Tests.Report;

/// <summary>The CSV writer formats numbers without a string per cell; its bytes must stay those of the plain per-cell form
/// (each column's <see cref="TableColumn.Format"/>, quoted by <see cref="RejectLog.Quote"/>).</summary>
public sealed class CsvTableWriterTests
{
    private static string Plain(ResultTable t)
    {
        var sb = new StringBuilder(string.Join(',', t.Columns.Select(c => c.Name))).Append('\n');
        for (int r = 0; r < t.RowCount; r++)
            sb.Append(string.Join(',', t.Columns.Select(c => RejectLog.Quote(c.Format(r))))).Append('\n');
        return sb.ToString();
    }

    private static readonly double[] Special = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, 1e-300, 0.1 + 0.2];

    private static readonly Gen<double> Doubles = Gen.Frequency((6, Gen.Double), (1, Gen.Int[0, Special.Length - 1].Select(k => Special[k])));

    private static readonly Gen<string?> Strings = Gen.Frequency(
        (4, Gen.String[Gen.Char["a-z,\"\r\n ;é\uD83D\uDE00€"], 0, 12].Select(s => (string?)s)),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<ResultTable> Tables =
        Gen.Int[0, 40].SelectMany(n => Gen.Select(Strings.Array[n], Gen.Int.Array[n], Gen.Long.Array[n], Doubles.Array[n], Gen.Bool.Array[n],
            (s, i, l, d, b) => new ResultTable("t").Add("name", s).Add("n", i).Add("big", l).Add("x", d).Add("flag", b)));

    /// <summary>The word-at-a-time test for a comma, quote, CR or LF against a byte-by-byte search, on every length 0..257
    /// (the eight-byte words and every tail), ASCII bytes drawn mostly from around the test's threshold '-' (0x2D).</summary>
    [Fact]
    public void Special_bytes_are_found_as_a_byte_search_finds_them()
    {
        var rng = new Random(15);
        byte[] near = [.. Enumerable.Range(0x20, 0x10).Select(b => (byte)b), 0, 1, (byte)'\n', (byte)'\r', 0x7F, (byte)'a', (byte)'/'];
        for (int length = 0; length <= 257; length++)
            for (int trial = 0; trial < 64; trial++)
            {
                var bytes = new byte[length];
                int mode = trial % 4;   // plain text above '-', one byte from near the threshold, many, anything ASCII
                for (int i = 0; i < length; i++)
                    bytes[i] = mode == 3 ? (byte)rng.Next(0x80) : (byte)rng.Next(0x2D, 0x80);
                if (mode == 1 && length > 0) bytes[rng.Next(length)] = near[rng.Next(near.Length)];
                if (mode == 2) for (int i = 0; i < length; i++) if (rng.Next(4) == 0) bytes[i] = near[rng.Next(near.Length)];
                bool expected = bytes.AsSpan().IndexOfAny(",\"\r\n"u8) >= 0;
                Assert.Equal(expected, CsvTableWriter.HasSpecial(bytes));
            }
    }

    [Fact]
    public void Writes_the_same_bytes_as_formatting_every_cell() => Tables.Sample(t =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"phylo-csv-{Guid.NewGuid():N}.csv");
        try
        {
            CsvTableWriter.Write(t, path);
            Assert.Equal(Encoding.UTF8.GetBytes(Plain(t)), File.ReadAllBytes(path));
        }
        finally { File.Delete(path); }
    }, iter: 300);

    [Fact]
    public void Text_longer_than_the_buffer_and_lone_surrogates_are_written_as_the_text_writer_did()
    {
        string big = new('é', 100_000), quoted = string.Concat(Enumerable.Repeat("a,\"b\"\n", 20_000));
        var t = new ResultTable("t").Add("s", [big, quoted, "x\uD800", "\uDC00y", "😀", null, "€" + big])
            .Add("n", [1, -2, int.MinValue, int.MaxValue, 0, 5, 6]);
        string path = Path.Combine(Path.GetTempPath(), $"phylo-csv-{Guid.NewGuid():N}.csv");
        try
        {
            CsvTableWriter.Write(t, path);
            Assert.Equal(Encoding.UTF8.GetBytes(Plain(t)), File.ReadAllBytes(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_table_many_times_the_buffer_is_the_same_bytes() => Gen.Select(Strings.Array[30_000], Gen.Int.Array[30_000], Doubles.Array[30_000],
        (s, i, d) => new ResultTable("t").Add("name", s).Add("n", i).Add("x", d)).Sample(t =>
    {
        var written = new MemoryStream();
        CsvTableWriter.WriteTo(t, written);
        Assert.Equal(Encoding.UTF8.GetBytes(Plain(t)), written.ToArray());
    }, iter: 3);
}
