namespace Phylo.Analyses.Similarity;

/// <summary>
/// A sum of doubles in 128-bit fixed point (scale 2⁻⁶⁴), so partials merge by integer addition: associative and
/// commutative, hence byte-identical results however a run is split into shards or blocks. Each block sums its
/// values in double in a fixed order and adds the total once; magnitudes must stay below 2⁶³.
/// </summary>
public readonly record struct FixedSum(Int128 Raw)
{
    private const double Scale = 18446744073709551616.0; // 2^64

    /// <summary>value · 2⁶⁴ truncated toward zero. The pair phase converts every sampled value and its square
    /// (tens of millions at full scale): a value in [0, 1) — nearly all of them — takes one hardware conversion to
    /// ulong (exact, truncating), the others the general Int128 conversion (≈ 3× slower), with the same result.</summary>
    public static FixedSum Of(double value)
    {
        double scaled = value * Scale;
        return scaled >= 0 && scaled < Scale ? new(new Int128(0, (ulong)scaled)) : new((Int128)scaled);
    }

    public double Value => (double)Raw / Scale;

    public static FixedSum operator +(FixedSum a, FixedSum b) => new(a.Raw + b.Raw);
}
