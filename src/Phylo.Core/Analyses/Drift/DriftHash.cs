namespace Phylo.Analyses.Drift;

/// <summary>
/// Keyed randomness for drift analyses: no shared <see cref="Random"/>; every draw is a pure
/// function of (seed, what is drawn), so shards and threads draw identical values.
/// </summary>
internal static class DriftHash
{
    /// <summary>SplitMix64's bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z) => Kernels.SplitMix64.Mix(z);

    public static ulong Mix(ulong a, ulong b) => Mix(Mix(a) ^ b);

    /// <summary>
    /// Identity of a parent→child edge by model index. Every shard of a run holds the same table, so the
    /// key is the same in every shard (hashing the id strings instead cost more than the rest of the pass).
    /// </summary>
    public static ulong EdgeKey(ulong seed, int parent, int child) => Mix(Mix(seed, (ulong)parent), (ulong)child);
}
