using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Phylo.Tests.Infrastructure;

/// <summary>Gives the test run its own temp directory and removes it when the run ends, so no test leaves files in
/// the machine's temp directory, including tests that fail before their own cleanup and child <c>phylo</c>
/// processes (they inherit <c>TMPDIR</c>). The test host cannot remove it itself: <c>dotnet test</c> kills the host
/// about 100 ms after the last test, in the middle of a <see cref="AppDomain.ProcessExit"/> handler that deletes a full
/// run's ~250 MB (seen: the directory stayed). So a small shell process started here waits for the host to be gone and
/// then removes the directory; if even that is killed, the next run removes the directories whose process is gone.</summary>
internal static class TestTempRoot
{
    private const string Prefix = "phylo-tests-";

    /// <summary>This run's temp directory (what <see cref="Path.GetTempPath"/> returns inside the tests).</summary>
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void Initialize()
    {
        string machineTemp = System.IO.Path.GetTempPath();
        RemoveOrphans(machineTemp);
        // Short: Chromium (BrowserTests) puts a Unix socket below TMPDIR, and a socket path has at most 107 bytes.
        Path = System.IO.Path.Combine(machineTemp, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable("TMPDIR", Path);
        RemoveWhenGone(Environment.ProcessId, Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Path);
    }

    /// <summary>Starts a detached shell that polls until process <paramref name="pid"/> has exited, then deletes
    /// <paramref name="dir"/> (stdio on /dev/null, so <c>dotnet test</c> does not wait for it).</summary>
    private static void RemoveWhenGone(int pid, string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        string quoted = "'" + dir.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        string script = $"(while kill -0 {pid} 2>/dev/null; do sleep 1; done; rm -rf {quoted}) </dev/null >/dev/null 2>&1 &";
        try
        {
            using var p = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false })!;
            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no sh: the ProcessExit handler and the next run's orphan sweep remain
        }
    }

    private static void RemoveOrphans(string machineTemp)
    {
        foreach (string dir in Directory.EnumerateDirectories(machineTemp, Prefix + "*"))
        {
            string rest = System.IO.Path.GetFileName(dir)[Prefix.Length..];
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest.AsSpan(0, dash), out int pid) && !IsAlive(pid))
            {
                UnmountUnder(dir);
                TryDelete(dir);
            }
        }
    }

    /// <summary>Lazily unmounts what a killed run's fault tests left mounted (a tmpfs) below <paramref name="dir"/>.</summary>
    private static void UnmountUnder(string dir)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/mounts")) return;
        foreach (string line in File.ReadLines("/proc/self/mounts"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 2) continue;
            string mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            if (!mountPoint.StartsWith(dir + "/", StringComparison.Ordinal)) continue;
            try
            {
                using var p = Process.Start(new ProcessStartInfo("umount", ["-l", mountPoint]) { UseShellExecute = false, RedirectStandardError = true })!;
                p.WaitForExit();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return; // no umount here
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // a mount point a fault test could not unmount, or a file a child still holds: left for the next run
        }
        catch (UnauthorizedAccessException)
        {
            // a read-only directory made by a permission test: left for the next run
        }
    }
}
