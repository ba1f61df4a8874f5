#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// RSS over the similarity stage as the CLI runs it (SimilarityAnalysis.Run, server GC, huge pages advised), sampled
// every 100 ms with the stage's progress (featurize = the first half of the steps), to see where the peak lies:
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/similarity-rss-timeline.cs -- <snapshot.phylo | eco.csv> [--sampled]
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;

Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
static long Status(string key) { foreach (var l in File.ReadLines("/proc/self/status")) if (l.StartsWith(key)) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) >> 10; return 0; }
ModelTable table = Snapshot.Load(args[0]).Table;
FamilyGraph graph = FamilyGraphBuilder.Build(table);
long done = 0, total = 1;
var sw = Stopwatch.StartNew();
var options = new SimilarityOptions { Sampled = args.Contains("--sampled"), Progress = (d, t) => { Volatile.Write(ref done, d); Volatile.Write(ref total, t); } };
Console.WriteLine($"{table.Count:N0} models, live heap {GC.GetTotalMemory(true) >> 20} MiB, card features {(table.CardFeatures is null ? 0 : (table.CardFeatures.Genomes.TotalBytes + 4L * table.CardFeatures.Signatures.LongLength) >> 20)} MiB, mentions {table.CardFeatures?.Mentions is not null}, bodies {table.CardFeatures?.Bodies is not null}, start rss {Status("VmRSS:")} MiB, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
bool stop = false;
long lastPrinted = 0, lastPrintedRss = 0, hwm0 = Status("VmHWM:");
var sampler = new Thread(() =>
{
    long maxRss = 0;
    while (!Volatile.Read(ref stop))
    {
        long rss = Status("VmRSS:");
        if (rss > maxRss) maxRss = rss;
        if (sw.ElapsedMilliseconds - lastPrinted >= 300 || rss >= maxRss && rss > lastPrintedRss + 64)
        {
            Console.WriteLine($"{sw.Elapsed.TotalSeconds,7:F1} s  progress {100.0 * Volatile.Read(ref done) / Volatile.Read(ref total),5:F1} %  rss {rss,6} MiB  heap {GC.GetTotalMemory(false) >> 20,6} MiB  gen2 {GC.CollectionCount(2)}  allocated {GC.GetTotalAllocatedBytes(false) >> 20} MiB");
            lastPrinted = sw.ElapsedMilliseconds; lastPrintedRss = rss;
        }
        Thread.Sleep(100);
    }
}) { IsBackground = true };
sampler.Start();
var section = SimilarityAnalysis.Run(table, graph, options);
Volatile.Write(ref stop, true);
sampler.Join();
Console.WriteLine($"done in {sw.Elapsed.TotalSeconds:F1} s, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F2} s, VmHWM {Status("VmHWM:")} MiB (before the stage {hwm0}), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
GC.KeepAlive(section);
