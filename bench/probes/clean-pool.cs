#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// The metadata-clean genome's pool (MetadataCleanGenome.Rendered: every model's genome rendered once), N times in one
// process on a fresh genome each time: wall, process CPU and a digest of the pool's bytes.
//   dotnet run -c Release bench/probes/clean-pool.cs -- <snapshot.phylo> [--reps N]
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
using Phylo.Analyses.Similarity;

int reps = args.Contains("--reps") ? int.Parse(args[Array.IndexOf(args, "--reps") + 1]) : 5;
Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
ModelTable table = Snapshot.Load(args[0]).Table;
var proc = Process.GetCurrentProcess();
for (int rep = 0; rep < reps; rep++)
{
    var clean = new MetadataCleanGenome(table);
    GC.Collect(2, GCCollectionMode.Forced, true, true);
    proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
    ITextCorpus pool = clean.Rendered;
    proc.Refresh();
    double wall = sw.Elapsed.TotalSeconds, cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
    ulong digest = 14695981039346656037UL; long bytes = 0;
    for (int m = 0; m < pool.Count; m++) { ReadOnlySpan<byte> t = pool[m]; bytes += t.Length; digest = (digest ^ System.IO.Hashing.XxHash3.HashToUInt64(t)) * 1099511628211UL; }
    Console.WriteLine($"rep {rep}: pool wall {wall:F3} cpu {cpu:F3} | {pool.Count} genomes, {bytes:N0} bytes, digest {digest:x16} | load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
