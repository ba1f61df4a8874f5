#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// Wall and CPU time of each part of the similarity stage (what SimilarityAnalysis.Run does, minus the report):
//   dotnet run -c Release bench/probes/similarity-stages.cs -- <snapshot.phylo | models.csv>
// Full scale under the machine-wide lock: flock /tmp/fullscale.lock dotnet run ... -- /tmp/phylo-e2e/eco.csv
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Ingest.Pipeline;
using Phylo.Similarity;

string path = args[0];
Console.WriteLine(Phylo.Run.HugePages.AdviseGcHeap()); // as the CLI does (native-notes/memory.md)
var proc = Process.GetCurrentProcess();
T Time<T>(string name, Func<T> f) {
    proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
    T r = f(); proc.Refresh();
    Console.WriteLine($"{name,-34} wall {sw.Elapsed.TotalSeconds,7:F2} s  cpu {(proc.TotalProcessorTime - cpu0).TotalSeconds,7:F2} s  rss {proc.WorkingSet64 >> 20} MiB");
    return r;
}
ModelTable table = Time("load", () => path.EndsWith(".phylo") ? Snapshot.Read(path) : Ingest(path));
FamilyGraph graph = Time("graph", () => FamilyGraphBuilder.Build(table));
var sw0 = Stopwatch.StartNew();
GenomeFeatures f = Time("featurize", () => GenomeFeatures.Build(table, -1));
ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
var edges = Time("edges", () => EdgeSimilarities.Compute(f, graph, -1));
var blocks = FamilyBlocks.Build(graph, FamilyBlocks.TargetModels);
Time("exact cosine", () => ExactBlocks.Compute(f, views, edges, blocks, 0, blocks.Count, -1));
var sampler = new PairSampler(f, 42, -1);
Genome[] genomes = [Genome.Card, Genome.Metadata, Genome.Traits];
var presence = genomes.Select(f.Presence).ToArray();
foreach (Genome g in genomes) {
  var pop = PairPopulation.Random(presence[(int)g]);
  Time($"random {g} ({pop.Total:N0})", () => sampler.Population(g, pop, 1, 1_000_000, false));
  foreach (var view in views) foreach (var t in new[] { PairType.Siblings, PairType.GrandparentGrandchild, PairType.AuntNiece, PairType.ThreeGenerations }) {
    var p = PairPopulation.Build(t, view, presence[(int)g]);
    Time($"  {g} {view.View} {t} ({p.Total:N0})", () => sampler.Population(g, p, 2, 1_000_000, false));
  }
}
Console.WriteLine($"similarity total {sw0.Elapsed.TotalSeconds:F1} s");
static ModelTable Ingest(string p) {
  var rejects = new RejectLog(null, false);
  var ing = new Ingestor(new IngestOptions(0, true), rejects, null, null);
  ing.Add(p, default);
  return ing.Build();
}
