using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Phylo.Tests.Infrastructure;

/// <summary>Gives the test run its own temp directory and removes it when the run ends, so no test leaves files in
/// the machine's temp directory, including tests that fail before their own cleanup and child <c>phylo</c>
/// processes (they inherit <c>TMPDIR</c>). A run that was killed cannot clean up; the next run removes the
/// directories whose process is gone.</summary>
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
        Path = System.IO.Path.Combine(machineTemp, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable("TMPDIR", Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Path);
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
