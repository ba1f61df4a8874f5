#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Pass 1 of the metadata and metadata-clean fits (CountRows.Candidates of each corpus), N times in one process: process
// CPU and wall of each repetition, the candidates' size and threshold. (At abd8ae4 it also timed both in one walk.)
//   dotnet run -c Release bench/probes/pass1-together.cs -- <snapshot.phylo> [--reps N] [--numpy] [--threads T]
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
using Phylo.Analyses.Similarity;

int reps = args.Contains("--reps") ? int.Parse(args[Array.IndexOf(args, "--reps") + 1]) : 3;
int threads = args.Contains("--threads") ? int.Parse(args[Array.IndexOf(args, "--threads") + 1]) : -1;
TieBreak ties = args.Contains("--numpy") ? TieBreak.NumpyQuicksort : TieBreak.Lexicographic;
Console.WriteLine(Phylo.HugePages.AdviseGcHeap());
ModelTable table = Snapshot.Load(args[0]).Table;
int n = table.Count;
int[] all = [.. Enumerable.Range(0, n)];
var record = new MetadataRecordGenome(table);
var clean = new MetadataCleanGenome(table);
var proc = Process.GetCurrentProcess();
(T, double, double) Time<T>(Func<T> f)
{
    GC.Collect(2, GCCollectionMode.Forced, true, true);
    proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
    T r = f(); proc.Refresh();
    return (r, sw.Elapsed.TotalSeconds, (proc.TotalProcessorTime - cpu0).TotalSeconds);
}
static string Digest(VocabularyCandidates c) => $"{c.Hashes.Length} cands, threshold {c.Threshold}";
for (int rep = 0; rep < reps; rep++)
{
    var (sep, sw, sc) = Time(() => (CountRows.Candidates(record.Corpus(all), 512, threads, ties), CountRows.Candidates(clean.OnDemand(all), 512, threads, ties)));
    Console.WriteLine($"rep {rep}: pass 1 (record, clean) wall {sw:F2} cpu {sc:F2} | load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" +
        $" | {Digest(sep.Item1)}; {Digest(sep.Item2)}");
}
