using Phylo.Kernels;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>
/// The whole <c>analyze</c>, study mode included, writes the same report at every vector width this CPU runs
/// (<c>PHYLO_SIMD</c>) and on a runtime told to pretend the CPU lacks AVX-512 or every vector instruction
/// (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>: what a machine without them runs, BCL
/// helpers included). report.json, rejected.csv and every CSV table are compared byte for byte; Parquet tables only
/// across PHYLO_SIMD levels, because the Snappy compressor inside the Parquet writer encodes the same pages
/// differently when the runtime's intrinsics are off (the decoded tables are the CSV ones).
/// </summary>
[Trait("Speed", "Slow")]
public sealed class SimdLevelReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-simd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Analyze_writes_the_same_report_at_every_level()
    {
        string eco = Path.Combine(_dir, "eco.csv");
        Assert.Equal(0, PhyloProcess.Run("synth", "--models", "20000", "--seed", "11", "--out", eco, "--quiet").ExitCode);
        var runs = new List<(string Name, Dictionary<string, string> Env, bool SameRuntime)>();
        foreach (SimdLevel l in Simd.Supported)
            runs.Add(($"PHYLO_SIMD={Name(l)}", new() { ["PHYLO_SIMD"] = Name(l) }, true));
        if (Simd.Hardware >= SimdLevel.V512) runs.Add(("DOTNET_EnableAVX512=0", new() { ["DOTNET_EnableAVX512"] = "0" }, false));
        if (Simd.Hardware >= SimdLevel.V128) runs.Add(("DOTNET_EnableHWIntrinsic=0", new() { ["DOTNET_EnableHWIntrinsic"] = "0" }, false));

        string? reference = null;
        foreach (var (name, env, sameRuntime) in runs)
        {
            string outDir = Path.Combine(_dir, name.Replace('=', '-'));
            var r = PhyloProcess.Run(TimeSpan.FromMinutes(5), env, "analyze", eco, "--out", outDir, "--sampled", "--sample-size", "10000", "--quiet");
            Assert.True(r.ExitCode == 0, $"{name}: exit {r.ExitCode}: {r.StdErr}");
            if (reference is null) { reference = outDir; continue; }
            foreach (string file in Compared(reference, sameRuntime))
                Assert.True(File.ReadAllBytes(Path.Combine(reference, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, file))),
                    $"{file} differs between {runs[0].Name} and {name}");
        }
        Log(runs.Select(r => r.Name));
    }

    private static IEnumerable<string> Compared(string dir, bool parquetToo)
    {
        yield return "report.json";
        yield return "rejected.csv";
        foreach (string f in Directory.GetFiles(Path.Combine(dir, "tables")).Order(StringComparer.Ordinal))
            if (parquetToo || f.EndsWith(".csv", StringComparison.Ordinal)) yield return Path.Combine("tables", Path.GetFileName(f));
    }

    private static string Name(SimdLevel l) => l == SimdLevel.Scalar ? "scalar" : ((int)l).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>.ci/run prints which levels were exercised: it names a file in PHYLO_SIMD_LOG.</summary>
    private static void Log(IEnumerable<string> runs)
    {
        if (Environment.GetEnvironmentVariable("PHYLO_SIMD_LOG") is { Length: > 0 } log)
            File.WriteAllText(log, $"SIMD: hardware {Simd.Hardware}; whole-analyze byte-identity exercised at {string.Join(", ", runs)}\n");
    }
}
