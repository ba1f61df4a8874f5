using System.Runtime.CompilerServices;

namespace Phylo.Kernels;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): the one source of keyed randomness in Phylo. Every sampled or generated
/// value is a pure function of (seed, what is drawn) through these two functions, never a shared <see cref="Random"/>,
/// so threads and shards draw identical values.
/// </summary>
public static class SplitMix64
{
    public const ulong Golden = 0x9E37_79B9_7F4A_7C15;

    /// <summary>One SplitMix64 output for state <paramref name="z"/>: a bijective 64-bit mix of z + golden ratio.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z) => Finalize(z + Golden);

    /// <summary>Advances <paramref name="state"/> by one step and returns its output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state) => Finalize(state += Golden);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
