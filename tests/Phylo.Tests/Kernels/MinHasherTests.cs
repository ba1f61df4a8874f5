using System.Buffers.Binary;
using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

public class MinHasherTests
{
    public static TheoryData<SimdLevel> Levels() => KernelData.Levels();

    private static uint[] Sig(byte[] text)
    {
        var s = new uint[MinHasher.Lanes];
        MinHasher.Signature(text, s);
        return s;
    }

    private static HashSet<ulong> Shingles(byte[] t)
    {
        var set = new HashSet<ulong>();
        if (t.Length is > 0 and < MinHasher.ShingleBytes)
        {
            var pad = new byte[8];
            t.CopyTo(pad, 0);
            set.Add(BinaryPrimitives.ReadUInt64LittleEndian(pad));
        }
        for (int i = 0; i + MinHasher.ShingleBytes <= t.Length; i++) set.Add(BinaryPrimitives.ReadUInt64LittleEndian(t.AsSpan(i)));
        return set;
    }

    // The documented construction, written out over the shingle set: per-bin minimum of the low 31 hash bits,
    // then empty bins copied along ProbeBin's sequence.
    private static uint[] ReferenceSignature(byte[] text)
    {
        var sig = Enumerable.Repeat(MinHasher.Empty, MinHasher.Lanes).ToArray();
        foreach (ulong w in Shingles(text))
        {
            ulong h = MinHasher.Mix(w ^ MinHasher.Seed);
            int bin = (int)(h >> 57);
            sig[bin] = Math.Min(sig[bin], (uint)(h & 0x7FFF_FFFF));
        }
        if (sig.All(v => v == MinHasher.Empty)) return sig;
        var dense = (uint[])sig.Clone();
        for (int j = 0; j < MinHasher.Lanes; j++)
            for (uint a = 1; dense[j] == MinHasher.Empty; a++) dense[j] = sig[MinHasher.ProbeBin(j, a)];
        return dense;
    }

    [Theory, MemberData(nameof(Levels))]
    public void Signature_matches_the_reference_at_every_length(SimdLevel level)
    {
        var rng = new Random(31);
        var sig = new uint[MinHasher.Lanes];
        // Lengths 0..257 cover no, one and several 64-byte vector blocks with every tail; then a few long texts.
        for (int len = 0; len <= KernelData.MaxLength + 900; len += len < KernelData.MaxLength ? 1 : 97)
        {
            byte[] t = KernelData.RandomUtf8(rng, len);
            MinHasher.Signature(t, sig, level);
            Assert.Equal(ReferenceSignature(t), sig);
        }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Equal_lane_count_matches_scalar_at_every_length(SimdLevel level)
    {
        var rng = new Random(32);
        for (int len = 0; len <= KernelData.MaxLength; len++)
        {
            uint[] a = Enumerable.Range(0, len).Select(_ => (uint)rng.Next(4)).ToArray();
            uint[] b = Enumerable.Range(0, len).Select(_ => (uint)rng.Next(4)).ToArray();
            Assert.Equal(a.Zip(b).Count(p => p.First == p.Second), MinHasher.CountEqual(a, b, level));
        }
    }

    [Fact]
    public void Estimates_track_the_true_shingle_jaccard()
    {
        var rng = new Random(33);
        double totalError = 0;
        const int trials = 60;
        for (int k = 0; k < trials; k++)
        {
            byte[] a = KernelData.MostlyAscii(rng, 800);
            byte[] b = (byte[])a.Clone();
            int edits = rng.Next(0, 120);
            for (int e = 0; e < edits; e++) b[rng.Next(b.Length)] = (byte)('a' + rng.Next(26));
            HashSet<ulong> sa = Shingles(a), sb = Shingles(b);
            double truth = (double)sa.Intersect(sb).Count() / sa.Union(sb).Count();
            double est = MinHasher.EstimateJaccard(Sig(a), Sig(b));
            Assert.InRange(est - truth, -0.25, 0.25); // > 5 standard deviations of a 128-lane estimate
            totalError += est - truth;
        }
        Assert.InRange(totalError / trials, -0.05, 0.05);
        Assert.Equal(1.0, MinHasher.EstimateJaccard(Sig([]), Sig([])));
        Assert.Equal(0.0, MinHasher.EstimateJaccard(Sig([]), Sig("some text here"u8.ToArray())));
    }

    [Fact]
    public void Banding_pairs_near_duplicates_and_skips_unrelated_texts()
    {
        var rng = new Random(34);
        byte[] template = KernelData.MostlyAscii(rng, 2000);
        var texts = new List<byte[]> { template };
        byte[] near = (byte[])template.Clone();
        near[1000] ^= 1;
        texts.Add(near);
        for (int k = 0; k < 20; k++) texts.Add(KernelData.MostlyAscii(rng, 2000));
        var sigs = new uint[texts.Count * MinHasher.Lanes];
        for (int t = 0; t < texts.Count; t++) MinHasher.Signature(texts[t], sigs.AsSpan(t * MinHasher.Lanes));
        (int A, int B)[] pairs = LshBands.CandidatePairs(sigs, 32, 4, 100, out int skipped);
        Assert.Equal([(0, 1)], pairs);
        Assert.Equal(0, skipped);
        Assert.Empty(LshBands.CandidatePairs(sigs, 32, 4, 1, out skipped));
        Assert.True(skipped > 0);
    }
}
