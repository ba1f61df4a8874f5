using System.Diagnostics;

namespace Phylo.Tests.Infrastructure;

/// <summary>Runs the real <c>phylo</c> executable (copied beside the tests) as a child process.</summary>
public static class PhyloProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static Result Run(TimeSpan timeout, params string[] args) => Run(timeout, new Dictionary<string, string>(), args);

    /// <summary>Runs phylo with extra environment variables (e.g. PHYLO_SIMD, or the runtime's DOTNET_Enable* switches).</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "phylo.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true"; // plain log lines, no live progress bars
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"phylo {string.Join(' ', args)} did not finish in {timeout}");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts phylo and kills it as soon as it prints the line of <paramref name="stage"/> (CI mode: one line per
    /// finished stage on stderr) — i.e. right as the next step, typically an output write, begins.</summary>
    public static async Task KillAfterStage(string stage, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "phylo.dll"));
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true"; // one line per stage on stderr, no live bars
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        var reached = Task.Run(() =>
        {
            while (p.StandardError.ReadLine() is { } line)
                if (line.StartsWith($"[{stage}]", StringComparison.Ordinal)) return true;
            return false;
        });
        if (!await reached.WaitAsync(TimeSpan.FromMinutes(2))) throw new InvalidOperationException($"phylo {args[0]} exited before its {stage} stage");
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
