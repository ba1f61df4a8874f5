#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AssemblyName=Phylo.Bench
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Where the CSV ingest stage's CPU goes: the stage's parts run one after the other on ONE thread over the same file (the
// work the pipeline spreads over a reader, N workers and the builder), each part timed on its own with the thread's
// clock, plus the process's minor page faults and user/sys split (/proc/self/stat):
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/ingest-parts.cs -- eco.csv
// Parts: read (stream reads into the chunk buffers), records (record boundaries), parse (fields split, decoded, numbers,
// dates, list literals → strings), cards (CardStage: facts, genome, MinHash, term counts), batch (RowBatch.Append: per-batch
// interning), commit (ModelTableBuilder.Add), build (ModelTableBuilder.Build). Since ing30 the parser adds the list columns'
// items to the batch itself, by their UTF-8, as the pipeline's does (that interning is in "parse" now); PHYLO_PROBE_LISTS=strings
// keeps them on the string path (parsed to strings, interned by RowBatch.Append) for an A/B in one build.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

Phylo.HugePages.AdviseGcHeap();
string path = args[0];
string load0 = File.ReadAllText("/proc/loadavg").Trim();
var (layout, _) = (FormatDetector.DetectInput(path).Layout, 0);
var parser = new PublishedRowParser(layout);
var stage = new CardStage(CardKeep.Features);
var builder = new ModelTableBuilder(CardKeep.Features);
var batch = new RowBatch();
if (Environment.GetEnvironmentVariable("PHYLO_PROBE_LISTS") != "strings") parser.FillInto(batch);
var rejections = new List<Rejection>();
long[] ticks = new long[7];
string[] names = ["read", "records", "parse", "cards", "batch", "commit", "build"];
var (u0, s0, f0) = Stat();
var wall = Stopwatch.StartNew();
using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
var timed = new TimedStream(file);
using var reader = new CsvChunkReader(timed);
bool first = true;
long rows = 0;
while (true)
{
    long t0 = ThreadTicks(), r0 = timed.Ticks;
    var chunk = reader.ReadChunk();
    long t1 = ThreadTicks();
    ticks[0] += timed.Ticks - r0;
    ticks[1] += t1 - t0 - (timed.Ticks - r0);
    if (chunk is null) break;
    var mem = chunk.Buffer.AsMemory();
    batch.Reserve(chunk.RecordCount);
    for (int i = first ? 1 : 0; i < chunk.RecordCount; i++)
    {
        long a = ThreadTicks();
        var r = parser.Parse(mem.Slice(chunk.Starts[i], chunk.Lengths[i]), path, chunk.Lines[i], rejections);
        long b = ThreadTicks();
        ticks[2] += b - a;
        if (r is null) continue;
        if (!stage.TryProcess(r, parser.LastCard, batch.Pieces)) stage.Process(r, parser.DecodeLastCard(), batch.Pieces);
        long c = ThreadTicks();
        ticks[3] += c - b;
        batch.Append(r);
        ticks[4] += ThreadTicks() - c;
    }
    first = false;
    long d = ThreadTicks();
    for (int i = 0; i < batch.Count; i++) builder.Add(batch, i);
    batch.Clear();
    ticks[5] += ThreadTicks() - d;
    rows += chunk.RecordCount;
    reader.Recycle(chunk);
}
builder.Absorb(stage);
long e = ThreadTicks();
var table = builder.Build();
ticks[6] += ThreadTicks() - e;
double w = wall.Elapsed.TotalSeconds;
var (u1, s1, f1) = Stat();
double total = ticks.Sum() / 1e9;
Console.WriteLine($"{Path.GetFileName(path)}: {new FileInfo(path).Length / 1e9:F2} GB, {table.Count:N0} models; one thread, wall {w:F1} s, "
    + $"process user {u1 - u0:F1} s sys {s1 - s0:F1} s, minor faults {f1 - f0:N0}; load {load0} → {File.ReadAllText("/proc/loadavg").Trim()}");
for (int i = 0; i < ticks.Length; i++)
    Console.WriteLine($"  {names[i],-8} {ticks[i] / 1e9,6:F2} s  {100.0 * ticks[i] / 1e9 / total,5:F1} %");
Console.WriteLine($"  {"sum",-8} {total,6:F2} s  ({new FileInfo(path).Length / 1e9 / total:F2} GB/s on one thread)");

// Thread CPU time (user + sys of this thread), nanoseconds.
static long ThreadTicks()
{
    Span<long> ts = stackalloc long[2];
    _ = clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, ref MemoryMarshal.GetReference(ts));
    return ts[0] * 1_000_000_000L + ts[1];
}

static (double User, double Sys, long MinorFaults) Stat()
{
    string s = File.ReadAllText("/proc/self/stat");
    var f = s[(s.LastIndexOf(')') + 2)..].Split(' ');
    double hz = 100.0;
    return (long.Parse(f[11]) / hz, long.Parse(f[12]) / hz, long.Parse(f[7]));
}

[DllImport("libc")] static extern int clock_gettime(int clock, ref long ts);

/// <summary>A stream that times its own reads with the thread's clock.</summary>
sealed class TimedStream(Stream inner) : Stream
{
    public long Ticks;
    public override int Read(byte[] buffer, int offset, int count)
    {
        long a = T();
        int n = inner.Read(buffer, offset, count);
        Ticks += T() - a;
        return n;
    }
    static long T()
    {
        Span<long> ts = stackalloc long[2];
        _ = clock_gettime(3, ref MemoryMarshal.GetReference(ts));
        return ts[0] * 1_000_000_000L + ts[1];
    }
    [DllImport("libc")] static extern int clock_gettime(int clock, ref long ts);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
    public override void SetLength(long v) => throw new NotSupportedException();
    public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
}
