using System.Text.Json;
using Phylo.Ingest.Csv;

namespace Phylo.Ingest.Formats;

/// <summary>Recognizes an input's layout from its first bytes: a snapshot's magic, a JSON document, JSON lines, or a CSV header.</summary>
public static class FormatDetector
{
    public static (InputFormat Format, CsvLayout? Layout) Detect(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        int n;
        try
        {
            using var fs = File.OpenRead(path);
            n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhyloInputException($"{path}: cannot read ({e.Message})", e);
        }
        var bytes = head[..n];
        if (Store.Snapshot.HasMagic(bytes)) return (InputFormat.Snapshot, null);
        if (bytes.StartsWith("\xEF\xBB\xBF"u8)) bytes = bytes[3..];
        bytes = bytes.TrimStart(" \t\r\n"u8);
        if (bytes.IsEmpty) throw new PhyloInputException($"{path}: empty file");
        if (bytes[0] == (byte)'{') return (IsGraphDocument(bytes) ? InputFormat.GraphJson : InputFormat.HubJsonl, null);
        return DetectCsv(path);
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

    private static (InputFormat, CsvLayout?) DetectCsv(string path)
    {
        using var fs = File.OpenRead(path);
        using var reader = new CsvChunkReader(fs, 1 << 16);
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
