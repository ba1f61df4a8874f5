#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Pass 1 of the metadata and metadata-clean fits (CountRows.Candidates) with the first-sight sketch at several sizes,
// rotated inside one process: process CPU and wall per fit, the summed tally's distinct terms and the candidates.
//   dotnet run -c Release bench/probes/sketch-size.cs -- <snapshot.phylo> [--reps N] [--bits 27,26,25]
// Sets FirstSightSketch.BitsOverride and reads TermCounts.LastDistinct (both internal, there for this probe) by reflection.
using System.Diagnostics;
using System.Reflection;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
using Phylo.Analyses.Similarity;

int reps = args.Contains("--reps") ? int.Parse(args[Array.IndexOf(args, "--reps") + 1]) : 3;
int[] sizes = args.Contains("--bits") ? args[Array.IndexOf(args, "--bits") + 1].Split(',').Select(int.Parse).ToArray() : [27, 26, 25];
Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
ModelTable table = Snapshot.Load(args[0]).Table;
int n = table.Count;
int[] all = [.. Enumerable.Range(0, n)];
var record = new MetadataRecordGenome(table);
var clean = new MetadataCleanGenome(table);
var proc = Process.GetCurrentProcess();
Assembly core = typeof(TermCounts).Assembly;
FieldInfo bits = core.GetType("Phylo.Text.FirstSightSketch").GetField("BitsOverride", BindingFlags.NonPublic | BindingFlags.Static);
FieldInfo distinct = typeof(TermCounts).GetField("LastDistinct", BindingFlags.NonPublic | BindingFlags.Static);
(VocabularyCandidates, double, double) Time(ITextCorpus docs)
{
    GC.Collect(2, GCCollectionMode.Forced, true, true);
    proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
    var r = CountRows.Candidates(docs, 512, -1, TieBreak.Lexicographic); proc.Refresh();
    return (r, sw.Elapsed.TotalSeconds, (proc.TotalProcessorTime - cpu0).TotalSeconds);
}
for (int rep = 0; rep < reps; rep++)
    foreach (int b in sizes)
    {
        bits.SetValue(null, b);
        var (rc, rw, rcpu) = Time(record.Corpus(all));
        long rd = (long)distinct.GetValue(null);
        var (cc, cw, ccpu) = Time(clean.OnDemand(all));
        long cd = (long)distinct.GetValue(null);
        Console.WriteLine($"rep {rep} bits {b} ({(1L << b) / 4 >> 20} MiB a worker): record cpu {rcpu:F2} wall {rw:F2} tally {rd:N0} cands {rc.Hashes.Length} thr {rc.Threshold}" +
            $" | clean cpu {ccpu:F2} wall {cw:F2} tally {cd:N0} cands {cc.Hashes.Length} thr {cc.Threshold} | load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
