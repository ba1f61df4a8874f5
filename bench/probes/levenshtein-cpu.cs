#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
// Batch Levenshtein (V512) on the card genomes of a snapshot: 65,536 pairs of the first 16,384 cards, random or
// neighbouring models, in 2048-pair calls. Usage (bench/README.md, native-notes/kernels.md):
//   dotnet run -c Release bench/probes/levenshtein-cpu.cs -- /tmp/perf/eco200k.phylo REPS [MODE]
// MODE: (none) 1 and 2 threads, pairs per s of wall and per CPU-s of the process; random1 / random2 /
// neighbours1 / neighbours2 only that row; p10: 1 thread, percentiles of per-call wall time (robust to bursts of
// other load); small: p10 with pairs drawn from 256 cards (cache-resident pool: the memory-stall bound);
// hist: block counts and lengths of the pairs.
using System.Diagnostics;
using Phylo.Kernels;
using Phylo.Analyses.Similarity;
using Phylo.Store;
using Phylo.Table;
ModelTable table = Snapshot.Read(args[0]);
int[] models = CardGenome.Models(table).Take(16_384).ToArray();
var seqs = models.Select(m => { int[] cp = new int[CardGenome.Text(table, m).Length]; return cp[..PairScorer.Decode(CardGenome.Text(table, m), cp)]; }).ToList();
int[] pool = seqs.SelectMany(s => s).ToArray(), offsets = new int[seqs.Count + 1];
for (int i = 0; i < seqs.Count; i++) offsets[i + 1] = offsets[i] + seqs[i].Length;
const int Pairs = 65_536, Chunk = 2048;
var rng = new Random(1);
int[] ra = new int[Pairs], rb = new int[Pairs], na = new int[Pairs], nb = new int[Pairs], d = new int[Pairs];
for (int p = 0; p < Pairs; p++) { ra[p] = rng.Next(seqs.Count); rb[p] = rng.Next(seqs.Count); na[p] = rng.Next(seqs.Count - 1); nb[p] = na[p] + 1; }
int reps = int.Parse(args.Length > 1 ? args[1] : "3");
string only = args.Length > 2 ? args[2] : "";
var proc = Process.GetCurrentProcess();
if (only == "hist")
{
  foreach ((string kind, int[] a, int[] b) in new[] { ("random", ra, rb), ("neighbours", na, nb) })
  {
    var h = new int[10]; long sumN = 0, sumM = 0; int nonAscii = 0;
    for (int p = 0; p < Pairs; p++)
    {
      var x = seqs[a[p]]; var y = seqs[b[p]];
      int m = Math.Min(x.Length, y.Length), n = Math.Max(x.Length, y.Length);
      h[Math.Min(9, (m + 63) / 64)]++; sumN += n; sumM += m;
      if (x.Any(c => c >= 128) || y.Any(c => c >= 128)) nonAscii++;
    }
    Console.WriteLine($"{kind}: blocks hist {string.Join(" ", h)}; mean m {sumM / (double)Pairs:F0} n {sumN / (double)Pairs:F0}; non-ascii pairs {nonAscii}");
  }
  return;
}
if (only == "p10" || only == "small")
{
  if (only == "small") for (int p = 0; p < Pairs; p++) { ra[p] %= 256; rb[p] %= 256; na[p] %= 256; nb[p] = na[p] + 1; }
  foreach ((string kind, int[] a, int[] b) in new[] { ("random", ra, rb), ("neighbours", na, nb) })
  {
    var t = new List<double>();
    for (int r = 0; r < reps; r++)
      for (int c = 0; c < Pairs; c += Chunk)
      {
        long t0 = Stopwatch.GetTimestamp();
        Levenshtein.Distances(pool, offsets, a.AsSpan(c, Chunk), b.AsSpan(c, Chunk), d.AsSpan(c, Chunk), SimdLevel.V512);
        if (r > 0) t.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
      }
    t.Sort();
    Console.WriteLine($"{kind,-10} 1t p10 {Chunk / t[t.Count / 10],10:N0} p25 {Chunk / t[t.Count / 4],10:N0} p50 {Chunk / t[t.Count / 2],10:N0} pairs/s  sum {d.Sum(x => (long)x)}");
  }
  return;
}
foreach ((string kind, int[] a, int[] b) in new[] { ("random", ra, rb), ("neighbours", na, nb) })
  foreach (int threads in new[] { 1, 2 })
  {
    if (only != "" && only != kind + threads) continue;
    void Body() { Parallel.For(0, Pairs / Chunk, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        Levenshtein.Distances(pool, offsets, a.AsSpan(c * Chunk, Chunk), b.AsSpan(c * Chunk, Chunk), d.AsSpan(c * Chunk, Chunk), SimdLevel.V512)); }
    Body();
    long sum = d.Sum(x => (long)x);
    for (int r = 0; r < reps; r++)
    {
      proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
      Body();
      double wall = sw.Elapsed.TotalSeconds; proc.Refresh(); double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
      Console.WriteLine($"{kind,-10} {threads}t  {Pairs / wall,10:N0} pairs/s wall  {Pairs / cpu,10:N0} pairs/CPU-s  sum {sum}");
    }
  }
