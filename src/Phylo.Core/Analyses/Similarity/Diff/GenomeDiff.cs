using System.Text;

namespace Phylo.Analyses.Similarity.Diff;

/// <summary>One step kind of a character alignment.</summary>
public enum DiffOp : byte { Equal, Replace, Delete, Insert }

/// <summary>A run of one <see cref="DiffOp"/>: <paramref name="ParentLength"/> code points of the parent from
/// <paramref name="ParentStart"/> against <paramref name="ChildLength"/> of the child (0 on the side a delete or insert lacks).</summary>
public readonly record struct DiffSegment(DiffOp Op, int ParentStart, int ParentLength, int ChildStart, int ChildLength);

/// <summary>
/// The character alignment behind the study's "diff DNA" figure (docs/definitions.md, "Diff DNA"): the full Levenshtein
/// table over code points (unit costs), traced back from the end. Equal characters always take the diagonal; otherwise
/// the cheapest of delete, insert, replace, ties broken in that order (the study's op-name order del &lt; ins &lt; rep).
/// Consecutive steps of one kind form a segment. O(n·m) time and one byte per cell: for genomes, not whole corpora.
/// </summary>
public static class GenomeDiff
{
    /// <summary>Largest table aligned (cells), ~256 MB of traceback.</summary>
    public const long MaxCells = 256L << 20;

    public static DiffSegment[] Align(string parent, string child) => Align(CodePoints(parent), CodePoints(child));

    public static DiffSegment[] Align(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int n = a.Length, m = b.Length;
        long cells = (long)(n + 1) * (m + 1);
        if (cells > MaxCells)
            throw new ArgumentException($"genomes of {n:N0} and {m:N0} characters are too long to align ({cells:N0} cells, at most {MaxCells:N0})");
        var op = new DiffOp[cells];
        var previous = new int[m + 1];
        var current = new int[m + 1];
        for (int j = 0; j <= m; j++) { previous[j] = j; op[j] = DiffOp.Insert; }
        for (int i = 1; i <= n; i++)
        {
            long row = (long)i * (m + 1);
            current[0] = i;
            op[row] = DiffOp.Delete;
            for (int j = 1; j <= m; j++)
            {
                if (a[i - 1] == b[j - 1]) { current[j] = previous[j - 1]; op[row + j] = DiffOp.Equal; continue; }
                int del = previous[j] + 1, ins = current[j - 1] + 1, rep = previous[j - 1] + 1;
                (int cost, DiffOp step) = (del, DiffOp.Delete);
                if (ins < cost) (cost, step) = (ins, DiffOp.Insert);
                if (rep < cost) (cost, step) = (rep, DiffOp.Replace);
                current[j] = cost;
                op[row + j] = step;
            }
            (previous, current) = (current, previous);
        }

        var steps = new List<DiffOp>(n + m);
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            DiffOp s = op[(long)i * (m + 1) + j];
            steps.Add(s);
            if (s != DiffOp.Insert) i--;
            if (s != DiffOp.Delete) j--;
        }
        steps.Reverse();
        var segments = new List<DiffSegment>();
        int pi = 0, ci = 0;
        for (int k = 0; k < steps.Count;)
        {
            DiffOp s = steps[k];
            int run = 1;
            while (k + run < steps.Count && steps[k + run] == s) run++;
            int pl = s == DiffOp.Insert ? 0 : run, cl = s == DiffOp.Delete ? 0 : run;
            segments.Add(new DiffSegment(s, pi, pl, ci, cl));
            pi += pl;
            ci += cl;
            k += run;
        }
        return [.. segments];
    }

    /// <summary>The edit distance the alignment spends (every step but <see cref="DiffOp.Equal"/>).</summary>
    public static int Cost(IEnumerable<DiffSegment> segments) => segments.Where(s => s.Op != DiffOp.Equal).Sum(s => Math.Max(s.ParentLength, s.ChildLength));

    public static int[] CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        foreach (Rune r in s.EnumerateRunes()) list.Add(r.Value);
        return [.. list];
    }
}
