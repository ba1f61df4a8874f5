using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86 = System.Runtime.Intrinsics.X86;

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
/// <para>This class is the only place in Phylo that asks the CPU what it supports. A kernel that wants an instruction
/// set beyond plain <c>VectorN</c> asks a gate below with the level it runs at: the gate is true only when that level's
/// width covers the instruction set and the CPU has it, so <c>PHYLO_SIMD=128</c> never runs an AVX2 or AVX-512
/// instruction and every fallback is reachable on any machine (a test scans the sources for other checks).
/// Prefetches are hints that change no result and exist at every level (SSE's <c>prefetcht*</c>).</para>
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

    /// <summary>SSE2 (128-bit integer shuffles) at <paramref name="level"/>.</summary>
    public static bool Sse2(SimdLevel level) => level >= SimdLevel.V128 && X86.Sse2.IsSupported;

    /// <summary>PCLMULQDQ (carry-less multiply, a 128-bit instruction) at <paramref name="level"/>.</summary>
    public static bool Pclmul(SimdLevel level) => level >= SimdLevel.V128 && X86.Pclmulqdq.IsSupported;

    /// <summary>AVX2 (256-bit integer shuffles) at <paramref name="level"/>.</summary>
    public static bool Avx2(SimdLevel level) => level >= SimdLevel.V256 && X86.Avx2.IsSupported;

    /// <summary>BMI2's 64-bit <c>pdep</c>. A scalar instruction, gated with the AVX2 generation it shipped with so
    /// that levels below 256 run the portable path.</summary>
    public static bool Bmi2(SimdLevel level) => level >= SimdLevel.V256 && X86.Bmi2.X64.IsSupported;

    /// <summary>AVX-512 Foundation at <paramref name="level"/>.</summary>
    public static bool Avx512F(SimdLevel level) => level >= SimdLevel.V512 && X86.Avx512F.IsSupported;

    /// <summary>AVX-512 byte/word instructions at <paramref name="level"/>.</summary>
    public static bool Avx512BW(SimdLevel level) => level >= SimdLevel.V512 && X86.Avx512BW.IsSupported;

    /// <summary>AVX-512 VBMI byte permutes and DQ at <paramref name="level"/>.</summary>
    public static bool Avx512Vbmi(SimdLevel level) => level >= SimdLevel.V512 && X86.Avx512Vbmi.IsSupported && X86.Avx512DQ.IsSupported;

    /// <summary>Prefetch into every cache level (a hint; no-op where SSE is absent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch0(void* address)
    {
        if (X86.Sse.IsSupported) X86.Sse.Prefetch0(address);
    }

    /// <summary>Prefetch into L2 and below (a hint; no-op where SSE is absent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch1(void* address)
    {
        if (X86.Sse.IsSupported) X86.Sse.Prefetch1(address);
    }

    /// <summary>Whether prefetch hints do anything here (callers skip computing addresses when not).</summary>
    public static bool CanPrefetch => X86.Sse.IsSupported;

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
