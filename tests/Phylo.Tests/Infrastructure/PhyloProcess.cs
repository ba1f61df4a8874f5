using System.Diagnostics;
using Phylo.Output;

namespace Phylo.Tests.Infrastructure;

/// <summary>Runs the real <c>phylo</c> executable (copied beside the tests) as a child process.</summary>
public static class PhyloProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static Result Run(TimeSpan timeout, params string[] args) => RunWith(null, timeout, args);

    /// <summary>Runs phylo with extra environment variables (e.g. PHYLO_SIMD, or the runtime's DOTNET_Enable* switches).</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWith(environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), timeout, args);

    /// <summary>Runs phylo with extra environment variables (null values remove a variable).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string?>? env, TimeSpan timeout, params string[] args) =>
        Run(StartInfo(env, args), timeout);

    /// <summary>Runs a prepared start info (see <see cref="StartInfo"/>) to its end.</summary>
    public static Result Run(ProcessStartInfo psi, TimeSpan timeout)
    {
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish in {timeout}");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The start info of a phylo child; <paramref name="prefix"/> runs it through another program (e.g. setpriv).</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?>? env, string[] args, params string[] prefix)
    {
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var psi = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : dotnet)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (string a in prefix.Skip(1)) psi.ArgumentList.Add(a);
        if (prefix.Length > 0) psi.ArgumentList.Add(dotnet);
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "phylo.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true"; // plain log lines, no live progress bars
        foreach (string v in new[] { WriteHooks.PauseVariable, WriteHooks.DiskBytesVariable, WriteHooks.NoExchangeVariable, "PHYLO_DEBUG" })
            psi.Environment.Remove(v);
        if (env is not null)
            foreach (var (k, v) in env)
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
        return psi;
    }

    /// <summary>
    /// Starts phylo with <c>PHYLO_TEST_PAUSE_AT=<paramref name="pauseAt"/></c>, waits until it reports that it paused
    /// there — mid-write of that file, or at that publish step — and kills it. Fails if it ends without pausing, so a
    /// kill test cannot pass by killing a run whose write had already finished.
    /// </summary>
    /// <returns>What the child printed on stderr before the kill.</returns>
    public static async Task<string> KillWhenPaused(string pauseAt, IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var all = new Dictionary<string, string?> { [WriteHooks.PauseVariable] = pauseAt };
        if (env is not null) foreach (var (k, v) in env) all[k] = v;
        using var p = Process.Start(StartInfo(all, args))!;
        _ = p.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        var paused = Task.Run(() =>
        {
            while (p.StandardError.ReadLine() is { } line)
            {
                seen.AppendLine(line);
                if (line == WriteHooks.PausedPrefix + pauseAt) return true;
            }
            return false;
        });
        bool reached = await paused.WaitAsync(TimeSpan.FromMinutes(2));
        if (!reached)
        {
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            throw new InvalidOperationException($"phylo {string.Join(' ', args)} ended (exit {p.ExitCode}) without pausing at {pauseAt}:\n{seen}");
        }
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return seen.ToString();
    }
}
