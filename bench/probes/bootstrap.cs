#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AssemblyName=Phylo.Bench
// Study mode's percentile bootstrap (Bootstrap.MeansWithCi) on lists shaped like a full-scale `analyze --sampled` report's:
// 144 lists of 5,000 kept draws and 72 shorter ones of distinct lengths, 10,000 resamples, 2 threads; three calls, each
// with its wall and process CPU seconds and a digest of every mean and bound (equal digests = identical results).
// usage: dotnet run -c Release bench/probes/bootstrap.cs [-- resamples]
using Phylo.Analyses.Similarity;

var rng = new Random(1);
var lists = new List<double[]>();
for (int i = 0; i < 144; i++) lists.Add([.. Enumerable.Range(0, 5000).Select(_ => rng.NextDouble())]);
for (int i = 0; i < 72; i++) lists.Add([.. Enumerable.Range(0, rng.Next(500, 4000)).Select(_ => rng.NextDouble())]);
int resamples = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
for (int k = 0; k < 3; k++)
{
    var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    var sw = System.Diagnostics.Stopwatch.StartNew();
    PairMean[] means = Bootstrap.MeansWithCi(lists, 42, resamples, 2);
    var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    ulong digest = 0;
    foreach (var m in means)
        digest = digest * 31 + (ulong)BitConverter.DoubleToInt64Bits(m.Mean) * 3 + (ulong)BitConverter.DoubleToInt64Bits(m.CiLow) * 5
            + (ulong)BitConverter.DoubleToInt64Bits(m.CiHigh) * 7;
    Console.WriteLine($"wall {sw.Elapsed.TotalSeconds:F2} s  cpu {cpu.TotalSeconds:F2} s  digest {digest:X16}");
}
