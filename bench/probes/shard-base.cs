#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// What a shard holds when its similarity stage starts, array by array (native-notes/sharding.md, "n = 4: the base"):
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/shard-base.cs -- <snapshot.phylo> <prepared.phylopart> <shard> <count>
// Runs the shard's steps up to the similarity stage exactly as `phylo analyze --shard` does (the internal ShardRun and
// ShardRunRows steps, called by reflection), then walks every object reachable from the ShardInput and lists the
// arrays of at least 64 KiB by field path (shared arrays counted once, at their first path), plus the live heap.
using System.Collections;
using System.Diagnostics;
using System.Reflection;
using Phylo.Analyses;
using Phylo.Run;

const double MiB = 1 << 20;
var proc = Process.GetCurrentProcess();
void Report(string step)
{
    long live = GC.GetTotalMemory(true);
    proc.Refresh();
    Console.WriteLine($"{step,-34} live {live / MiB,8:N0} MiB  rss {proc.WorkingSet64 / MiB,8:N0} MiB  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
var core = typeof(ShardRun).Assembly;
const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
int index = int.Parse(args[2]), count = int.Parse(args[3]);
var o = new AnalyzeOptions([args[0]], "/tmp/shard-base-probe");
var clock = new StageClock();
var obs = SilentObserver.Instance;
object loaded = typeof(ShardRun).GetMethod("LoadShard", Any)!.Invoke(null, [o, index, count, args[1], clock, obs]);
var shard = (ShardInput)loaded.GetType().GetField("Item1")!.GetValue(loaded)!;
loaded = null; // else the whole table stays reachable
Report("loaded");
foreach (IShardedAnalysis a in AnalysisPlan.Analyses)
{
    if (a.Name == "similarity") break;
    a.Compute(shard);
}
Report("before rows");
var keep = core.GetType("Phylo.Run.ShardRunRows")!.GetMethod("Keep", Any)!;
object[] call = [shard, clock, obs];
keep.Invoke(null, call);
shard = (ShardInput)call[0];
call = null;
Report("after rows (similarity starts)");

var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
var sizes = new Dictionary<string, long>();
long small = 0, strings = 0;
void Walk(object x, string path, int depth)
{
    if (x is null || depth > 12 || x is Type || x is Delegate || x is Pointer || !seen.Add(x)) return;
    var t = x.GetType();
    if (x is string s) { strings += 22 + 2L * s.Length; return; }
    if (t.IsArray)
    {
        var arr = (Array)x;
        var et = t.GetElementType()!;
        long bytes = et.IsValueType ? (long)System.Runtime.InteropServices.Marshal.SizeOf(et.IsEnum ? Enum.GetUnderlyingType(et) : et == typeof(bool) ? typeof(byte) : et) * arr.LongLength : 8L * arr.LongLength;
        if (et == typeof(bool)) bytes = arr.LongLength;
        if (bytes >= 64 << 10) sizes[path] = sizes.GetValueOrDefault(path) + bytes; else small += bytes;
        if (!et.IsValueType) { int i = 0; foreach (object e in arr) { Walk(e, path + "[]", depth + 1); if (++i > 50_000_000) break; } }
        else if (!et.IsPrimitive && !et.IsEnum) foreach (object e in arr) WalkFields(e, path + "[]", depth + 1);
        return;
    }
    if (t.IsGenericType && t.Name.StartsWith("ConditionalWeakTable", StringComparison.Ordinal)) // values held by handles
    {
        foreach (object kv in (IEnumerable)x) Walk(kv.GetType().GetProperty("Value")!.GetValue(kv), path + ".value", depth + 1);
        return;
    }
    if (x is IDictionary d && t.IsGenericType) // Dictionary<,>: ~24 B per entry + buckets, keys/values walked
    {
        sizes[path + " (entries)"] = sizes.GetValueOrDefault(path + " (entries)") + 28L * d.Count;
        foreach (DictionaryEntry e in d) { Walk(e.Key, path + ".key", depth + 1); Walk(e.Value, path + ".value", depth + 1); }
        return;
    }
    WalkFields(x, path, depth);
}
void WalkFields(object x, string path, int depth)
{
    for (var t = x.GetType(); t is not null && t != typeof(object); t = t.BaseType)
        foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        {
            if (f.FieldType.IsPointer) continue;
            object v = f.GetValue(x);
            string name = f.Name.StartsWith('<') ? f.Name[1..f.Name.IndexOf('>')] : f.Name;
            if (v is not null && !(f.FieldType.IsPrimitive || f.FieldType.IsEnum)) Walk(v, path + "." + name, depth + 1);
        }
}
Walk(shard, "shard", 0);
// What else is live: the statics of the engine (caches keyed by the table, graph or scope) and the shared array pools.
foreach (Type st in core.GetTypes())
{
    if (st.ContainsGenericParameters) continue;
    foreach (var f in st.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        if (!f.IsLiteral && !f.FieldType.IsPrimitive && f.GetCustomAttribute<ThreadStaticAttribute>() is null)
            try { Walk(f.GetValue(null), "static " + st.Name + "." + f.Name, 0); } catch (Exception) { }
}
foreach (object pool in new object[] { System.Buffers.ArrayPool<byte>.Shared, System.Buffers.ArrayPool<int>.Shared, System.Buffers.ArrayPool<long>.Shared,
    System.Buffers.ArrayPool<char>.Shared, System.Buffers.ArrayPool<uint>.Shared, System.Buffers.ArrayPool<float>.Shared, System.Buffers.ArrayPool<double>.Shared })
    Walk(pool, "pool " + pool.GetType().GenericTypeArguments[0].Name, 0);
long total = 0;
foreach (var (p, b) in sizes.OrderByDescending(kv => kv.Value)) { total += b; if (b >= 1 << 19) Console.WriteLine($"  {p,-70} {b / MiB,8:N1} MiB"); }
foreach (var g in sizes.GroupBy(kv => string.Join('.', kv.Key.Split('.').Take(3))).OrderByDescending(g => g.Sum(kv => kv.Value)))
    Console.WriteLine($"  by field: {g.Key,-60} {g.Sum(kv => kv.Value) / MiB,8:N1} MiB");
Console.WriteLine($"  {"arrays >= 64 KiB, total",-70} {total / MiB,8:N1} MiB");
Console.WriteLine($"  {"smaller arrays",-70} {small / MiB,8:N1} MiB");
Console.WriteLine($"  {"strings (22 B + 2 B/char)",-70} {strings / MiB,8:N1} MiB");
Console.WriteLine($"GC: {string.Join(", ", GC.GetGCMemoryInfo().GenerationInfo.ToArray().Select((g, i) => $"gen{i} {g.SizeAfterBytes / MiB:N0} MiB"))}");
GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
var info = GC.GetGCMemoryInfo();
Console.WriteLine($"after a compacting collection: heap {info.HeapSizeBytes / MiB:N0} MiB, fragmented {info.FragmentedBytes / MiB:N0} MiB, committed {info.TotalCommittedBytes / MiB:N0} MiB");
if (Environment.GetEnvironmentVariable("PROBE_WAIT") is { } wait) { Console.WriteLine($"pid {Environment.ProcessId}: waiting for a heap dump"); Thread.Sleep(int.Parse(wait) * 1000); }
GC.KeepAlive(shard);
