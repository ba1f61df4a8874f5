#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// How full the Levenshtein kernel's lanes are when PairScorer hands it K pairs a call: the sampled populations'
// draws (as PairSampler draws them, chunks of 2048), each pair stripped of its common prefix and suffix as Plan does,
// sorted by (blocks, text length) and cut into batches of 8 lanes of one block count, per call of K pairs.
// Work of a batch = blocks × its longest text (the steps all 8 lanes run); useful = Σ blocks × n over its pairs.
// Deterministic (no timing): compares kernel call sizes by the block-steps they run.
//   dotnet run -c Release bench/probes/kernel-lanes.cs -- <snapshot.phylo> [K,...]
using Phylo.Store;
using Phylo.Table;
using Phylo.Graph;
using Phylo.Analyses.Similarity;

ModelTable table = Snapshot.Read(args[0]);
FamilyGraph graph = FamilyGraphBuilder.Build(table);
int[] sizes = args.Length > 1 ? args[1].Split(',').Select(int.Parse).ToArray() : [128, 1024];
GenomeFeatures f = GenomeFeatures.Build(table, 2, Phylo.Text.TieBreak.Lexicographic);
var options = new SimilarityOptions();
ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(graph, v)).ToArray();
bool[][] presence = SimilarityNames.Genomes.Select(f.Presence).ToArray();
int[] a = new int[1 << 16], b = new int[1 << 16];
foreach (Genome g in SimilarityNames.TextGenomes)
{
    // (blocks, n) of every drawn pair with both texts, in draw order.
    var jobs = new List<(int Blocks, int N)>();
    int direct = 0;
    foreach (var d in SimilarityAnalysis.Populations(options).Where(d => d.Genome == g))
    {
        var pop = d.Pair == PairType.Random ? PairPopulation.Random(presence[(int)g])
            : PairPopulation.Build(d.Pair, new PairPopulation.ValidChildren(views[(int)d.View], presence[(int)g]));
        int size = SimilarityAnalysis.SampleSizeOf(g, options);
        if (pop.Total <= size) continue; // enumerated: not a sample
        for (long i = 0; i < size; i++)
        {
            var rng = new KeyedRandom(options.Seed, d.Id, i);
            int x = -1, y = -1;
            for (int t = 0; t < 64; t++) if (pop.TryUnrank(rng.Below(pop.Total), out x, out y)) break;
            if (x < 0 || !f.Has(g, x) || !f.Has(g, y)) { jobs.Add((-1, 0)); continue; }
            int na = PairScorer.Decode(f.Text(g, x), ref a), nb = PairScorer.Decode(f.Text(g, y), ref b);
            ReadOnlySpan<int> sa = a.AsSpan(0, na), sb = b.AsSpan(0, nb);
            int prefix = sa.CommonPrefixLength(sb);
            sa = sa[prefix..]; sb = sb[prefix..];
            int suffix = 0;
            while (suffix < sa.Length && suffix < sb.Length && sa[^(suffix + 1)] == sb[^(suffix + 1)]) suffix++;
            int m = Math.Min(sa.Length, sb.Length) - suffix, n = Math.Max(sa.Length, sb.Length) - suffix;
            int blocks = (m + 63) >> 6;
            if (m == 0 || blocks > 64) { direct++; jobs.Add((-1, 0)); continue; }
            jobs.Add((blocks, n));
        }
    }
    long useful = 0;
    foreach (var j in jobs) if (j.Blocks > 0) useful += (long)j.Blocks * j.N;
    Console.Write($"{g.Name(),-15} pairs {jobs.Count(j => j.Blocks > 0):N0} (+{direct:N0} without the kernel)  useful block-steps {useful:N0}");
    foreach (int k in sizes)
    {
        long work = 0, batches = 0;
        for (int chunk = 0; chunk < jobs.Count; chunk += 2048)
            for (int call = chunk; call < Math.Min(jobs.Count, chunk + 2048); call += k)
            {
                var part = jobs.Skip(call).Take(Math.Min(k, Math.Min(jobs.Count, chunk + 2048) - call)).Where(j => j.Blocks > 0).OrderBy(j => j.Blocks).ThenBy(j => j.N).ToList();
                for (int i = 0; i < part.Count;)
                {
                    int lanes = 1;
                    while (lanes < 8 && i + lanes < part.Count && part[i + lanes].Blocks == part[i].Blocks) lanes++;
                    work += (long)part[i].Blocks * part[i + lanes - 1].N;
                    batches++;
                    i += lanes;
                }
            }
        Console.Write($"  | K={k}: batches {batches:N0}, lane-steps useful {100.0 * useful / (8.0 * work):F1} %, work {work:N0}");
    }
    Console.WriteLine();
}
