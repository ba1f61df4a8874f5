using System.Numerics;

namespace Phylo.Analyses.Drift;

/// <summary>
/// Exact maximum-agreement linear ordering (the linear ordering problem) by dynamic programming over
/// subsets, O(2ⁿ·n) time and 2ⁿ scores of memory. <c>gain[a·n+b]</c> is what the order earns when item
/// <c>a</c> precedes item <c>b</c>. Ties resolve to the lexicographically smallest order of item indices.
/// </summary>
public static class OptimalOrder
{
    /// <summary>Largest n solved (2²⁵ int scores = 128 MiB).</summary>
    public const int MaxItems = 25;

    /// <summary>Returns the optimal order of items 0..n-1 and its score.</summary>
    public static int[] Solve<T>(ReadOnlySpan<T> gain, int n, out T score) where T : struct, IBinaryInteger<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxItems);
        if (gain.Length != n * n) throw new ArgumentException("gain must be n×n", nameof(gain));
        if (n == 0) { score = T.Zero; return []; }

        // lead(v, S) = Σ_{u∈S} gain[v,u], split into two half-width lookup tables so it costs O(1).
        int lowBits = n / 2, highBits = n - lowBits;
        uint lowMask = (1u << lowBits) - 1;
        T[] low = SubsetSums(gain, n, 0, lowBits);
        T[] high = SubsetSums(gain, n, lowBits, highBits);

        // best[S] = the largest score of an order of S alone, its first item v earning lead(v, S∖v).
        uint full = (1u << n) - 1;
        T[] best = GC.AllocateUninitializedArray<T>((int)full + 1);
        best[0] = T.Zero;
        for (uint set = 1; set <= full; set++)
        {
            T top = T.Zero;
            bool any = false;
            for (uint bits = set; bits != 0; bits &= bits - 1)
            {
                int v = BitOperations.TrailingZeroCount(bits);
                uint rest = set & ~(1u << v);
                T value = best[rest] + low[(v << lowBits) | (int)(rest & lowMask)] + high[(v << highBits) | (int)(rest >> lowBits)];
                if (!any || value > top) { top = value; any = true; }
            }
            best[set] = top;
        }

        // Walk forward: the smallest item that still allows an optimal completion goes next.
        var order = new int[n];
        uint remaining = full;
        for (int k = 0; k < n; k++)
        {
            for (uint bits = remaining; bits != 0; bits &= bits - 1)
            {
                int v = BitOperations.TrailingZeroCount(bits);
                uint rest = remaining & ~(1u << v);
                T value = best[rest] + low[(v << lowBits) | (int)(rest & lowMask)] + high[(v << highBits) | (int)(rest >> lowBits)];
                if (value != best[remaining]) continue;
                order[k] = v;
                remaining = rest;
                break;
            }
        }
        score = best[full];
        return order;
    }

    /// <summary>table[v·2^bits + m] = Σ gain[v, offset+i] over the bits i set in m.</summary>
    private static T[] SubsetSums<T>(ReadOnlySpan<T> gain, int n, int offset, int bits) where T : struct, IBinaryInteger<T>
    {
        int size = 1 << bits;
        var table = new T[n * size];
        for (int v = 0; v < n; v++)
        {
            int row = v * size;
            for (int m = 1; m < size; m++)
            {
                int i = BitOperations.TrailingZeroCount(m);
                table[row + m] = table[row + (m & (m - 1))] + gain[v * n + offset + i];
            }
        }
        return table;
    }

    /// <summary>The score of a given order under <paramref name="gain"/> (reference for tests and reports).</summary>
    public static T Score<T>(ReadOnlySpan<T> gain, int n, ReadOnlySpan<int> order) where T : struct, IBinaryInteger<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < order.Length; i++)
            for (int j = i + 1; j < order.Length; j++)
                sum += gain[order[i] * n + order[j]];
        return sum;
    }
}
