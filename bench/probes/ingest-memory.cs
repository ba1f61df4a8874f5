#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AllowUnsafeBlocks=true
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Where an ingest's resident memory is (issue 18: a Parquet ingest peaked ~0.9 GiB above the CSV one at full scale): runs
// the ingest as `phylo ingest` does (Server GC, huge pages advised, card features and lineage bodies kept) and samples,
// every 100 ms, VmRSS/RssAnon, the GC's view (committed bytes, heap size, fragmentation, as of its last collection), the
// resident bytes inside the GC's address reservation (/proc/self/smaps, every 1 s: managed) and outside it (native,
// code, stacks), and glibc's malloc statistics (mallinfo2: bytes taken from the system, in use, free). Prints the sample
// at the RSS peak, the last one, and RSS after a full compacting GC and malloc_trim.
//   dotnet run -c Release bench/probes/ingest-memory.cs -- <input> [threads]
// Full scale under the machine-wide lock: flock /tmp/fullscale.lock dotnet run -c Release bench/probes/ingest-memory.cs -- eco.parquet
using System.Globalization;
using System.Runtime.InteropServices;
using Phylo.Table;
using Phylo.Ingest.Pipeline;

Phylo.HugePages.AdviseGcHeap();
int threads = args.Length > 1 ? int.Parse(args[1]) : 0;
string load0 = File.ReadAllText("/proc/loadavg").Trim();
var gcRange = GcRange();
var samples = new List<Sample>();
var done = new ManualResetEventSlim();
var start = DateTime.UtcNow;
var sampler = new Thread(() =>
{
    long lastSmaps = 0, managed = 0, native = 0;
    while (!done.Wait(100))
    {
        double t = (DateTime.UtcNow - start).TotalSeconds;
        if (t * 1000 - lastSmaps >= 1000) { (managed, native) = SmapsSplit(gcRange); lastSmaps = (long)(t * 1000); }
        var (rss, anon) = Status();
        var gc = GC.GetGCMemoryInfo();
        var m = MallInfo.mallinfo2();
        lock (samples) samples.Add(new Sample(t, rss, anon, managed, native, gc.TotalCommittedBytes >> 20, gc.HeapSizeBytes >> 20, gc.FragmentedBytes >> 20,
            (long)((m.arena + m.hblkhd) >> 20), (long)((m.uordblks + m.hblkhd) >> 20), (long)(m.fordblks >> 20), GC.CollectionCount(2),
            Gen(gc, 2), Gen(gc, 3)));
    }
}) { IsBackground = true };
sampler.Start();

var rejects = new RejectLog();
Ingestor ingestor = new Ingestor(new IngestOptions(threads, KeepCards: true) { KeepCardBodies = true }, rejects);
ingestor.Add(args[0]);
var table = ingestor.Build();
done.Set();
sampler.Join();
var (rssEnd, _) = Status();
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
var (rssGc, _) = Status();
var after = GC.GetGCMemoryInfo();
string live = $"heap {after.HeapSizeBytes >> 20} MiB (gen2 {Gen(after, 2)}, LOH {Gen(after, 3)}), committed {after.TotalCommittedBytes >> 20} MiB";
GC.KeepAlive(ingestor);
ingestor = null;
System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
var (rssGc2, _) = Status();
after = GC.GetGCMemoryInfo();
string table2 = $"heap {after.HeapSizeBytes >> 20} MiB (gen2 {Gen(after, 2)}, LOH {Gen(after, 3)}), committed {after.TotalCommittedBytes >> 20} MiB";
_ = MallInfo.malloc_trim(0);
var (rssTrim, _) = Status();
GC.KeepAlive(table);

Console.WriteLine($"{Path.GetFileName(args[0])}: {table.Count:N0} models, threads {(threads == 0 ? Environment.ProcessorCount : threads)}, load {load0} → {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("MiB:       t  VmRSS RssAnon gcRss nativeRss gcCommit gcHeap gcFrag mallocOs mallocUsed mallocFree  #gc2 gen2(size/frag) LOH(size/frag)");
var peak = samples.MaxBy(s => s.Rss);
Console.WriteLine($"peak  {peak}");
Console.WriteLine($"last  {samples[^1]}");
Console.WriteLine($"end of ingest VmRSS {rssEnd} MiB; after a compacting gen-2 GC {rssGc} MiB, {live}; "
    + $"the ingestor dropped and the LOH compacted too {rssGc2} MiB, {table2}; after malloc_trim {rssTrim} MiB");
if (Environment.GetEnvironmentVariable("PROBE_SERIES") is { } series)
    File.WriteAllLines(series, samples.Select(s => s.ToString()));

static string Gen(GCMemoryInfo gc, int g) =>
    $"{gc.GenerationInfo[g].SizeAfterBytes >> 20}/{gc.GenerationInfo[g].FragmentationAfterBytes >> 20}";

static (long Rss, long Anon) Status()
{
    long rss = 0, anon = 0;
    foreach (string l in File.ReadLines("/proc/self/status"))
    {
        if (l.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(l) >> 10;
        else if (l.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(l) >> 10;
    }
    return (rss, anon);
}

static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

static (long Start, long End) GcRange()
{
    var probe = GC.AllocateUninitializedArray<byte>(1 << 20);
    long at;
    unsafe { fixed (byte* p = probe) at = (long)p; }
    var r = Phylo.HugePages.ContiguousRange(File.ReadLines("/proc/self/maps"), at) ?? (0, 0);
    GC.KeepAlive(probe);
    return r;
}

// Resident MiB of the mappings inside the GC's reservation and of every other mapping.
static (long Managed, long Native) SmapsSplit((long Start, long End) gc)
{
    long managed = 0, native = 0, a = 0;
    foreach (string l in File.ReadLines("/proc/self/smaps"))
    {
        int dash = l.IndexOf('-'), space = l.IndexOf(' ');
        if (dash > 0 && space > dash && char.IsAsciiHexDigit(l[0]) && l.Length > 20 && !l.StartsWith("Rss", StringComparison.Ordinal))
        {
            if (long.TryParse(l.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long s)) a = s;
            continue;
        }
        if (!l.StartsWith("Rss:", StringComparison.Ordinal)) continue;
        long kb = Kb(l);
        if (a >= gc.Start && a < gc.End) managed += kb; else native += kb;
    }
    return (managed >> 10, native >> 10);
}

record Sample(double T, long Rss, long Anon, long GcRss, long NativeRss, long GcCommitted, long GcHeap, long GcFragmented,
    long MallocFromOs, long MallocInUse, long MallocFree, int Gen2, string Gen2Heap, string Loh)
{
    public override string ToString() =>
        $"{T,6:F1} {Rss,6} {Anon,7} {GcRss,5} {NativeRss,9} {GcCommitted,8} {GcHeap,6} {GcFragmented,6} {MallocFromOs,8} {MallocInUse,10} {MallocFree,10} {Gen2,5} {Gen2Heap,16} {Loh,14}";
}

static partial class MallInfo
{
    [StructLayout(LayoutKind.Sequential)]
    public struct Info { public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; }

    [LibraryImport("libc")] public static partial Info mallinfo2();
    [LibraryImport("libc")] public static partial int malloc_trim(nuint pad);
}
