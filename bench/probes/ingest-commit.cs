#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AssemblyName=Phylo.Bench
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// The CSV ingest's commit thread alone: the file is parsed once into row batches (as the pipeline's workers make them, one per
// 4 MiB chunk, card features kept), then every round commits all of them into a fresh ModelTableBuilder sized by ExpectRows,
// as the pipeline's builder thread does (sized after the first 4 batches), and builds the table; then the id index alone, both
// ways: the ids added in row order to a fresh Dictionary<string, int> (main's index before ing33: the string hashed on this thread), and
// added to a fresh ModelIdIndex with the hashes the batches carry (what the builder does). Thread CPU, per round:
//   dotnet run -c Release bench/probes/ingest-commit.cs -- e300k.csv [rounds]
// The batches stay in memory (≈ 1 GB at 300k models): not for the full-scale file.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

Phylo.HugePages.AdviseGcHeap();
string path = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
var layout = FormatDetector.DetectInput(path).Layout;
var parser = new PublishedRowParser(layout);
var stage = new CardStage(CardKeep.Features);
var rejections = new List<Rejection>();
var batches = new List<RowBatch>();
using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
using (var reader = new CsvChunkReader(file))
{
    bool first = true;
    while (reader.ReadChunk() is { } chunk)
    {
        var batch = new RowBatch();
        parser.FillInto(batch);
        batch.Reserve(chunk.RecordCount);
        var mem = chunk.Buffer.AsMemory();
        for (int i = first ? 1 : 0; i < chunk.RecordCount; i++)
        {
            var r = parser.Parse(mem.Slice(chunk.Starts[i], chunk.Lengths[i]), path, chunk.Lines[i], rejections);
            if (r is null) continue;
            if (!stage.TryProcess(r, parser.LastCard, batch.Pieces)) stage.Process(r, parser.DecodeLastCard(), batch.Pieces);
            batch.Append(r);
        }
        first = false;
        batches.Add(batch);
        reader.Recycle(chunk);
    }
}
int rows = batches.Sum(b => b.Count);
string load0 = File.ReadAllText("/proc/loadavg").Split(' ')[0];
var commit = new List<double>();
var build = new List<double>();
var idIndex = new List<double>();
var hashedIndex = new List<double>();
for (int round = 0; round < rounds; round++)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var builder = new ModelTableBuilder(CardKeep.Features);
    long a = ThreadTicks();
    for (int k = 0; k < batches.Count; k++)
    {
        if (k == Math.Min(4, batches.Count - 1)) builder.ExpectRows(rows * 3 / 2); // as the pipeline: after 16 MiB of rows
        var b = batches[k];
        for (int i = 0; i < b.Count; i++) builder.Add(b, i);
    }
    long c = ThreadTicks();
    var table = builder.Build();
    long d = ThreadTicks();
    commit.Add((c - a) / 1e9);
    var ids = new Dictionary<string, int>(rows * 3 / 2, StringComparer.Ordinal);
    long e = ThreadTicks();
    foreach (var b in batches)
        for (int i = 0; i < b.Count; i++) ids.TryAdd(b.Ids[i], ids.Count);
    idIndex.Add((ThreadTicks() - e) / 1e9);
    var hashed = new ModelIdIndex(rows * 3 / 2);
    long f = ThreadTicks();
    foreach (var b in batches)
        for (int i = 0; i < b.Count; i++) hashed.TryAdd(b.Ids[i], b.IdHashes[i], out _);
    hashedIndex.Add((ThreadTicks() - f) / 1e9);
    build.Add((d - c) / 1e9);
    GC.KeepAlive(table);
}
static double Median(List<double> x) { var s = x.Order().ToList(); return s[s.Count / 2]; }
Console.WriteLine($"{Path.GetFileName(path)}: {rows:N0} rows in {batches.Count} batches; commit {string.Join(" ", commit.Select(x => x.ToString("F3")))} s "
    + $"(median {Median(commit):F3}), build median {Median(build):F3} s, id index alone median {Median(idIndex):F3} s (Dictionary) / {Median(hashedIndex):F3} s (given hashes); load {load0} → {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

// Thread CPU time (user + sys of this thread), nanoseconds.
static long ThreadTicks()
{
    Span<long> ts = stackalloc long[2];
    _ = clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, ref MemoryMarshal.GetReference(ts));
    return ts[0] * 1_000_000_000L + ts[1];
}

[DllImport("libc")] static extern int clock_gettime(int clock, ref long ts);
