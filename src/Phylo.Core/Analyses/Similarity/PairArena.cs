namespace Phylo.Analyses.Similarity;

/// <summary>
/// The pair phase's large scratch arrays, reused from one population or design sample to the next: a population's
/// units and cumulative weights, its valid-children lists, the three-generation prefixes, the random population's
/// models, a design sampler's units. At full scale each is of the model, edge or unit count (7–24 MB), ~40 populations
/// and ~12 design samples ask for them one after the other, and fresh arrays were ~1.5 GB of large objects over the
/// phase: pages the kernel zeroes on first touch, garbage that only a full collection frees (native-notes/similarity.md,
/// "The pair phase's arena"). An arena grows each array to the largest request and hands it out again.
/// <para>A population, valid-children list or design sampler built from an arena is valid until the next one of its kind
/// is built from the same arena: the caller builds, evaluates and drops them one at a time. Arrays are handed out
/// longer than asked and uninitialized; the builders write every element they read (or clear it).</para>
/// </summary>
public sealed class PairArena
{
    internal int[] UnitA = [], UnitB = [], Models = [], ValidStart = [], Valid = [];
    internal long[] UnitCum = [], Grand = [], Below = [], DesignPairs = [];
    internal double[] DesignCum = [];

    /// <summary><paramref name="slot"/> with at least <paramref name="length"/> elements (grown by half again, so a
    /// run of slightly larger requests does not reallocate each time); the contents are unspecified.</summary>
    internal static T[] Take<T>(ref T[] slot, int length)
    {
        if (slot.Length < length) slot = GC.AllocateUninitializedArray<T>(Math.Max(length, slot.Length + slot.Length / 2));
        return slot;
    }
}
