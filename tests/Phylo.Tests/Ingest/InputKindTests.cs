using System.IO.Compression;
using System.Text;
using Phylo.Ingest.Formats;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Ingest;

/// <summary>Files are told apart by their first bytes; one Phylo does not read gets one line naming what it is and what
/// Phylo reads, never its bytes.</summary>
public class InputKindTests
{
    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        b[0] = 0x00; // a NUL: binary whatever the draw
        return b;
    }

    public static TheoryData<string, byte[], string> Refused => new()
    {
        { ".zip", [.. "PK\x03\x04\x14\x00\x08\x00"u8, .. RandomBytes(500, 1)], "ZIP archive" },
        { ".pdf", [.. "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8, .. RandomBytes(500, 2)], "PDF document" },
        { ".bin", RandomBytes(3000, 3), "unknown binary" },
        { ".csv", RandomBytes(3000, 4), "unknown binary" },
        { ".csv.gz", Gzip(RandomBytes(3000, 5)), "gzip-compressed file of unknown binary data" },
        { ".csv.gz", Gzip([.. "PK\x03\x04"u8, .. RandomBytes(100, 6)]), "gzip-compressed ZIP archive" },
        { ".csv.bz2", [.. "BZh91AY&SY"u8, .. RandomBytes(200, 7)], "bzip2" },
        { ".txt", Encoding.Unicode.GetBytes(",model_id,likes\n0,a/b,1\n"), "unknown binary" }, // UTF-16: NUL bytes
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_file_Phylo_does_not_read_is_refused_in_one_line_naming_its_kind(string ext, byte[] content, string kind)
    {
        string path = TestIngest.TempFile(content, ext);
        var e = Assert.Throws<PhyloInputException>(() => TestIngest.Run(path));
        Assert.StartsWith($"{path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(kind, e.Message, StringComparison.Ordinal);
        Assert.Contains(InputKinds.Accepted, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\uFFFD', e.Message);
        Assert.All(e.Message, c => Assert.True(c >= ' ' && c < 0x7F, $"non-printable or non-ASCII char U+{(int)c:X4} in the message"));
    }

    [Fact]
    public void The_CLI_prints_the_refusal_as_its_one_line_and_exits_2()
    {
        string path = TestIngest.TempFile(Gzip(RandomBytes(5000, 9)), ".csv.gz");
        var r = PhyloProcess.Run("analyze", path, "--out", Path.Combine(Path.GetTempPath(), "phylo-kind-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"phylo: {path}: a gzip-compressed file of unknown binary data, not an input Phylo reads; {InputKinds.Accepted}", line);
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, InputKind.Gzip)]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x04 }, InputKind.Zstd)]
    [InlineData(new byte[] { 0x50, 0x2A, 0x4D, 0x18, 0x04, 0, 0, 0 }, InputKind.Zstd)] // a skippable frame first
    [InlineData(new byte[] { (byte)'P', (byte)'A', (byte)'R', (byte)'1', 0x15, 0x04 }, InputKind.Parquet)]
    [InlineData(new byte[] { (byte)'A', (byte)'R', (byte)'R', (byte)'O', (byte)'W', (byte)'1', 0, 0 }, InputKind.Arrow)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0, 0, 0, 0x10, 0 }, InputKind.Arrow)]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 5, 6, 0, 0 }, InputKind.Zip)]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, InputKind.Xz)]
    public void Magic_bytes_name_the_kind(byte[] head, InputKind kind) => Assert.Equal(kind, InputKinds.Sniff(head));

    [Theory]
    [InlineData(",model_id,likes\n0,a/b,1\n")]
    [InlineData("\uFEFF{\"id\": \"a/b\"}\n")]
    [InlineData("model_id,card\nx,\"caf\u00e9 \u2014 \U0001F600\"\n")]
    public void Text_is_text(string content) => Assert.Equal(InputKind.Text, InputKinds.Sniff(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void A_stray_Latin1_byte_in_a_CSV_is_still_text_and_a_field_level_rejection()
    {
        byte[] csv = [.. Encoding.UTF8.GetBytes(new PublishedCsv().Row("org/a", card: "caf").ToString().TrimEnd('\n')), 0xE9, (byte)'\n'];
        Assert.Equal(InputKind.Text, InputKinds.Sniff(csv));
    }

    [Fact]
    public void The_magic_decides_not_the_name()
    {
        byte[] csv = Encoding.UTF8.GetBytes(new PublishedCsv().Row("org/a").Row("org/b").ToString());
        var plainNamedGz = TestIngest.Run(TestIngest.TempFile(csv, ".csv.gz"));
        var gzipNamedCsv = TestIngest.Run(TestIngest.TempFile(Gzip(csv), ".csv"));
        Assert.Equal(["org/a", "org/b"], plainNamedGz.Table.Ids);
        Assert.Equal(["org/a", "org/b"], gzipNamedCsv.Table.Ids);
    }
}
