using System.Diagnostics;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>deploy/local.sh (the deploy examples' steps as n local processes) gives the single-process report.</summary>
public sealed class LocalDeployTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Script()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "deploy", "local.sh"))) return Path.Combine(d.FullName, "deploy", "local.sh");
        throw new FileNotFoundException("deploy/local.sh not found above " + AppContext.BaseDirectory);
    }

    [BashFact]
    public async Task Three_local_shards_give_the_single_process_report_byte_for_byte()
    {
        string bash = BashFactAttribute.Path!;
        string input = Path.Combine(_dir, "eco.csv");
        using (var fs = File.Create(input)) SyntheticEcosystem.Write(fs, new SynthOptions(600, 9, CardMode.Full, 2));
        string single = Path.Combine(_dir, "single");
        var r = PhyloProcess.Run("analyze", input, "--out", single, "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);

        var psi = new ProcessStartInfo(bash) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Script(), "3", Path.Combine(_dir, "sharded"), input }) psi.ArgumentList.Add(a);
        psi.Environment["PHYLO"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "phylo.dll");
        psi.Environment["CI"] = "true";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(p.ExitCode == 0, await err + stdout);

        ShardedRun.AssertSameReport(single, Path.Combine(_dir, "sharded"));
        Assert.True(File.Exists(Path.Combine(_dir, "sharded", "report.html")));
        foreach (string pq in Directory.GetFiles(Path.Combine(single, "tables"), "*.parquet"))
            Assert.Equal(File.ReadAllBytes(pq), File.ReadAllBytes(Path.Combine(_dir, "sharded", "tables", Path.GetFileName(pq))));
    }
}
