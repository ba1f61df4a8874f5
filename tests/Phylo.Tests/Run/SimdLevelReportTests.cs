using Phylo.Kernels;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>
/// The whole <c>analyze</c>, study mode included, writes the same report at every vector width this CPU runs
/// (<c>PHYLO_SIMD</c>) and on a runtime told to pretend the CPU lacks AVX-512 or every vector instruction
/// (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>: what a machine without them runs, BCL
/// helpers included), and on one told it lacks AVX-512 VBMI (<c>DOTNET_EnableAVX512v2=0</c>). report.json, rejected.csv and every CSV table are compared byte for byte; Parquet tables only
/// across PHYLO_SIMD levels, because the Snappy compressor inside the Parquet writer encodes the same pages
/// differently when the runtime's intrinsics are off (the decoded tables are the CSV ones).
/// <para>2,000 models are enough: every report section and table is filled, the random-pair Levenshtein population
/// is sampled and the relatives' ones enumerated (as at full scale), and the kernels see names and cards of every
/// length class, so a kernel made wrong at any one width — its vector body or its remainder — changes report.json
/// (tried per width when this size was chosen; tests/README.md, "SIMD levels"). The runs are independent processes,
/// so they run side by side, one per core.</para>
/// </summary>
[Trait("Speed", "Slow")]
public sealed class SimdLevelReportTests : IDisposable
{
    private const int Models = 2_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-simd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Analyze_writes_the_same_report_at_every_level()
    {
        string eco = Path.Combine(_dir, "eco.csv");
        using (var fs = File.Create(eco)) SyntheticEcosystem.Write(fs, new SynthOptions(Models, 11, CardMode.Full, 2));
        var runs = new List<(string Name, Dictionary<string, string> Env, bool SameRuntime)>();
        foreach (SimdLevel l in Simd.Supported)
            runs.Add(($"PHYLO_SIMD={Name(l)}", new() { ["PHYLO_SIMD"] = Name(l) }, true));
        if (Simd.Hardware >= SimdLevel.V512) runs.Add(("DOTNET_EnableAVX512=0", new() { ["DOTNET_EnableAVX512"] = "0" }, false));
        // AVX-512 without VBMI (Skylake-X, Cascade Lake): the V512 kernels' non-VBMI paths (Levenshtein lane build, MinHash).
        // .NET 10 groups VBMI under "AVX512v2"; DOTNET_EnableAVX512VBMI is not a knob and leaves it on.
        if (Simd.Hardware >= SimdLevel.V512 && System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported)
            runs.Add(("DOTNET_EnableAVX512v2=0", new() { ["DOTNET_EnableAVX512v2"] = "0" }, false));
        if (Simd.Hardware >= SimdLevel.V128) runs.Add(("DOTNET_EnableHWIntrinsic=0", new() { ["DOTNET_EnableHWIntrinsic"] = "0" }, false));

        string OutDir(int i) => Path.Combine(_dir, runs[i].Name.Replace('=', '-'));
        var results = new PhyloProcess.Result[runs.Count];
        Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            results[i] = PhyloProcess.Run(TimeSpan.FromMinutes(5), runs[i].Env,
                "analyze", eco, "--out", OutDir(i), "--sampled", "--sample-size", "2000", "--quiet"));

        for (int i = 0; i < runs.Count; i++)
            Assert.True(results[i].ExitCode == 0, $"{runs[i].Name}: exit {results[i].ExitCode}: {results[i].StdErr}");
        // Every level is compared before failing, so a failure names all the widths that differ, not the first.
        string reference = OutDir(0);
        var differs = new List<string>();
        for (int i = 1; i < runs.Count; i++)
            foreach (string file in Compared(reference, runs[i].SameRuntime))
                if (!File.ReadAllBytes(Path.Combine(reference, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(OutDir(i), file))))
                    differs.Add($"{file} differs between {runs[0].Name} and {runs[i].Name}");
        Assert.True(differs.Count == 0, string.Join('\n', differs));
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
            File.WriteAllText(log, $"SIMD: hardware {Simd.Hardware}; whole-analyze byte-identity exercised at {string.Join(", ", runs)} ({Models:N0} models)\n");
    }
}
