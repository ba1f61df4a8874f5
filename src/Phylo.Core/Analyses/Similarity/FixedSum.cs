namespace Phylo.Analyses.Similarity;

/// <summary>
/// A sum of doubles in 128-bit fixed point (scale 2⁻⁶⁴), so partials merge by integer addition: associative and
/// commutative, hence byte-identical results however a run is split into shards or blocks. Each block sums its
/// values in double in a fixed order and adds the total once; magnitudes must stay below 2⁶³.
/// </summary>
public readonly record struct FixedSum(Int128 Raw)
{
    private const double Scale = 18446744073709551616.0; // 2^64

    public static FixedSum Of(double value) => new((Int128)(value * Scale));

    public double Value => (double)Raw / Scale;

    public static FixedSum operator +(FixedSum a, FixedSum b) => new(a.Raw + b.Raw);
}
