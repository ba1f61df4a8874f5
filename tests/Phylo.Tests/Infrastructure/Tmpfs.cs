using System.Diagnostics;

namespace Phylo.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a test directory, for faults a real file system gives (full, read-only). Needs root with
/// CAP_SYS_ADMIN (CI runs as root in a container that has it); <see cref="TryMount"/> returns null where it cannot mount,
/// and the tests then fall back to a hook or say what they skipped.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    public string Path { get; }

    private Tmpfs(string path) => Path = path;

    public static Tmpfs? TryMount(string path, long bytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return null;
        Directory.CreateDirectory(path);
        return Mount("-t", "tmpfs", "-o", $"size={Kib(bytes)}k,mode=0755", "tmpfs", path) ? new Tmpfs(path) : null;
    }

    /// <summary>Bytes in use (tmpfs counts whole pages, directories and all).</summary>
    public long Used
    {
        get
        {
            var d = new DriveInfo(Path);
            return d.TotalSize - d.TotalFreeSpace;
        }
    }

    /// <summary>Changes the size to <paramref name="bytes"/> rounded down to whole pages (it may not drop below what is in use).</summary>
    public void Resize(long bytes) => Check(Mount("-o", $"remount,size={bytes / 4096 * 4}k", Path), "resize");

    public void MakeReadOnly() => Check(Mount("-o", "remount,ro", Path), "remount read-only");

    public void Dispose()
    {
        if (!Mount("umount", Path)) Mount("umount", "-l", Path);
    }

    private static long Kib(long bytes) => (bytes + 4095) / 4096 * 4;

    private static void Check(bool ok, string what)
    {
        if (!ok) throw new InvalidOperationException($"tmpfs: could not {what}");
    }

    private static bool Mount(params string[] args)
    {
        bool umount = args[0] == "umount";
        var psi = new ProcessStartInfo(umount ? "umount" : "mount") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in umount ? args[1..] : args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no mount program
        }
    }
}
