using System.Globalization;

namespace Phylo.Cli.Commands;

/// <summary>
/// Paths as a step without a shell gives them (a container's args, an AWS Batch command): a file-name pattern
/// (<c>*</c>, <c>?</c>) such as <c>/data/run/part-*.phylopart</c> expands to the matching files in ordinal order, and
/// <c>{shard}</c> in an output path becomes the shard index, so one manifest line serves every array task.
/// </summary>
internal static class PathPatterns
{
    public const string ShardPlaceholder = "{shard}";

    public static string[] Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (string path in paths)
        {
            string name = Path.GetFileName(path);
            if (name.IndexOfAny(['*', '?']) < 0 || File.Exists(path))
            {
                result.Add(path);
                continue;
            }
            string dir = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
            string[] matches = Directory.Exists(dir) ? [.. Directory.GetFiles(dir, name).Order(StringComparer.Ordinal)] : [];
            if (matches.Length == 0) throw new PhyloInputException($"{path}: no file matches");
            result.AddRange(matches);
        }
        return [.. result];
    }

    public static string ForShard(string path, int shard) => path.Replace(ShardPlaceholder, shard.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
