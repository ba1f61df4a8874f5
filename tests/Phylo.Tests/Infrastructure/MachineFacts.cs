using Phylo.Kernels;

namespace Phylo.Tests.Infrastructure;

/// <summary>A fact about Linux transparent huge pages: skipped, with the reason, where they cannot be observed
/// (not Linux, THP set to never, or PHYLO_HUGE_PAGES=0).</summary>
public sealed class HugePagesFactAttribute : FactAttribute
{
    public HugePagesFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "transparent huge pages are a Linux feature";
        else if (Environment.GetEnvironmentVariable("PHYLO_HUGE_PAGES") == "0") Skip = "PHYLO_HUGE_PAGES=0 turns the advice off";
        else if (!File.Exists(ThpSetting) || File.ReadAllText(ThpSetting).Contains("[never]", StringComparison.Ordinal))
            Skip = $"{ThpSetting} is absent or [never]: the kernel gives no huge pages";
    }

    private const string ThpSetting = "/sys/kernel/mm/transparent_hugepage/enabled";
}

/// <summary>A fact that needs an AVX-512 CPU (this project's machines have one); skipped elsewhere.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (Simd.Hardware < SimdLevel.V512) Skip = $"the CPU runs vectors up to {Simd.Hardware} only";
    }
}

/// <summary>A fact about a Linux facility (/proc, file modes, renameat2, the deploy scripts' shell); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
    }
}

/// <summary>A fact that runs a bash script; skipped where there is no bash.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    public BashFactAttribute()
    {
        if (Path is null) Skip = "no /bin/bash or /usr/bin/bash";
    }

    public static string? Path => new[] { "/bin/bash", "/usr/bin/bash" }.FirstOrDefault(File.Exists);
}

/// <summary>A fact that mounts a tmpfs (root with CAP_SYS_ADMIN, as in CI); skipped, with the reason, where a probe mount fails.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (!CanMount.Value) Skip = "cannot mount a tmpfs here (needs Linux, root and CAP_SYS_ADMIN)";
    }

    public static readonly Lazy<bool> CanMount = new(() =>
    {
        string probe = Directory.CreateTempSubdirectory("phylo-tmpfs-probe-").FullName;
        try
        {
            using var disk = Tmpfs.TryMount(probe, 64 << 10);
            return disk is not null;
        }
        finally
        {
            try { Directory.Delete(probe, recursive: true); } catch (IOException) { }
        }
    });
}
