using System.Numerics;

namespace Phylo.Analyses.Similarity;

/// <summary>Weighted picks over units laid end to end: <c>cum</c> holds the exclusive prefix sums of the unit weights
/// (length units + 1), so unit u owns [cum[u], cum[u + 1]).</summary>
internal static class Cumulative
{
    /// <summary>The unit whose range holds <paramref name="at"/> (0 ≤ at &lt; cum[^1]): the last start not above it, so a
    /// unit of weight 0 is never returned.</summary>
    public static int UnitOf<T>(T[] cum, T at) where T : INumber<T> => UnitOf((ReadOnlySpan<T>)cum, at);

    /// <inheritdoc cref="UnitOf{T}(T[], T)"/>
    public static int UnitOf<T>(ReadOnlySpan<T> cum, T at) where T : INumber<T>
    {
        int lo = 0, hi = cum.Length - 2;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (cum[mid] <= at) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
