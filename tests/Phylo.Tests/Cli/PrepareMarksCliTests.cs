using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Cli;

/// <summary><c>prepare --marks-for</c> through the CLI: the marks round 2 ships are the ones an analyze shard with the
/// same options takes (the options the key holds reach both commands alike); other options make the shard mark itself.</summary>
[Trait("Speed", "Slow")]
public sealed class PrepareMarksCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-marks-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Ok(PhyloProcess.Result r) => Assert.True(r.ExitCode == 0, r.StdErr);

    [Fact]
    public void Analyze_shards_take_the_marks_prepare_shipped_for_their_options()
    {
        string P(string name) => Path.Combine(_dir, name);
        string csv = P("eco.csv");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(400, 3, CardMode.Full, 2));
        Ok(PhyloProcess.Run("ingest", csv, "--out", P("eco.phylo"), "--quiet"));
        string snap = P("eco.phylo");
        for (int i = 0; i < 2; i++) Ok(PhyloProcess.Run("prepare", snap, "--shard", $"{i}", "--shard-count", "2", "--out", P($"c-{i}.phylopart"), "--quiet"));
        Ok(PhyloProcess.Run("prepare", "--merge", P("c-0.phylopart"), P("c-1.phylopart"), "--out", P("cand.phylopart"), "--quiet"));
        for (int i = 0; i < 2; i++)
            Ok(PhyloProcess.Run("prepare", snap, "--shard", $"{i}", "--shard-count", "2", "--candidates", P("cand.phylopart"), "--marks-for", "3",
                "--sample-size", "50", "--out", P($"s-{i}.phylopart"), "--quiet"));
        Ok(PhyloProcess.Run("prepare", "--merge", P("s-0.phylopart"), P("s-1.phylopart"), "--out", P("prep.phylopart"), "--quiet"));

        PhyloProcess.Result Shard(string sampleSize) =>
            PhyloProcess.Run("analyze", snap, "--shard", "2", "--shard-count", "3", "--sample-size", sampleSize, "--prepared", P("prep.phylopart"), "--out", P("part.phylopart"));
        var same = Shard("50");
        Ok(same);
        Assert.Contains("[marks] from the prepared part", same.StdOut + same.StdErr);
        var other = Shard("60");
        Ok(other);
        Assert.Contains("[marks] enumerated here", other.StdOut + other.StdErr);

        var round1 = PhyloProcess.Run("prepare", snap, "--shard", "0", "--shard-count", "2", "--marks-for", "3", "--out", P("x.phylopart"));
        Assert.Equal(2, round1.ExitCode);
        Assert.Equal("phylo: --marks-for: only round 2 (with --candidates) marks", round1.StdErr.Trim());
    }
}
