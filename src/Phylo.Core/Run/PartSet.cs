using Phylo.Store;

namespace Phylo.Run;

/// <summary>The parts of one merge, checked: same kind, inputs, options and shard count, every shard index exactly once.</summary>
public static class PartSet
{
    /// <returns>The parts in shard order.</returns>
    public static List<PartContents> Read(IReadOnlyList<string> paths, params PartKind[] kinds)
    {
        if (paths.Count == 0) throw new PhyloInputException("no parts to merge");
        var parts = new List<PartContents>();
        foreach (string path in paths)
        {
            PartContents p = PartFile.Read(path);
            if (!kinds.Contains(p.Header.Kind))
                throw new PhyloInputException($"{p.FileName}: is a {p.Header.Kind} part, expected {string.Join(" or ", kinds)}");
            if (parts.Count > 0 && parts[0].Header.SameRun(p.Header) is { } why)
                throw new PhyloInputException($"{p.FileName}: {why} (compared with {parts[0].FileName})");
            if (parts.Find(q => q.Header.ShardIndex == p.Header.ShardIndex) is { } dup)
                throw new PhyloInputException($"{p.FileName}: shard {p.Header.ShardIndex} duplicates {dup.FileName}");
            parts.Add(p);
        }
        int n = parts[0].Header.ShardCount;
        var missing = Enumerable.Range(0, n).Where(i => parts.TrueForAll(p => p.Header.ShardIndex != i)).ToList();
        if (missing.Count > 0)
            throw new PhyloInputException($"{parts[0].FileName}: shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} of {n} missing");
        parts.Sort((a, b) => a.Header.ShardIndex.CompareTo(b.Header.ShardIndex));
        return parts;
    }
}
