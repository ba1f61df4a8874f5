#:project ../../src/Phylo.Plots/Phylo.Plots.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// The output wave alone, in one process: the analyses once, then report (report.json, report.md, tables/*.csv) beside
// tables/*.parquet written on 1 lane and on 2 lanes, alternating, 3 times each (figures too with a third argument
// "figures"); wall and process CPU per wave, and the two configurations' files compared byte for byte.
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/output-wave.cs -- <snapshot.phylo> <scratch-dir> [figures]
using System.Diagnostics;
using Phylo.Analyses;
using Phylo.Plots;
using Phylo.Run;

string root = Directory.CreateDirectory(args[1]).FullName;
bool figures = args.Length > 2 && args[2] == "figures";
var o = new AnalyzeOptions([args[0]], Path.Combine(root, "first"), Threads: 2);
var sw = Stopwatch.StartNew();
var outcome = AnalysisRun.Execute(o);
Console.WriteLine($"analyses {sw.Elapsed.TotalSeconds:F1} s; {outcome.Table.Count:N0} models; load {File.ReadAllText("/proc/loadavg").Trim()}");
for (int k = 0; k < 3; k++)
    foreach (int lanes in new[] { 1, 2 })
    {
        string dir = Path.Combine(root, $"lanes{lanes}");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        IOutputWriter[] writers = figures ? [ReportFilesWriter.Instance, new ParquetTablesWriter(lanes), new FiguresWriter()] : [ReportFilesWriter.Instance, new ParquetTablesWriter(lanes)];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        var done = AnalysisRun.WriteOutputs(outcome, o with { OutDir = dir }, writers, SilentObserver.Instance);
        double wall = sw.Elapsed.TotalSeconds, used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var stages = done.Stages.Skip(outcome.Stages.Count).Select(s => $"{s.Stage} {s.Seconds:F2}");
        Console.WriteLine($"{lanes} lane(s): wave {wall:F2} s wall, {used:F2} s CPU ({string.Join(", ", stages)}); load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
foreach (string f in Directory.GetFiles(Path.Combine(root, "lanes1", "tables")))
    if (!File.ReadAllBytes(f).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(root, "lanes2", "tables", Path.GetFileName(f)))))
        Console.WriteLine($"DIFFERENT: {Path.GetFileName(f)}");
Console.WriteLine("tables compared");
