using Phylo.Cli.Commands;

namespace Phylo.Tests.Cli;

/// <summary>Steps without a shell name every part with a pattern and their own part with {shard}.</summary>
public sealed class PathPatternsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-patterns-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_name_pattern_expands_to_the_matching_files_in_ordinal_order_and_plain_paths_stay()
    {
        foreach (string n in new[] { "part-10.phylopart", "part-2.phylopart", "part-1.phylopart", "other.phylopart" }) File.WriteAllText(Path.Combine(_dir, n), "");
        string P(string n) => Path.Combine(_dir, n);
        Assert.Equal([P("part-1.phylopart"), P("part-10.phylopart"), P("part-2.phylopart"), "/not/there.phylopart"],
            PathPatterns.Expand([P("part-*.phylopart"), "/not/there.phylopart"]));
        Assert.Equal([P("part-1.phylopart")], PathPatterns.Expand([P("part-?.phylopart")]).Take(1));
        var e = Assert.Throws<PhyloInputException>(() => PathPatterns.Expand([P("stats-*.phylopart")]));
        Assert.Equal($"{P("stats-*.phylopart")}: no file matches", e.Message);
    }

    [Fact]
    public void The_shard_placeholder_becomes_the_index() =>
        Assert.Equal("/data/run/part-12.phylopart", PathPatterns.ForShard("/data/run/part-{shard}.phylopart", 12));
}
