using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>The batch (inter-pair SIMD) path against the plain dynamic program, at every level this machine runs.</summary>
public class LevenshteinBatchTests
{
    // The single-pair tests' alphabets plus one straddling the direct table's edge (0, 255 | 256, -1, U+10FFFF),
    // one straddling the lanes' fixed ASCII rows (0..127 | 128..): mostly ASCII, so 16-step chunks mix both paths,
    // and all of ASCII (the byte-compare pattern path: both halves of its character set, 0, 63 | 64, 127).
    private static readonly int[][] Alphabets = [.. LevenshteinTests.Alphabets, [0, 1, 255, 256, -1, 0x10FFFF],
        [0, 'a', 'b', ' ', 'c', 'd', 'e', 126, 127, 128], Enumerable.Range(0, 128).ToArray()];

    private static int[] RandomText(Random rng, int length, int[] alphabet) => LevenshteinTests.RandomText(rng, length, alphabet);

    private static int[] Mutate(Random rng, int[] text, int[] alphabet, int edits) => LevenshteinTests.Mutate(rng, text, alphabet, edits);


    /// <summary>Sequences in one pool with CSR offsets, the way the similarity analysis holds cards.</summary>
    private sealed class Pool
    {
        private readonly List<int> _pool = [];
        private readonly List<int> _offsets = [0];
        private readonly List<int[]> _seqs = [];

        public int Add(int[] seq)
        {
            _pool.AddRange(seq);
            _offsets.Add(_pool.Count);
            _seqs.Add(seq);
            return _seqs.Count - 1;
        }

        public int[] this[int s] => _seqs[s];

