namespace Phylo.Drift;

/// <summary>
/// Keyed randomness for drift analyses: no shared <see cref="Random"/>; every draw is a pure
/// function of (seed, what is drawn), so shards and threads draw identical values.
/// </summary>
internal static class DriftHash
{
    /// <summary>SplitMix64 finalizer (Steele, Lea, Flood 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Mix(ulong a, ulong b) => Mix(Mix(a) ^ b);

    /// <summary>
    /// Identity of a parent→child edge by model index. Every shard of a run holds the same table, so the
    /// key is the same in every shard (hashing the id strings instead cost more than the rest of the pass).
    /// </summary>
    public static ulong EdgeKey(ulong seed, int parent, int child) => Mix(Mix(seed, (ulong)parent), (ulong)child);
}
