namespace Phylo.Kernels;

/// <summary>
/// Locality-sensitive banding over MinHash signatures: b bands of r lanes; two texts become a candidate pair when
/// all r lanes of at least one band agree (probability 1 − (1 − Jʳ)ᵇ). Deterministic: per band, (key, text) pairs
/// are sorted and equal-key runs emit their pairs; the union over bands is sorted and deduplicated.
/// </summary>
public static class LshBands
{
    /// <summary>Candidate pairs (a &lt; b) from <paramref name="signatures"/> (text i at lanes [128·i, 128·i+128)).
    /// Buckets holding more than <paramref name="maxBucket"/> texts (one template shared by thousands of cards)
    /// are skipped and counted in <paramref name="skippedBuckets"/> so their quadratic pair count cannot explode.</summary>
    public static (int A, int B)[] CandidatePairs(ReadOnlySpan<uint> signatures, int bands, int rows, int maxBucket, out int skippedBuckets)
    {
        if (signatures.Length % MinHasher.Lanes != 0) throw new ArgumentException("signatures must be a multiple of 128 lanes");
        int n = signatures.Length / MinHasher.Lanes;
        var keys = new ulong[n * bands];
        Span<ulong> one = stackalloc ulong[bands];
        for (int t = 0; t < n; t++)
        {
            MinHasher.BandKeys(signatures.Slice(t * MinHasher.Lanes, MinHasher.Lanes), bands, rows, one);
            for (int band = 0; band < bands; band++) keys[band * n + t] = one[band];
        }
        var pairs = new List<ulong>();
        var bandKeys = new ulong[n];
        var texts = new int[n];
        skippedBuckets = 0;
        for (int band = 0; band < bands; band++)
        {
            Array.Copy(keys, band * n, bandKeys, 0, n);
            for (int t = 0; t < n; t++) texts[t] = t;
            Array.Sort(bandKeys, texts);
            for (int s = 0; s < n;)
            {
                int e = s + 1;
                while (e < n && bandKeys[e] == bandKeys[s]) e++;
                if (e - s > maxBucket) skippedBuckets++;
                else
                {
                    Array.Sort(texts, s, e - s);
                    for (int x = s; x < e; x++)
                        for (int y = x + 1; y < e; y++) pairs.Add(((ulong)(uint)texts[x] << 32) | (uint)texts[y]);
                }
                s = e;
            }
        }
        pairs.Sort();
        var result = new List<(int, int)>(pairs.Count);
        for (int k = 0; k < pairs.Count; k++)
            if (k == 0 || pairs[k] != pairs[k - 1]) result.Add(((int)(pairs[k] >> 32), (int)(uint)pairs[k]));
        return result.ToArray();
    }
}
