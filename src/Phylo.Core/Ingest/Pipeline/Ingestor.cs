using System.Threading.Channels;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Formats;
using Phylo.Table;

namespace Phylo.Ingest.Pipeline;

/// <summary>
/// Streams input files into one <see cref="ModelTable"/>: a reader finds record boundaries and hands chunks
/// through a bounded channel to N parser workers; the table builder consumes their batches strictly in
/// sequence order, so the table (and every rejection's position in the log) is the same for any worker count.
/// </summary>
public sealed partial class Ingestor(IngestOptions options, RejectLog rejects, IProgress<IngestProgress>? progress = null, Action<string>? log = null)
{
    private readonly ModelTableBuilder _builder = new(options.Keep);
    private readonly List<InputSummary> _inputs = [];
    private (ModelTable Table, string Path)? _whole; // a snapshot read first: used as is unless another input follows

    public IReadOnlyList<InputSummary> Inputs => _inputs;

    /// <summary>Reads one file (any supported layout, plain or compressed) into the table being built.</summary>
    public void Add(string path, CancellationToken ct = default)
    {
        if (!File.Exists(path)) throw new PhyloInputException($"{path}: no such file");
        long bytes = new FileInfo(path).Length;
        var input = FormatDetector.DetectInput(path);
        var format = input.Format;
        string layout = input.Describe();
        log?.Invoke($"{path}: {layout}");
        if (format == InputFormat.Snapshot) { AddSnapshot(path, bytes); return; }
        ReplayWhole();
        long before = _builder.Count, records;
        switch (format)
        {
            case InputFormat.GraphJson:
                using (var content = OpenContent(path, input)) records = GraphJsonReader.Read(path, content, _builder, rejects);
                break;
            case InputFormat.PublishedParquet:
                records = RunColumnar(path, bytes, () => new Columnar.ParquetGroups(path), "Parquet", ct);
                break;
            case InputFormat.PublishedArrow:
                records = RunArrow(path, bytes, ct);
                break;
            case InputFormat.HubJsonl:
                records = RunText(path, input, bytes, s => new LineChunkReader(s, options.ChunkBytes), () => new JsonlRowParser(), skipHeader: false, ct);
                break;
            default:
                var l = input.Layout!;
                IRowParser NewParser() => l.Format == InputFormat.PublishedCsv ? new PublishedRowParser(l) : new CrawlRowParser(l);
                records = RunText(path, input, bytes, s => new CsvReaderAdapter(new CsvChunkReader(s, options.ChunkBytes)), NewParser, skipHeader: true, ct);
                break;
        }
        _inputs.Add(new InputSummary(path, format, layout, bytes, records, _builder.Count - before));
    }

    /// <summary>The file's content: the file itself, or its gzip/zstd content decompressed on a producer thread.</summary>
    private static Stream OpenContent(string path, DetectedInput input) =>
        input.IsCompressed ? new Compressed.DecompressingStream(OpenSequential(path), input.Compression) : OpenSequential(path);

    /// <summary>A text layout read through the chunked pipeline; a compressed stream cut short keeps the records before the
    /// cut and adds one <c>truncated</c> rejection where it fell (the cut record itself, or the line after the last whole one).</summary>
    private long RunText(string path, DetectedInput input, long bytes, Func<Stream, IChunkSource> open, Func<IRowParser> newParser, bool skipHeader, CancellationToken ct)
    {
        var content = OpenContent(path, input);
        var decompressed = content as Compressed.DecompressingStream;
        bool cutMidRecord = false;
        string? LastRecordReason(IChunkSource source)
        {
            if (decompressed?.Truncation is not null && decompressed.Delivered > 0 && decompressed.LastByte is not ((byte)'\n' or (byte)'\r'))
            {
                cutMidRecord = true;
                return RejectReasons.Truncated;
            }
            return source.EndedInsideQuotes ? RejectReasons.UnbalancedQuote : null;
        }
        long records = RunChunked(path, content, bytes, open, newParser, skipHeader, LastRecordReason,
            decompressed is null ? null : () => decompressed.CompressedRead, ct);
        if (decompressed?.Truncation is { } cut)
        {
            log?.Invoke($"{path}: {cut}; the {records:N0} records before the cut are read");
            if (!cutMidRecord) rejects.Add(new Rejection(path, decompressed.Newlines + 1, RejectReasons.Truncated, cut));
        }
        return records;
    }

