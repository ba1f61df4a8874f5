using System.Text;
using Phylo.Analyses.Similarity.Diff;
using Phylo.Kernels;

namespace Phylo.Tests.Analyses;

/// <summary>The diff DNA alignment: the study's tie rules, and a traceback that rebuilds the child at Levenshtein cost.</summary>
public class GenomeDiffTests
{
    [Fact]
    public void Ties_break_delete_before_insert_before_replace()
    {
        // "ab" → "ba": at the end delete, insert and replace all cost 2; delete wins, then the 'a's match, then insert 'b'.
        Assert.Equal(
            [new DiffSegment(DiffOp.Insert, 0, 0, 0, 1), new DiffSegment(DiffOp.Equal, 0, 1, 1, 1), new DiffSegment(DiffOp.Delete, 1, 1, 2, 0)],
            GenomeDiff.Align("ab", "ba"));
        Assert.Equal([new DiffSegment(DiffOp.Replace, 0, 1, 0, 1)], GenomeDiff.Align("a", "b"));   // replace (1) beats delete + insert (2)
        Assert.Equal([new DiffSegment(DiffOp.Equal, 0, 3, 0, 3), new DiffSegment(DiffOp.Insert, 3, 0, 3, 2)], GenomeDiff.Align("abc", "abcde"));
        Assert.Empty(GenomeDiff.Align("", ""));
        Assert.Equal([new DiffSegment(DiffOp.Delete, 0, 2, 0, 0)], GenomeDiff.Align("é🙂", ""));        // code points, not UTF-16 units
    }

    [Fact]
    public void The_alignment_rebuilds_the_child_at_the_levenshtein_distance()
    {
        var rng = new Random(14);
        const string alphabet = "abcé🙂 \n";
        string Random(int n)
        {
            var sb = new StringBuilder();
            var runes = alphabet.EnumerateRunes().ToArray();
            for (int i = 0; i < n; i++) sb.Append(runes[rng.Next(runes.Length)].ToString());
            return sb.ToString();
        }
        for (int trial = 0; trial < 300; trial++)
        {
            string a = Random(rng.Next(0, 40)), b = rng.Next(3) == 0 ? Random(rng.Next(0, 40)) : Mutate(a);
            int[] pa = GenomeDiff.CodePoints(a), pb = GenomeDiff.CodePoints(b);
            var segments = GenomeDiff.Align(a, b);
            Assert.Equal(Levenshtein.Distance(pa, pb), GenomeDiff.Cost(segments));
            var rebuilt = new List<int>();
            int pi = 0, ci = 0;
            foreach (var s in segments)
            {
                Assert.Equal((pi, ci), (s.ParentStart, s.ChildStart));
                if (s.Op == DiffOp.Equal) Assert.Equal(pa[s.ParentStart..(s.ParentStart + s.ParentLength)], pb[s.ChildStart..(s.ChildStart + s.ChildLength)]);
                if (s.Op is DiffOp.Replace) Assert.Equal(s.ParentLength, s.ChildLength);
                rebuilt.AddRange(pb[s.ChildStart..(s.ChildStart + s.ChildLength)]);
                pi += s.ParentLength;
                ci += s.ChildLength;
            }
            Assert.Equal((pa.Length, pb.Length), (pi, ci));
            Assert.Equal(pb, rebuilt);
            for (int k = 1; k < segments.Length; k++) Assert.NotEqual(segments[k - 1].Op, segments[k].Op);   // runs are maximal
        }

        string Mutate(string s)
        {
            var sb = new StringBuilder(s);
            for (int k = rng.Next(1, 5); k > 0; k--)
            {
                int at = rng.Next(sb.Length + 1);
                if (rng.Next(2) == 0 || sb.Length == 0) sb.Insert(at, alphabet[rng.Next(4)]);
                else sb.Remove(Math.Min(at, sb.Length - 1), 1);
            }
            return sb.ToString();
        }
    }

    [Fact]
    public void Too_long_genomes_are_refused_with_a_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => GenomeDiff.Align(new int[20_000], new int[20_000]));
        Assert.Contains("too long to align", e.Message, StringComparison.Ordinal);
    }
}