        public void Check(SimdLevel level, int[] first, int[] second)
        {
            int[] pool = _pool.ToArray(), offsets = _offsets.ToArray();
            var got = new int[first.Length];
            Levenshtein.Distances(pool, offsets, first, second, got, level);
            for (int p = 0; p < first.Length; p++)
                Assert.True(Levenshtein.ReferenceDistance(this[first[p]], this[second[p]]) == got[p],
                    $"{level} pair {p}/{first.Length}: |a|={this[first[p]].Length} |b|={this[second[p]].Length}");
            var sims = new double[first.Length];
            Levenshtein.Similarities(pool, offsets, first, second, sims, level);
            for (int p = 0; p < first.Length; p++)
                Assert.Equal(Levenshtein.Similarity(this[first[p]], this[second[p]]), sims[p]);
        }
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Every_length_against_random_partners_in_one_mixed_batch(SimdLevel level)
    {
        var rng = new Random(31);
        var pool = new Pool();
        var first = new List<int>();
        var second = new List<int>();
        for (int len = 0; len <= KernelData.MaxLength; len++)
            foreach (int[] alphabet in Alphabets)
            {
                int a = pool.Add(RandomText(rng, len, alphabet));
                int b = pool.Add(RandomText(rng, rng.Next(0, KernelData.MaxLength + 1), alphabet));
                int near = pool.Add(Mutate(rng, pool[a], alphabet, rng.Next(0, 20)));
                first.AddRange([a, b, a, near]);
                second.AddRange([b, a, near, a]);
            }
        pool.Check(level, first.ToArray(), second.ToArray());
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Batches_of_every_size_up_to_17_cover_lane_remainders(SimdLevel level)
    {
        var rng = new Random(32);
        for (int size = 0; size <= 17; size++)
        {
            var pool = new Pool();
            var first = new int[size];
            var second = new int[size];
            for (int p = 0; p < size; p++)
            {
                int[] alphabet = Alphabets[rng.Next(Alphabets.Length)];
                // Mostly one block count per batch (lanes fill up), sometimes another (a second, partial batch).
                int len = rng.Next(4) == 0 ? rng.Next(0, 200) : rng.Next(100, 128);
                first[p] = pool.Add(RandomText(rng, len, alphabet));
                second[p] = pool.Add(rng.Next(2) == 0 ? Mutate(rng, pool[first[p]], alphabet, rng.Next(1, 30)) : RandomText(rng, rng.Next(0, 200), alphabet));
            }
            pool.Check(level, first, second);
        }
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Related_and_unrelated_512_code_point_pairs(SimdLevel level)
    {
        var rng = new Random(33);
        var pool = new Pool();
        var first = new List<int>();
        var second = new List<int>();
        for (int p = 0; p < 24; p++)
        {
            int[] alphabet = Alphabets[p % Alphabets.Length];
            int a = pool.Add(RandomText(rng, 512, alphabet));
            int related = pool.Add(Mutate(rng, pool[a], alphabet, rng.Next(1, 200)));
            int unrelated = pool.Add(RandomText(rng, 512 + rng.Next(-3, 4), alphabet));
            first.AddRange([a, related, a]);
            second.AddRange([related, a, unrelated]);
        }
        // Pairs may repeat and a sequence may meet itself.
        first.AddRange([0, 0, 1]);
        second.AddRange([0, 0, 1]);
        pool.Check(level, first.ToArray(), second.ToArray());
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Patterns_of_5_to_17_blocks_cover_the_register_kernel_and_its_fallback(SimdLevel level)
    {
        var rng = new Random(34);
        var pool = new Pool();
        var first = new List<int>();
        var second = new List<int>();
        for (int len = 258; len <= 1100; len += 23)
        {
            int[] alphabet = Alphabets[len % Alphabets.Length];
            int a = pool.Add(RandomText(rng, len, alphabet));
            int near = pool.Add(Mutate(rng, pool[a], alphabet, rng.Next(1, 60)));
            int other = pool.Add(RandomText(rng, len + rng.Next(-40, 41), alphabet));
            first.AddRange([a, near, a]);
            second.AddRange([near, a, other]);
        }
        pool.Check(level, first.ToArray(), second.ToArray());
    }

    /// <summary>The skewed register kernel (5..8 blocks) is called once per distinct text length of a batch, and
    /// must bring its lagging upper blocks to the segment's end each time: texts of lengths n, n+1, … (segments of
    /// one step), repeated lengths (empty segments), patterns of different m within one block count, and lanes whose
    /// pattern has a code point ≥ 128 (the general mask path) beside all-ASCII lanes (the unrolled 8-block path).</summary>
    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Segments_ending_at_every_text_length_for_5_to_8_blocks(SimdLevel level)
    {
        var rng = new Random(35);
        var pool = new Pool();
        var first = new List<int>();
        var second = new List<int>();
        int[] ascii = Alphabets[^1], mixed = Alphabets[^2];
        for (int blocks = 5; blocks <= 8; blocks++)
            foreach (int[] alphabet in (int[][])[ascii, mixed])
                for (int lane = 0; lane < 8; lane++)
                {
                    int m = 64 * (blocks - 1) + 1 + rng.Next(64);
                    int[] text = RandomText(rng, m + lane / 2 + (lane % 3 == 0 ? 1 : 0), lane == 3 ? mixed : alphabet);
                    int a = pool.Add(RandomText(rng, m, alphabet));
                    int b = pool.Add(rng.Next(2) == 0 ? text : Mutate(rng, pool[a], alphabet, 1 + lane));
                    first.Add(a);
                    second.Add(b);
                }
        // One batch of 8 lanes, text lengths 512 + 0..7: every segment one step long.
        int[] basePattern = RandomText(rng, 512, ascii);
        for (int lane = 0; lane < 8; lane++)
        {
            int a = pool.Add(basePattern);
            int b = pool.Add(RandomText(rng, 512 + lane, ascii));
            first.Add(a);
            second.Add(b);
        }
        pool.Check(level, first.ToArray(), second.ToArray());
    }

    /// <summary>The match table is not cleared between batches (each lane writes every row its text reads): rows
    /// left by all-ASCII patterns must not leak into later batches whose patterns lack those characters, nor into
    /// lanes of the general path (code points ≥ 128) that reuse the same table words, across calls on one thread.</summary>
    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Rows_of_earlier_batches_never_leak_into_later_ones(SimdLevel level)
    {
        var rng = new Random(77);
        int[] wide = Enumerable.Range(32, 96).ToArray(), narrow = ['a', 'b'], mixed = ['a', 'b', 'z', 200, 0x10FFFF];
        foreach (int[] patterns in new[] { wide, narrow, mixed, wide, mixed, narrow })
        {
            var pool = new Pool();
            var first = new List<int>();
            var second = new List<int>();
            for (int p = 0; p < 40; p++)
            {
                int len = rng.Next(1, 600);
                // Patterns over a small alphabet, texts over all of ASCII: most text characters hit rows of the
                // previous round's patterns, none of this round's.
                first.Add(pool.Add(RandomText(rng, len, patterns)));
                second.Add(pool.Add(RandomText(rng, len + rng.Next(0, 40), wide)));
            }
            pool.Check(level, first.ToArray(), second.ToArray());
        }
    }

    [Fact]
    public void Mismatched_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Levenshtein.Distances([1], [0, 1], [0], [0, 0], new int[2], SimdLevel.Scalar));
    }
}