    public ModelTable Build()
    {
        if (_whole is { Table.Count: > 0 } whole) return whole.Table;
        if (_builder.Count == 0)
            throw new PhyloInputException(_inputs.Count == 0 ? "no input files" : $"{string.Join(", ", _inputs.Select(i => i.Path))}: no usable model rows");
        return _builder.Build();
    }

    /// <summary>A snapshot's recorded rejections and inputs are replayed, so the run reports what ingesting its
    /// original files reported; its table is kept whole when it is the first input, else replayed row by row.</summary>
    private void AddSnapshot(string path, long bytes)
    {
        ReplayWhole();
        var (table, provenance) = Store.Snapshot.Load(path, options.WorkerCount, options.Keep,
            (done, total) => progress?.Report(new IngestProgress(path, bytes * done / total, bytes, _builder.Count)), genomes: !options.GenomesLater);
        progress?.Report(new IngestProgress(path, bytes, bytes, _builder.Count + table.Count));
        foreach (var r in provenance?.Rejections ?? []) rejects.Add(r);
        IReadOnlyList<InputSummary> inputs = provenance?.Inputs ?? [new InputSummary(path, InputFormat.Snapshot, InputFormat.Snapshot.Describe(), bytes, table.Count, table.Count)];
        if (_builder.Count == 0) _whole = (table, path);
        else inputs = Store.SnapshotReplay.Into(_builder, table, path, rejects, inputs);
        _inputs.AddRange(inputs);
    }

    private void ReplayWhole()
    {
        if (_whole is not { } whole) return;
        _whole = null;
        Store.SnapshotReplay.Into(_builder, whole.Table, whole.Path, rejects, []);
    }

    /// <param name="LastRecordReason">Why the chunk's last record is rejected unread (it never ended: an open quote at end of
    /// file, or a cut stream), or null.</param>
    private sealed record WorkItem(CsvChunk Chunk, int FirstRecord, string? LastRecordReason);

    /// <summary>A work item's parsed rows (in the batch's columnar form, strings interned per batch), its rejections, and
    /// how many records it covered.</summary>
    internal sealed record ParsedBatch(long Sequence, RowBatch Rows, List<Rejection> Rejections, long RecordCount)
    {
        /// <summary>Input bytes the batch's records span (0 where the reader does not know): sizes the table's columns.</summary>
        public long InputBytes { get; init; }
    }

    // Committed batches, reused by the workers with every buffer they grew: fresh ones grew 64 KiB–1 MiB card-piece buffers
    // per batch on the large-object heap, garbage that only a gen-2 collection gives back (≈ 280 MiB of it held at once at
    // 200k models, CardMemoryTests), and column arrays and vocabularies per batch.
    private readonly System.Collections.Concurrent.ConcurrentBag<RowBatch> _batches = [];

    private static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Reads <paramref name="file"/> (disposed here) front to back: the chunkers never seek, so any stream of
    /// bytes works, e.g. a decompressing one; <paramref name="totalBytes"/> only scales the progress.</summary>
    private long RunChunked(string path, Stream file, long totalBytes, Func<Stream, IChunkSource> open, Func<IRowParser> newParser, bool skipHeader,
        Func<IChunkSource, string?> lastRecordReason, Func<long>? progressBytes, CancellationToken outer)
    {
        long bytesRead = 0;
        using var source = open(file);
        try
        {
            async Task Produce(ChannelWriter<WorkItem> work, CancellationToken ct)
            {
                CsvChunk? held = null;
                bool first = true;
                while (source.ReadChunk() is { } chunk)
                {
                    Volatile.Write(ref bytesRead, progressBytes?.Invoke() ?? source.BytesRead);
                    if (held is not null) await work.WriteAsync(new WorkItem(held, FirstOf(held, ref first), null), ct);
                    held = chunk;
                }
                if (held is not null) await work.WriteAsync(new WorkItem(held, FirstOf(held, ref first), lastRecordReason(source)), ct);
            }
            int FirstOf(CsvChunk c, ref bool first)
            {
                if (!first || !skipHeader) return 0;
                first = false;
                return c.RecordCount > 0 ? 1 : 0;
            }
            return RunOrdered<WorkItem>(path, totalBytes, Produce, () => new ChunkWorker(newParser(), source, path), () => Volatile.Read(ref bytesRead), outer);
        }
        finally
        {
            file.Dispose();
        }
    }

