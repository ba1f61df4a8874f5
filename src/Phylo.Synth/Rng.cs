namespace Phylo.Synth;

/// <summary>What a random draw is for; each purpose has its own stream so adding draws to one never shifts another.</summary>
internal enum Purpose : ulong
{
    Structure = 1,
    Traits = 2,
    Card = 3,
    Row = 4,
    TemplatePreference = 5,
    Isolated = 6,
    Name = 7,
}

/// <summary>
/// SplitMix64 keyed by (seed, key, stream): the randomness of a model is a pure function of its row,
/// so any worker (or a child re-deriving its parent's card) draws the same values.
/// </summary>
internal struct Rng
{
    private ulong _state;

    public Rng(ulong seed, long key, Purpose purpose)
    {
        _state = Mix(seed ^ Mix(((ulong)key * 0xD1B54A32D192ED03UL) + ((ulong)purpose * 0x9E3779B97F4A7C15UL)));
    }

    public static ulong Mix(ulong z) => Kernels.SplitMix64.Mix(z);

    public ulong Next() => Kernels.SplitMix64.Next(ref _state);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n) for n ≥ 1 (multiply-shift, no modulo bias worth measuring).</summary>
    public int Below(int n) => (int)(((Next() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>Uniform in [lo, hi].</summary>
    public int Between(int lo, int hi) => lo + Below(hi - lo + 1);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(T[] items) => items[Below(items.Length)];

    /// <summary>Log-normal with the given median and log-space sigma (Box–Muller).</summary>
    public double LogNormal(double median, double sigma)
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return median * Math.Exp(sigma * z);
    }
}

/// <summary>A discrete distribution sampled by binary search over cumulative weights.</summary>
internal sealed class Weighted
{
    private readonly double[] _cumulative;

    public Weighted(ReadOnlySpan<double> weights)
    {
        _cumulative = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++) { sum += Math.Max(0, weights[i]); _cumulative[i] = sum; }
        if (sum <= 0) throw new ArgumentException("all weights are zero", nameof(weights));
        for (int i = 0; i < _cumulative.Length; i++) _cumulative[i] /= sum;
        _cumulative[^1] = 1.0;
    }

    public int Count => _cumulative.Length;

    public int Sample(ref Rng rng)
    {
        double u = rng.NextDouble();
        int i = Array.BinarySearch(_cumulative, u);
        if (i < 0) i = ~i; else i++;
        return Math.Min(i, _cumulative.Length - 1);
    }

    /// <summary>
    /// The distribution that, added to what the family nodes already hold, brings the whole table to the
    /// target shares: weight_k = max(0, share_k · total − already_k). Falls back to the shares themselves
    /// when every target is already exceeded.
    /// </summary>
    public static Weighted Residual(ReadOnlySpan<double> shares, ReadOnlySpan<long> already, long total)
    {
        var w = new double[shares.Length];
        double sum = 0, shareSum = 0;
        for (int i = 0; i < shares.Length; i++) shareSum += shares[i];
        for (int i = 0; i < shares.Length; i++)
        {
            w[i] = Math.Max(0, shares[i] / shareSum * total - already[i]);
            sum += w[i];
        }
        return sum > 0 ? new Weighted(w) : new Weighted(shares);
    }
}
