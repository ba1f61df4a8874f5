using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

public class LevenshteinTests
{
    // Small alphabets make matches (and long common runs) likely; code points above 255 and above U+FFFF take
    // the map path of the pattern masks.
    internal static readonly int[][] Alphabets = [[97, 98], [97, 98, 99, 100, 0x3B1, 0x1F600], Enumerable.Range(0x4E00, 300).ToArray()];

    internal static int[] RandomText(Random rng, int length, int[] alphabet) =>
        Enumerable.Range(0, length).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray();

    internal static int[] Mutate(Random rng, int[] text, int[] alphabet, int edits)
    {
        var list = text.ToList();
        for (int e = 0; e < edits; e++)
        {
            int op = rng.Next(3), at = rng.Next(list.Count + 1);
            if (op == 0 || list.Count == 0) list.Insert(at, alphabet[rng.Next(alphabet.Length)]);
            else if (op == 1) list.RemoveAt(Math.Min(at, list.Count - 1));
            else list[Math.Min(at, list.Count - 1)] = alphabet[rng.Next(alphabet.Length)];
        }
        return list.ToArray();
    }

    [Fact]
    public void Distance_matches_the_dynamic_program_at_every_length()
    {
        var rng = new Random(21);
        for (int len = 0; len <= KernelData.MaxLength; len++)
            foreach (int[] alphabet in Alphabets)
            {
                int[] a = RandomText(rng, len, alphabet);
                int[] b = RandomText(rng, rng.Next(0, KernelData.MaxLength + 1), alphabet);
                int[] near = Mutate(rng, a, alphabet, rng.Next(0, 20));
                Assert.Equal(Levenshtein.ReferenceDistance(a, b), Levenshtein.Distance(a, b));
                Assert.Equal(Levenshtein.ReferenceDistance(b, a), Levenshtein.Distance(b, a));
                Assert.Equal(Levenshtein.ReferenceDistance(a, near), Levenshtein.Distance(a, near));
            }
    }

    [Fact]
    public void Long_patterns_use_many_blocks_correctly()
    {
        var rng = new Random(22);
        foreach (int len in new[] { 511, 512, 513, 1000 })
        {
            int[] a = RandomText(rng, len, Alphabets[1]);
            int[] b = Mutate(rng, a, Alphabets[1], 150);
            int[] c = RandomText(rng, len / 2 + 70, Alphabets[1]);
            Assert.Equal(Levenshtein.ReferenceDistance(a, b), Levenshtein.Distance(a, b));
            Assert.Equal(Levenshtein.ReferenceDistance(a, c), Levenshtein.Distance(a, c));
        }
    }

    [Fact]
    public void Similarity_follows_the_spec_conventions()
    {
        Assert.Equal(1.0, Levenshtein.Similarity([], []));
        Assert.Equal(0.0, Levenshtein.Similarity([], [1]));
        Assert.Equal(0.0, Levenshtein.Similarity([1, 2], []));
        Assert.Equal(1.0 - 1.0 / 4, Levenshtein.Similarity([1, 2, 3, 4], [1, 2, 3]));
        Assert.Equal(1.0, Levenshtein.Similarity([5, 6], [5, 6]));
    }
}
