using Phylo.Ingest.Csv;
using Phylo.Ingest.Formats;
using Phylo.Table;

namespace Phylo.Synth;

/// <summary>Reads a published-layout CSV field by field with Phylo's own scanner, for the converters to other file forms
/// (<see cref="ParquetForm"/>, <see cref="ArrowForm"/>): each field is what ingest reads from the CSV.</summary>
internal static class PublishedCsvRecords
{
    public delegate void FieldAction(int column, ReadOnlySpan<byte> utf8);

    /// <param name="header">Gets the column names (the unnamed index column as <c>Unnamed: 0</c>, as pandas names it).</param>
    /// <param name="field">Gets each field of a row, decoded (quotes undone).</param>
    /// <param name="endRow">Called after each row's last field.</param>
    public static async Task ForEachAsync(Stream csv, Func<string[], Task> header, FieldAction field, Func<Task> endRow)
    {
        using var reader = new CsvChunkReader(csv, 4 << 20);
        var ranges = new Range[32];
        byte[] scratch = new byte[1 << 16];
        int columns = -1;
        while (reader.ReadChunk() is { } chunk)
        {
            for (int i = 0; i < chunk.RecordCount; i++)
            {
                int n = CsvFields.Split(chunk.Record(i), ref ranges);
                if (columns < 0)
                {
                    var names = new string[n];
                    for (int c = 0; c < n; c++) names[c] = CsvFields.DecodeString(chunk.Record(i)[ranges[c]], out _).Trim();
                    if (CsvLayout.FromHeader(names) is not { Format: InputFormat.PublishedCsv })
                        throw new InvalidDataException("not the published CSV layout (model_id and modelCard/parent columns)");
                    for (int c = 0; c < n; c++) if (names[c].Length == 0) names[c] = "Unnamed: 0";
                    columns = n;
                    await header(names).ConfigureAwait(false);
                    continue;
                }
                if (n != columns) throw new InvalidDataException($"line {chunk.Lines[i]}: {n} fields, the header has {columns}");
                for (int c = 0; c < n; c++)
                {
                    var raw = chunk.Record(i)[ranges[c]];
                    int max = CsvFields.MaxDecodedLength(raw.Length);
                    if (scratch.Length < max) scratch = new byte[max * 2];
                    int len = CsvFields.DecodeUtf8(raw, scratch, out _);
                    field(c, scratch.AsSpan(0, len));
                }
                await endRow().ConfigureAwait(false);
            }
            reader.Recycle(chunk);
        }
        if (columns < 0) throw new InvalidDataException("empty CSV: no header");
    }
}
