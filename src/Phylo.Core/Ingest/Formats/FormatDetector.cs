using System.Text.Json;
using Phylo.Ingest.Csv;
using Phylo.Table;

namespace Phylo.Ingest.Formats;

/// <summary>An input once recognized: its layout, and the compression its bytes are wrapped in
/// (<see cref="InputKind.Text"/> when none).</summary>
public sealed record DetectedInput(InputFormat Format, CsvLayout? Layout, InputKind Compression)
{
    public bool IsCompressed => Compression != InputKind.Text;

    /// <summary>One line for the log.</summary>
    public string Describe()
    {
        string layout = Layout?.Describe() ?? Format.Describe();
        return IsCompressed ? $"{Compression.Name()}-compressed {layout}" : layout;
    }
}

/// <summary>
/// Recognizes an input from its first bytes: the kind of file by its magic bytes (a snapshot, Parquet, Arrow IPC, gzip,
/// zstd, or something Phylo refuses by name: ZIP, PDF, …), then for text — also inside gzip or zstd — its layout: a JSON
/// document, JSON lines, or a CSV header. The magic decides, not the file name: a <c>.csv.gz</c> that is plain text is read
/// as text, a <c>.csv</c> that is gzip is decompressed.
/// </summary>
public static class FormatDetector
{
    /// <summary>Bytes of (decompressed) content looked at: the CSV header and the first JSON property fit in it.</summary>
    private const int HeadBytes = 1 << 16;

    public static (InputFormat Format, CsvLayout? Layout) Detect(string path)
    {
        var d = DetectInput(path);
        return (d.Format, d.Layout);
    }

    public static DetectedInput DetectInput(string path)
    {
        byte[] head = ReadHead(path, s => s);
        var kind = InputKinds.Sniff(head.AsSpan(0, Math.Min(head.Length, 4096)));
        switch (kind)
        {
            case InputKind.Snapshot: return new(InputFormat.Snapshot, null, InputKind.Text);
            case InputKind.Parquet: return new(InputFormat.PublishedParquet, null, InputKind.Text);
            case InputKind.Arrow: return new(InputFormat.PublishedArrow, null, InputKind.Text);
            case InputKind.Text:
                {
                    var (format, layout) = DetectText(path, head);
                    return new(format, layout, InputKind.Text);
                }
            case InputKind.Gzip or InputKind.Zstd:
                {
                    byte[] inner = ReadHead(path, s => Compressed.Decoders.Open(s, kind), lenient: true);
                    if (inner.Length == 0) throw new PhyloInputException($"{path}: the {kind.Name()} stream holds no content (empty, cut short or damaged)");
                    var innerKind = InputKinds.Sniff(inner.AsSpan(0, Math.Min(inner.Length, 4096)));
                    if (innerKind != InputKind.Text) throw new PhyloInputException($"{path}: {InputKinds.Refusal(innerKind, kind)}");
                    var (format, layout) = DetectText(path, inner);
                    if (format == InputFormat.Snapshot) throw new PhyloInputException($"{path}: {InputKinds.Refusal(InputKind.Snapshot, kind)}");
                    return new(format, layout, kind);
                }
            default:
                throw new PhyloInputException($"{path}: {InputKinds.Refusal(kind)}");
        }
    }

    /// <summary>Up to <see cref="HeadBytes"/> of the file's content through <paramref name="open"/>; with
    /// <paramref name="lenient"/>, a decoder error after some content keeps what came before it.</summary>
    private static byte[] ReadHead(string path, Func<Stream, Stream> open, bool lenient = false)
    {
        var buffer = new byte[HeadBytes];
        int n = 0;
        try
        {
            using var fs = File.OpenRead(path);
            using var s = open(fs);
            try
            {
                while (n < buffer.Length)
                {
                    int got = s.Read(buffer, n, buffer.Length - n);
                    if (got == 0) break;
                    n += got;
                }
            }
            catch (Exception e) when (lenient && Compressed.Decoders.IsDamage(e))
            {
                // a stream damaged or cut within its first bytes: detect from what decoded; the ingest reports the cut
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhyloInputException($"{path}: cannot read ({e.Message})", e);
        }
        return buffer.AsSpan(0, n).ToArray();
    }

    private static (InputFormat, CsvLayout?) DetectText(string path, byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith("\xEF\xBB\xBF"u8)) bytes = bytes[3..];
        bytes = bytes.TrimStart(" \t\r\n"u8);
        if (bytes.IsEmpty) throw new PhyloInputException($"{path}: empty file");
        if (bytes[0] == (byte)'{') return (IsGraphDocument(bytes) ? InputFormat.GraphJson : InputFormat.HubJsonl, null);
        return DetectCsv(path, content);
    }

    /// <summary>A graph document's first property is nodes, edges or metadata; a JSON line's is a model field.</summary>
    private static bool IsGraphDocument(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return false;
            return reader.ValueTextEquals("nodes"u8) || reader.ValueTextEquals("edges"u8) || reader.ValueTextEquals("metadata"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (InputFormat, CsvLayout?) DetectCsv(string path, byte[] content)
    {
        using var ms = new MemoryStream(content, writable: false);
        using var reader = new CsvChunkReader(ms, 1 << 16);
        var chunk = reader.ReadChunk();
        if (chunk is null || chunk.RecordCount == 0) throw new PhyloInputException($"{path}: empty file");
        var record = chunk.Buffer.AsSpan(chunk.Starts[0], chunk.Lengths[0]);
        var ranges = new Range[32];
        int count = CsvFields.Split(record, ref ranges);
        var header = new List<string>(count);
        for (int i = 0; i < count; i++) header.Add(CsvFields.DecodeString(record[ranges[i]], out _));
        var layout = CsvLayout.FromHeader(header);
        if (layout is null)
        {
            string shown = string.Join(",", header.Take(8));
            throw new PhyloInputException($"{path}:1: unknown layout (header starts '{Excerpt.Of(System.Text.Encoding.UTF8.GetBytes(shown))}'; expected model_id with modelCard/parent columns, or model_id with metadata)");
        }
        return (layout.Format, layout);
    }
}
