using System.Runtime.Intrinsics;

namespace Phylo.Kernels;

/// <summary>Vector width a kernel may use. Values are the width in bits; Scalar is the plain reference path.</summary>
public enum SimdLevel
{
    Scalar = 0,
    V128 = 128,
    V256 = 256,
    V512 = 512,
}

/// <summary>
/// Which vector path kernels take. <see cref="Hardware"/> is what the CPU accelerates;
/// <see cref="Level"/> is that, capped by the environment variable <c>PHYLO_SIMD=scalar|128|256|512</c>.
/// Kernels expose an overload taking an explicit <see cref="SimdLevel"/> so tests run every path
/// below <see cref="Hardware"/> without touching global state.
/// </summary>
public static class Simd
{
    public static SimdLevel Hardware { get; } = DetectHardware();

    public static SimdLevel Level { get; } = Cap(Parse(Environment.GetEnvironmentVariable("PHYLO_SIMD")));

    /// <summary>Every level this machine can run, scalar first: the set tests iterate.</summary>
    public static IReadOnlyList<SimdLevel> Supported { get; } = BuildSupported();

    public static SimdLevel Cap(SimdLevel wanted) => wanted <= Hardware ? wanted : Hardware;

    public static SimdLevel Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => SimdLevel.V512,
        "scalar" or "0" => SimdLevel.Scalar,
        "128" or "v128" => SimdLevel.V128,
        "256" or "v256" => SimdLevel.V256,
        "512" or "v512" => SimdLevel.V512,
        _ => throw new ArgumentException($"PHYLO_SIMD must be scalar, 128, 256 or 512 (got '{value}')"),
    };

    private static SimdLevel DetectHardware()
    {
        if (Vector512.IsHardwareAccelerated) return SimdLevel.V512;
        if (Vector256.IsHardwareAccelerated) return SimdLevel.V256;
        if (Vector128.IsHardwareAccelerated) return SimdLevel.V128;
        return SimdLevel.Scalar;
    }

    private static SimdLevel[] BuildSupported()
    {
        var list = new List<SimdLevel> { SimdLevel.Scalar };
        foreach (var l in new[] { SimdLevel.V128, SimdLevel.V256, SimdLevel.V512 })
            if (l <= Hardware) list.Add(l);
        return list.ToArray();
    }
}