    /// <summary>One parser worker of the chunked pipeline.</summary>
    private sealed class ChunkWorker(IRowParser parser, IChunkSource source, string path) : IBatchWorker<WorkItem>
    {
        public IEnumerable<ParsedBatch> Parse(WorkItem item, CardStage stage, Func<RowBatch> take)
        {
            var batch = Ingestor.Parse(item, parser, stage, path, take());
            source.Recycle(item.Chunk); // the batch owns copies of what it keeps
            return [batch];
        }

        public void Dispose() { }
    }

    private void Commit(ParsedBatch b)
    {
        // Rejections of a batch come first within the batch only by line order: merge both lists by line.
        int ri = 0;
        var rows = b.Rows;
        for (int i = 0; i < rows.Count; i++)
        {
            while (ri < b.Rejections.Count && b.Rejections[ri].Line <= rows.Lines[i]) rejects.Add(b.Rejections[ri++]);
            if (_builder.Add(rows, i) is { } dup) rejects.Add(dup);
        }
        while (ri < b.Rejections.Count) rejects.Add(b.Rejections[ri++]);
        rows.Clear(); // the builder copied what the rows pointed at
        _batches.Add(rows);
    }

    /// <summary>A cleared batch for a worker: a committed one when there is one.</summary>
    private RowBatch TakeBatch() => _batches.TryTake(out var reused) ? reused : new RowBatch();

    private static ParsedBatch Parse(WorkItem item, IRowParser parser, CardStage stage, string path, RowBatch rows)
    {
        var c = item.Chunk;
        var rejections = new List<Rejection>();
        rows.Reserve(c.RecordCount - item.FirstRecord);
        parser.FillInto(rows);
        var memory = c.Buffer.AsMemory();
        for (int i = item.FirstRecord; i < c.RecordCount; i++)
        {
            var rec = memory.Slice(c.Starts[i], c.Lengths[i]);
            if (item.LastRecordReason is { } reason && i == c.RecordCount - 1)
            {
                rejections.Add(new Rejection(path, c.Lines[i], reason, Excerpt.Of(rec.Span)));
                continue;
            }
            var r = parser.Parse(rec, path, c.Lines[i], rejections);
            if (r is null) continue;
            if (!stage.TryProcess(r, parser.LastCard, rows.Pieces)) // the card read once, in place; only its pieces outlive this call
                stage.Process(r, parser.DecodeLastCard(), rows.Pieces);
            rows.Append(r); // the parser reuses r for the next row
        }
        long bytes = c.RecordCount > item.FirstRecord ? c.Starts[c.RecordCount - 1] + c.Lengths[c.RecordCount - 1] - c.Starts[item.FirstRecord] : 0;
        return new ParsedBatch(c.Sequence, rows, rejections, c.RecordCount - item.FirstRecord) { InputBytes = bytes };
    }
}

/// <summary>What the pipeline's reader stage needs from a format's chunker.</summary>
internal interface IChunkSource : IDisposable
{
    CsvChunk? ReadChunk();
    /// <summary>Hands a fully parsed chunk back for buffer reuse (thread-safe).</summary>
    void Recycle(CsvChunk chunk);
    bool EndedInsideQuotes { get; }
    long BytesRead { get; }
}

internal sealed class CsvReaderAdapter(CsvChunkReader inner) : IChunkSource
{
    public CsvChunk? ReadChunk() => inner.ReadChunk();
    public void Recycle(CsvChunk chunk) => inner.Recycle(chunk);
    public bool EndedInsideQuotes => inner.EndedInsideQuotes;
    public long BytesRead => inner.BytesRead;
    public void Dispose() => inner.Dispose();
}
