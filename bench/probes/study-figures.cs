#:project ../../src/Phylo.Plots/Phylo.Plots.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Wall time of what issue 14 added to a run, piece by piece: the study-rule graph facts, the summary panels and histogram,
// and each redrawn figure (summary panels, histogram, three family trees, diff DNA), on a snapshot:
//   dotnet run -c Release bench/probes/study-figures.cs -- <snapshot.phylo> <out-dir> [arxiv-categories.tsv]
// Full scale under the machine-wide lock: flock /tmp/fullscale.lock dotnet run ... -- /tmp/fid14/eco.phylo /tmp/fid14/probe
using System.Diagnostics;
using Phylo.Analyses;
using Phylo.Analyses.Graph;
using Phylo.Analyses.Panels;
using Phylo.Graph;
using Phylo.Plots;
using Phylo.Store;

string outDir = Directory.CreateDirectory(args[1]).FullName;
var sw = Stopwatch.StartNew();
var table = Snapshot.Load(args[0], 0, cards: false).Table;
Console.WriteLine($"{table.Count:N0} models loaded in {sw.Elapsed.TotalSeconds:F1} s; load {File.ReadAllText("/proc/loadavg").Trim()}");
var graph = FamilyGraphBuilder.Build(table);
var scope = ShardScope.Whole(table, graph);

double Time(string what, Action work)
{
    var t = Stopwatch.StartNew();
    work();
    Console.WriteLine($"{what,-34} {t.Elapsed.TotalSeconds,7:F2} s");
    return t.Elapsed.TotalSeconds;
}

double total = 0;
total += Time("no-merge view (components)", () => StudyNoMerge.Of(graph));
total += Time("study graph facts (partial)", () => StudyGraphPartial.Compute(table, graph, scope));
PanelsSection panels = null;
total += Time("summary panels + histogram", () =>
{
    var arxiv = args.Length > 2 ? ArxivCategories.Load(args[2]) : null;
    panels = PanelsSection.Of(table, PanelsPartial.Compute(table, graph, scope, arxiv), CreatedHistogram.Of(table));
});
total += Time("family growth (no-merge)", () => FamilyGrowth.Largest(table, graph, FamilyGrowth.Families));
IReadOnlyList<string> written = [];
total += Time("study figures (all PNGs)", () => written = StudyFigures.Render(table, graph, panels, outDir));
foreach (string f in written) Console.WriteLine($"  {Path.GetFileName(f)} {new FileInfo(f).Length / 1024:N0} KiB");
foreach (var (name, family) in StudyFigures.TreePicks(table, graph))
    Time($"  tree layout {name} ({StudyNoMerge.Of(graph).Sizes[family]:N0})", () => Phylo.Plots.Figures.FamilyTreeLayout.OfStudyFamily(graph, family));
Console.WriteLine($"{"total added",-34} {total,7:F2} s");
