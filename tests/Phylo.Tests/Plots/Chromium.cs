using System.Diagnostics;

namespace Phylo.Tests.Plots;

/// <summary>
/// Headless Chromium for the report.html test: the binary named by PHYLO_CHROMIUM. Unset: the test is
/// skipped with the reason. Set but missing: the test fails, never silently passes.
/// </summary>
public static class Chromium
{
    public const string Variable = "PHYLO_CHROMIUM";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string? Configured => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    public static string Binary
    {
        get
        {
            string path = Configured ?? throw new InvalidOperationException($"{Variable} is not set");
            if (!File.Exists(path)) throw new FileNotFoundException($"{Variable}={path} does not exist", path);
            return path;
        }
    }

    /// <summary>Runs Chromium headless on <paramref name="url"/> with extra arguments; returns stdout. Kills it on timeout.</summary>
    public static string Run(string url, params string[] extra)
    {
        string profile = Path.Combine(Path.GetTempPath(), "phylo-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", $"--user-data-dir={profile}"])
            psi.ArgumentList.Add(a);
        foreach (string a in extra) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(url);
        try
        {
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', psi.ArgumentList)}");
            }
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"chromium exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>A fact that needs headless Chromium; skipped (with the reason) when PHYLO_CHROMIUM is unset.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Configured is null)
            Skip = $"{Chromium.Variable} is not set (path to a chromium binary; apt-get install -y chromium → /usr/bin/chromium)";
    }
}
