#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Wall and CPU time of the featurize stage alone (GenomeFeatures.Build, single process), GC as the CLI runs it
// (Server, non-concurrent), plus a digest of every feature array so a speed change can be checked for exactness:
//   dotnet run -c Release bench/probes/featurize.cs -- <snapshot.phylo> [rounds] [threads]
// Full scale under the machine-wide lock: flock /tmp/fullscale.lock dotnet run ... -- /tmp/phylo-e2e/eco.phylo
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Phylo.Store;
using Phylo.Analyses.Similarity;

var proc = Process.GetCurrentProcess();
var table = Snapshot.Read(args[0]);
int rounds = args.Length > 1 ? int.Parse(args[1]) : 1, threads = args.Length > 2 ? int.Parse(args[2]) : -1;
Console.WriteLine($"gc server {System.Runtime.GCSettings.IsServerGC}, {table.Count:N0} models, load {File.ReadAllText("/proc/loadavg").Trim()}");
for (int round = 0; round < rounds; round++)
{
    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
    int gc0 = GC.CollectionCount(0), gc2 = GC.CollectionCount(2);
    long alloc0 = GC.GetTotalAllocatedBytes(true), faults0 = MinorFaults();
    proc.Refresh(); var cpu0 = proc.TotalProcessorTime; long rss0 = proc.WorkingSet64; var sw = Stopwatch.StartNew();
    GenomeFeatures f = GenomeFeatures.Build(table, threads);
    double wall = sw.Elapsed.TotalSeconds; proc.Refresh();
    var h = new XxHash64();
    foreach (var v in new[] { f.Card, f.Metadata })
    {
        h.Append(MemoryMarshal.AsBytes(v.RowOf.AsSpan())); h.Append(MemoryMarshal.AsBytes(v.Counts.Offsets.AsSpan()));
        h.Append(MemoryMarshal.AsBytes(v.Counts.Cols.AsSpan())); h.Append(MemoryMarshal.AsBytes(v.Counts.Counts.AsSpan()));
        h.Append(MemoryMarshal.AsBytes(v.TfIdfNorm.AsSpan())); h.Append(MemoryMarshal.AsBytes(v.TfIdfInverseNorm.AsSpan()));
        h.Append(MemoryMarshal.AsBytes(v.BowInverseNorm.AsSpan()));
        foreach (var t in v.Vocabulary.Terms) h.Append(t);
    }
    if (table.CardFeatures is { } cf) h.Append(MemoryMarshal.AsBytes(cf.Signatures.AsSpan())); // signatures now live in the table
    Console.WriteLine($"featurize wall {wall,6:F2} s  cpu {(proc.TotalProcessorTime - cpu0).TotalSeconds,6:F2} s  rss {rss0 >> 20} -> {proc.WorkingSet64 >> 20} MiB (peak {proc.PeakWorkingSet64 >> 20})  cards {f.Card.RowCount:N0}  digest {h.GetCurrentHashAsUInt64():x16}  allocated {(GC.GetTotalAllocatedBytes(true) - alloc0) >> 20} MiB  page faults {(MinorFaults() - faults0) / 1000:N0}k  gcs {GC.CollectionCount(0) - gc0} (gen2 {GC.CollectionCount(2) - gc2})  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
// Minor page faults of this process so far (/proc/self/stat field 10): first touches of fresh memory, a figure
// that does not depend on the machine's other load.
static long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]);
