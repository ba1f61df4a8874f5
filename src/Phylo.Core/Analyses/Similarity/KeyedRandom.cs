using Phylo.Graph;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// A random stream keyed by what it draws: (seed, design, index) through SplitMix64, so draw i of a design is the
/// same pair whichever thread, shard or chunk evaluates it. No state is shared between draws.
/// </summary>
public struct KeyedRandom
{
    private ulong _state;

    public KeyedRandom(ulong seed, ulong design, long index)
    {
        _state = Mix(Mix(Mix(seed) ^ design) ^ (ulong)index);
    }

    /// <summary>SplitMix64's output function.</summary>
    public static ulong Mix(ulong z) => Kernels.SplitMix64.Mix(z);

    /// <summary>Next 64 random bits (SplitMix64 step).</summary>
    public ulong Next() => Kernels.SplitMix64.Next(ref _state);

    /// <summary>Uniform in [0, n), unbiased (Lemire's multiply-shift with rejection). n must be positive.</summary>
    public long Below(long n)
    {
        ulong bound = (ulong)n;
        UInt128 m = (UInt128)Next() * bound;
        ulong low = (ulong)m;
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                m = (UInt128)Next() * bound;
                low = (ulong)m;
            }
        }
        return (long)(ulong)(m >> 64);
    }

    /// <summary>A population's id from its parts (any distinct tuple gives a distinct id).</summary>
    public static ulong DesignId(Genome genome, PairType pair, GraphView view, ulong salt = 0) =>
        Mix(((ulong)genome << 32) | ((ulong)pair << 16) | (ulong)view) ^ salt;

    /// <summary>The id of an exact-mode sample of one design configuration for one genome.</summary>
    public static ulong DesignSampleId(Genome genome, DesignConfig config) =>
        Mix(0x4445_5349_0000_0000UL | ((ulong)genome << 16) | (uint)config.Index);

    /// <summary>The id of the study-mode draws of (configuration, measure): shared by the genomes, so the card,
    /// metadata and metadata-clean values of one draw compare the same pair.</summary>
    public static ulong StudyDrawId(DesignConfig config, SimilarityMeasure measure) =>
        Mix(0x5354_5544_0000_0000UL | ((ulong)(uint)config.Index << 8) | (ulong)measure);
}
