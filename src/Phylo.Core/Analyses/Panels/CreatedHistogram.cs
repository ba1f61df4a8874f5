using Phylo.Table;

namespace Phylo.Analyses.Panels;

/// <summary>
/// Models per creation time in <see cref="Bins"/> equal-width bins from the earliest to the latest known <c>createdAt</c>
/// (the last bin closed, as numpy's histogram), the study's createdAt histogram (docs/definitions.md). Integer bin
/// arithmetic on Unix seconds, so the result is exact and the same on every machine.
/// </summary>
public sealed record CreatedHistogram(long First, long Last, long[] Counts, long Unknown)
{
    public const int Bins = 100;

    /// <summary>Start of bin <paramref name="bin"/> in Unix seconds (fractional: the width need not be whole seconds).</summary>
    public double Start(int bin) => First + (Last - First) * (double)bin / Counts.Length;

    public static CreatedHistogram Of(ModelTable table, int bins = Bins)
    {
        long first = long.MaxValue, last = long.MinValue, unknown = 0;
        foreach (long t in table.CreatedAt)
        {
            if (t == ModelTable.UnknownTime) { unknown++; continue; }
            if (t < first) first = t;
            if (t > last) last = t;
        }
        var counts = new long[bins];
        if (first > last) return new CreatedHistogram(0, 0, counts, unknown);
        long span = last - first;
        foreach (long t in table.CreatedAt)
        {
            if (t == ModelTable.UnknownTime) continue;
            long bin = span == 0 ? 0 : (long)(((Int128)(t - first) * bins) / span);
            counts[Math.Min(bins - 1, bin)]++;
        }
        return new CreatedHistogram(first, last, counts, unknown);
    }
}
