namespace Phylo.Analyses.Drift;

/// <summary>
/// Exact tally of per-edge Jaccard distances: a histogram of (|P∩C|, |P∪C|) pairs, so partials of any
/// shard partition merge to identical integers and the mean is summed once, in a fixed order.
/// Unions up to <see cref="DenseUnion"/> live in a dense array; larger ones (long dataset lists) in a dictionary.
/// </summary>
internal sealed class JaccardTally
{
    public const int DenseUnion = 31;
    private const int Stride = DenseUnion + 1;

    private readonly long[] _dense = new long[Stride * Stride];
    private readonly Dictionary<long, long> _large = [];

    /// <summary>Edges tallied.</summary>
    public long Count { get; private set; }

    public void Add(int intersection, int union)
    {
        Count++;
        if (union <= DenseUnion) _dense[union * Stride + intersection]++;
        else
        {
            long key = ((long)union << 32) | (uint)intersection;
            _large[key] = _large.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The histogram as stored, for serializing a shard's partial (see DriftPartialCodec).</summary>
    internal (long[] Dense, Dictionary<long, long> Large) Cells => (_dense, _large);

    internal static JaccardTally Restore(long count, long[] dense, Dictionary<long, long> large)
    {
        if (dense.Length != Stride * Stride) throw new InvalidDataException("Jaccard tally of the wrong shape");
        var t = new JaccardTally { Count = count };
        dense.CopyTo(t._dense, 0);
        foreach (var (k, n) in large) t._large[k] = n;
        return t;
    }

    public void AddFrom(JaccardTally other)
    {
        Count += other.Count;
        for (int i = 0; i < _dense.Length; i++) _dense[i] += other._dense[i];
        foreach (var (key, n) in other._large) _large[key] = _large.GetValueOrDefault(key) + n;
    }

    /// <summary>Mean Jaccard distance 1 − |P∩C|/|P∪C| over the tallied edges; NaN when none.</summary>
    public double MeanDistance()
    {
        if (Count == 0) return double.NaN;
        double sum = 0;
        for (int u = 1; u <= DenseUnion; u++)
            for (int i = 0; i <= u; i++)
            {
                long n = _dense[u * Stride + i];
                if (n != 0) sum += n * (double)(u - i) / u;
            }
        var keys = _large.Keys.ToArray();
        Array.Sort(keys);
        foreach (long key in keys)
        {
            int u = (int)(key >> 32), i = (int)(uint)key;
            sum += _large[key] * (double)(u - i) / u;
        }
        return sum / Count;
    }
}
