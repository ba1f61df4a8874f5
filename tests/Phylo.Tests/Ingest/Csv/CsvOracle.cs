using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Phylo.Ingest.Csv;
using Phylo.Kernels;

namespace Phylo.Tests.Ingest.Csv;

/// <summary>One record as a reader saw it: decoded fields and the line it starts on.</summary>
internal sealed record ScannedRecord(string[] Fields, long Line);

/// <summary>
/// CsvHelper 33 (the oracle) and Phylo's scanner over the same bytes, and the comparison of the two.
/// CsvHelper reads through a StreamReader, which drops a UTF-8 BOM and replaces invalid UTF-8 with U+FFFD.
/// </summary>
internal static class CsvOracle
{
    public static List<ScannedRecord> CsvHelperRecords(byte[] data)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null };
        using var text = new StreamReader(new MemoryStream(data), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(text, config);
        var records = new List<ScannedRecord>();
        // RawRow is the line the record ends on (line breaks inside it already counted); the start line
        // is recovered from the record's own breaks once the records are known to match.
        while (parser.Read()) records.Add(new ScannedRecord(parser.Record!, parser.RawRow));
        return records;
    }

    /// <summary>Every record through <see cref="CsvChunkReader"/> and <see cref="CsvFields"/>.</summary>
    public static (List<ScannedRecord> Records, List<byte[]> Raw, bool EndedInsideQuotes) PhyloRecords(
        byte[] data, SimdLevel level, int chunkBytes, int maxRead = int.MaxValue)
    {
        var records = new List<ScannedRecord>();
        var raw = new List<byte[]>();
        var ranges = new Range[4];
        using var stream = new TrickleStream(data, maxRead);
        using var reader = new CsvChunkReader(stream, chunkBytes, level);
        long sequence = 0;
        while (reader.ReadChunk() is { } chunk)
        {
            Assert.Equal(sequence++, chunk.Sequence);
            Assert.True(chunk.RecordCount > 0);
            for (int i = 0; i < chunk.RecordCount; i++)
            {
                var record = chunk.Record(i);
                int n = CsvFields.Split(record, ref ranges, level);
                var fields = new string[n];
                for (int f = 0; f < n; f++) fields[f] = CsvFields.DecodeString(record[ranges[f]], out _);
                records.Add(new ScannedRecord(fields, chunk.Lines[i]));
                raw.Add(record.ToArray());
            }
            reader.Recycle(chunk);
        }
        Assert.Equal(data.Length, reader.BytesRead);
        return (records, raw, reader.EndedInsideQuotes);
    }

    /// <summary>Asserts Phylo reads <paramref name="data"/> exactly as CsvHelper does: every field and start line.</summary>
    public static void AssertSame(byte[] data, SimdLevel level, int chunkBytes, int maxRead = int.MaxValue, string name = "") =>
        AssertSame(data, CsvHelperRecords(data), level, chunkBytes, maxRead, name);

    /// <summary>As above, against records CsvHelper already produced for <paramref name="data"/>.</summary>
    public static void AssertSame(byte[] data, List<ScannedRecord> expected, SimdLevel level, int chunkBytes, int maxRead = int.MaxValue, string name = "")
    {
        var (actual, raw, _) = PhyloRecords(data, level, chunkBytes, maxRead);
        string where = $"{name} level={level} chunk={chunkBytes}";
        Assert.True(expected.Count == actual.Count, $"{where}: {actual.Count} records, CsvHelper {expected.Count}");
        for (int r = 0; r < expected.Count; r++)
        {
            if (!expected[r].Fields.SequenceEqual(actual[r].Fields))
                Assert.Fail($"{where} record {r}: [{Show(actual[r].Fields)}] vs CsvHelper [{Show(expected[r].Fields)}]");
            long startLine = expected[r].Line - LineBreaks(raw[r]);
            Assert.True(startLine == actual[r].Line, $"{where} record {r}: line {actual[r].Line}, CsvHelper {startLine}");
        }
    }

    /// <summary>\r, \r\n and \n each break a line (CsvHelper's RawRow counting).</summary>
    public static long LineBreaks(ReadOnlySpan<byte> bytes)
    {
        long n = 0;
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] == '\r' || (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'))) n++;
        return n;
    }

    private static string Show(string[] fields) =>
        string.Join("|", fields.Select(f => f.Length > 60 ? f[..60] + $"…({f.Length})" : f)).Replace("\r", "\\r").Replace("\n", "\\n");
}

/// <summary>A read-only in-memory stream that returns at most <c>maxRead</c> bytes per Read (short reads).</summary>
internal sealed class TrickleStream(byte[] data, int maxRead) : Stream
{
    private int _pos;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _pos; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, maxRead), data.Length - _pos);
        Array.Copy(data, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
