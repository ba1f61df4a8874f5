#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// Exact random-pair sums (CosinePairSums.AccumulateRandom) of every vector slot over every family block: each
// measure walked alone, then TF-IDF and BoW of a genome in one walk; checks the two give the same bits.
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/cosine-random-sums.cs -- <snapshot.phylo> REPS
using System.Diagnostics;
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;
ModelTable table = Snapshot.Read(args[0]);
FamilyGraph graph = FamilyGraphBuilder.Build(table);
GenomeFeatures f = GenomeFeatures.Build(table, -1, Phylo.Text.TieBreak.NumpyQuicksort);
var blocks = FamilyBlocks.Build(graph, FamilyBlocks.TargetModels);
int reps = int.Parse(args[1]);
var slots = Enumerable.Range(0, MeasureSlot.Count).Where(s => MeasureSlot.All[s].IsVector).ToArray();
var k = slots.ToDictionary(s => s, s => new CosinePairSums(f.Vectors(MeasureSlot.All[s].Genome), MeasureSlot.All[s].Measure));
Console.WriteLine($"slots {string.Join(",", slots)} blocks {blocks.Count}");
for (int r = 0; r < reps; r++)
{
  var c1 = new List<double>(); var c2 = new List<double>();
  var sw = Stopwatch.StartNew();
  for (int b = 0; b < blocks.Count; b++)
    foreach (int s in slots) { var d = new double[512]; var (self, m) = k[s].AccumulateRandom(blocks[b], d); c1.Add(self); c1.AddRange(d); }
  double t1 = sw.Elapsed.TotalSeconds; sw.Restart();
  for (int b = 0; b < blocks.Count; b++)
    for (int i = 0; i < slots.Length; i += 2) { var d = new double[512]; var e = new double[512];
      var (x, y) = CosinePairSums.AccumulateRandom(blocks[b], k[slots[i]], d, k[slots[i + 1]], e); c2.Add(x.Self); c2.AddRange(d); c2.Add(y.Self); c2.AddRange(e); }
  double t2 = sw.Elapsed.TotalSeconds;
  Console.WriteLine($"per-slot {t1:F3} s  fused {t2:F3} s  same {c1.SequenceEqual(c2)}");
}
