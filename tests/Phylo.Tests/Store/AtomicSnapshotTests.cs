using System.Text;
using Phylo.Output;
using Phylo.Store;
using Phylo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phylo.Tests.Store;

/// <summary>A snapshot appears whole or not at all; temporaries of killed writers are cleaned on the next write.</summary>
[Trait("Speed", "Slow")]
public sealed class AtomicSnapshotTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Temps(string name) => Directory.GetFiles(_dir, $".{name}.*.tmp");

    [Fact]
    public void A_writer_that_fails_midway_leaves_neither_the_file_nor_a_temporary()
    {
        string path = Path.Combine(_dir, "eco.phylo");
        var e = Record.Exception(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1 << 20]);
            throw new IOException("disk full");
        }));
        Assert.IsType<IOException>(e);
        Assert.False(File.Exists(path));
        Assert.Empty(Temps("eco.phylo"));
    }

    [Fact]
    public void The_next_write_removes_temporaries_of_dead_writers_but_not_of_live_ones()
    {
        string path = Path.Combine(_dir, "eco.phylo");
        string dead = Path.Combine(_dir, $".eco.phylo.{int.MaxValue}.{Guid.NewGuid():N}.tmp");   // no such process
        string live = Path.Combine(_dir, $".eco.phylo.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string other = Path.Combine(_dir, $".other.phylo.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        foreach (string f in new[] { dead, live, other }) File.WriteAllText(f, "half");

        Snapshot.Write(SnapshotRoundTripTests.EveryFieldTable(extra: 0), path);

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Equal(4, Snapshot.Read(path).Count);
    }

    /// <summary>Cards of random words: a snapshot of several chunks, so the kill lands with only part of it on disk.</summary>
    private string BigInput()
    {
        var rng = new Random(11);
        var csv = new PublishedCsv();
        var card = new StringBuilder();
        for (int i = 0; i < 8000; i++)
        {
            card.Clear();
            while (card.Length < 5000) card.Append((char)('a' + rng.Next(26))).Append(rng.Next(4) == 0 ? " " : "");
            csv.Row($"org/m{i}", finetune: i > 0 ? $"['org/m{rng.Next(i)}']" : "[]", card: card.ToString());
        }
        string path = Path.Combine(_dir, "big.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task A_writer_killed_while_writing_leaves_the_old_snapshot_and_the_next_run_cleans_up()
    {
        string input = BigInput(), path = Path.Combine(_dir, "eco.phylo");
        Snapshot.Write(SnapshotRoundTripTests.EveryFieldTable(extra: 0), path);
        byte[] old = File.ReadAllBytes(path);
        // The child says when the snapshot's first bytes are on disk (test hook), and is killed right then.
        string log = await PhyloProcess.KillWhenPaused("eco.phylo", null, "ingest", input, "--out", path, "--threads", "2");
        output.WriteLine(log);
        Assert.Equal(old, File.ReadAllBytes(path));
        Assert.True(Directory.Exists(Path.Combine(_dir, ".eco.phylo.staging")), "the kill should leave the dead run's staging");

        var r = PhyloProcess.Run("ingest", input, "--out", path, "--threads", "2", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(8000, Snapshot.Read(path).Count);
        Assert.Equal(["big.csv", "eco.phylo"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order());
    }
}
