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
