using System.Globalization;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using CsvHelper.Configuration;
using nietras.SeparatedValues;
using Phylo.Ingest.Csv;

namespace Phylo.Bench;

/// <summary>
/// Phylo's CSV scanner against Sep 0.18.0 and CsvHelper 33.0.1 on the same file, each doing the whole reading job of
/// ingest: every record, every field unescaped (quotes removed, <c>""</c> undone). Phylo yields UTF-8 (what ingest
/// keeps); Sep and CsvHelper yield UTF-16 <c>char</c> spans/strings (what they offer). The file is
/// <see cref="CsvScannerBench.PublishedLikeCsv"/>: the published layout, list literals, multi-line cards with quotes.
/// MB/s = file MB / mean seconds.
/// </summary>
[MemoryDiagnoser]
public class CsvReadersBench
{
    private string _path = "";
    private byte[] _scratch = new byte[1 << 20];
    private Range[] _ranges = new Range[32];

    public int Megabytes { get; set; } = 256;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"phylo-csvreaders-{Megabytes}.csv");
        if (!File.Exists(_path)) File.WriteAllBytes(_path, CsvScannerBench.PublishedLikeCsv(Megabytes << 20, seed: 42));
        File.ReadAllBytes(_path); // in the page cache for every reader
    }

    private FileStream Open() => new(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Phylo: chunks of records, fields split, each decoded (unquoted, UTF-8 checked) once.</summary>
    [Benchmark(Baseline = true)]
    public long Phylo()
    {
        long bytes = 0;
        using var file = Open();
        using var reader = new CsvChunkReader(file, 4 << 20);
        while (reader.ReadChunk() is { } chunk)
        {
            for (int i = 0; i < chunk.RecordCount; i++)
            {
                ReadOnlySpan<byte> record = chunk.Record(i);
                int fields = CsvFields.Split(record, ref _ranges);
                for (int f = 0; f < fields; f++)
                {
                    ReadOnlySpan<byte> raw = record[_ranges[f]];
                    int max = CsvFields.MaxDecodedLength(raw.Length);
                    if (_scratch.Length < max) _scratch = new byte[max];
                    bytes += CsvFields.DecodeUtf8(raw, _scratch, out _);
                }
            }
            reader.Recycle(chunk);
        }
        return bytes;
    }

    /// <summary>Sep: rows and columns with <c>Unescape = true</c>, every column's span read.</summary>
    [Benchmark]
    public long Sep()
    {
        long chars = 0;
        using var reader = nietras.SeparatedValues.Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(Open());
        foreach (var row in reader)
            for (int c = 0; c < row.ColCount; c++) chars += row[c].Span.Length;
        return chars;
    }

    /// <summary>CsvHelper: the parser Phylo's scanner matches field for field (the test oracle), every field read.</summary>
    [Benchmark]
    public long CsvHelper()
    {
        long chars = 0;
        using var text = new StreamReader(Open());
        using var parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        while (parser.Read())
            for (int c = 0; c < parser.Count; c++) chars += parser[c].Length;
        return chars;
    }
}
