#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// Wall and CPU time of each part of the similarity stage (what SimilarityAnalysis.Run does, minus the report):
//   dotnet run -c Release bench/probes/similarity-stages.cs -- <snapshot.phylo | models.csv> [numpy|lexicographic]
// Full scale under the machine-wide lock: flock /tmp/fullscale.lock dotnet run ... -- /tmp/phylo-e2e/eco.csv
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Ingest.Pipeline;
using Phylo.Analyses.Similarity;

string path = args[0];
Console.WriteLine(Phylo.HugePages.AdviseGcHeap()); // as the CLI does (native-notes/memory.md)
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
var ties = args.Length > 1 && args[1] == "lexicographic" ? Phylo.Text.TieBreak.Lexicographic : Phylo.Text.TieBreak.NumpyQuicksort;
GenomeFeatures f = Time($"featurize ({ties})", () => GenomeFeatures.Build(table, -1, ties));
ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
var weights = new DesignWeights(views[(int)GraphView.Finetune]);
var edges = Time("edges", () => EdgeSimilarities.Compute(f, graph, -1));
var blocks = FamilyBlocks.Build(graph, FamilyBlocks.TargetModels);
Time("exact cosine + design identities", () => ExactBlocks.Compute(f, views, edges, blocks, 0, blocks.Count, -1));
var sampler = new PairSampler(f, 42, -1);
var presence = SimilarityNames.Genomes.Select(f.Presence).ToArray();
var enumerated = new Dictionary<(Genome, PairType), bool>();
foreach (Genome g in SimilarityNames.Genomes) {
  var pop = PairPopulation.Random(presence[(int)g]);
  var reader = g.IsText() ? new PairSampler.DesignReader(weights, [DesignConfig.All[0]]) : null;
  int size = SimilarityAnalysis.SampleSizeOf(g, new SimilarityOptions());
  Time($"random {g} ({pop.Total:N0})", () => sampler.Population(g, pop, 1, size, false, null, reader));
  foreach (var view in views) foreach (var t in new[] { PairType.Siblings, PairType.GrandparentGrandchild, PairType.AuntNiece, PairType.ThreeGenerations }) {
    if (g == Genome.Metadata && view.View != GraphView.Finetune) continue; // as SimilarityAnalysis.Populations
    var p = PairPopulation.Build(t, view, presence[(int)g]);
    bool designs = g.IsText() && view.View == GraphView.Finetune;
    if (designs) enumerated[(g, t)] = PairSampler.Enumerates(p, size, false);
    var r = designs ? new PairSampler.DesignReader(weights, DesignConfig.All.Where(c => c.Shape != PairShape.Edge && SimilarityAnalysis.PairOf(c.Shape) == t).ToArray()) : null;
    Time($"  {g} {view.View} {t} ({p.Total:N0})", () => sampler.Population(g, p, 2, size, false, null, r));
  }
}
foreach (var (g, c) in SimilarityAnalysis.DesignSamples()) {
  if (enumerated[(g, SimilarityAnalysis.PairOf(c.Shape))]) continue;
  var ds = DesignSampler.Build(c, weights, new DesignSampler.ValidLists(weights.View, presence[(int)g]), presence[(int)g]);
  Time($"  design sample {g} {c.Key}", () => sampler.DesignSample(g, ds, 3, 200_000));
}
var study = new StudySampler(f, 42, -1);
var lists = new List<double[]>();
Time("study draws (72 sets x 5,000)", () => {
  foreach (var c in DesignConfig.All) foreach (var m in StudySampler.Measures) lists.AddRange(study.Evaluate(new StudyDraw(c.Design, weights), c, m, 5000).Kept(5000));
  return 0;
});
Time("bootstrap (216 lists x 10,000)", () => Bootstrap.MeansWithCi(lists, 42, 10_000, -1));
Console.WriteLine($"similarity total {sw0.Elapsed.TotalSeconds:F1} s");
static ModelTable Ingest(string p) {
  var rejects = new RejectLog(null, false);
  var ing = new Ingestor(new IngestOptions(0, true), rejects, null, null);
  ing.Add(p, default);
  return ing.Build();
}
