using Phylo.Output;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Output;

/// <summary>StagedOutput publishes all or nothing, cleans up after itself and after dead runs, and refuses what it must.</summary>
public sealed class StagedOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-staged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static void WriteReport(string dir, string text)
    {
        AtomicFile.WriteText(Path.Combine(dir, "run.json"), w => w.Write("{}\n"));
        AtomicFile.WriteText(Path.Combine(dir, "report.json"), w => w.Write(text));
        Directory.CreateDirectory(Path.Combine(dir, "figures"));
        AtomicFile.WriteText(Path.Combine(dir, "figures", "a.png"), w => w.Write(text));
    }

    [Fact]
    public void A_directory_is_replaced_whole_and_nothing_is_left_beside_it()
    {
        string target = FileTree.OldReport(P("out"));
        using (var output = StagedOutput.ForDirectory(target))
        {
            Assert.Empty(Directory.GetFileSystemEntries(output.StagedPath));
            output.Write(dir => WriteReport(dir, "new"));
        }
        Assert.Equal(["figures/", "figures/a.png", "report.json", "run.json"],
            FileTree.Of(target).Description.Split('\n').Skip(1).Select(l => l.Split(' ')[0]));
        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "report.json")));
        Assert.Equal(["out"], FileTree.Names(_dir));
    }

    [Fact]
    public void A_failure_while_writing_leaves_the_directory_as_it_was_and_names_it_in_one_line()
    {
        string target = FileTree.OldReport(P("out"));
        var before = FileTree.Of(target);
        using (WriteHooks.LimitDisk(_dir, 5))
        using (var output = StagedOutput.ForDirectory(target))
        {
            var e = Assert.Throws<OutputException>(() => output.Write(dir => WriteReport(dir, "a report longer than five bytes")));
            Assert.Equal($"{target}: no space left on device (writing report.json)", e.Message);
            Assert.Equal(28, Assert.IsType<IOException>(e.InnerException).HResult);
        }
        Assert.Equal(before, FileTree.Of(target));
        Assert.Equal(["out"], FileTree.Names(_dir));
    }

    [Fact]
    public void Files_and_their_companions_are_published_together_or_not_at_all()
    {
        string csv = P("eco.csv"), truth = P("eco.truth.json");
        File.WriteAllText(csv, "old csv");
        File.WriteAllText(truth, "old truth");
        using (WriteHooks.LimitDisk(_dir, 12))
        using (var output = StagedOutput.ForFile(csv, truth))
        {
            var e = Assert.Throws<OutputException>(() => output.Write(path =>
            {
                AtomicFile.WriteText(path, w => w.Write("new csv"));
                AtomicFile.WriteText(output.StagedPathOf(truth), w => w.Write("new truth"));
            }));
            Assert.Equal($"{csv}: no space left on device (writing eco.truth.json)", e.Message);
        }
        Assert.Equal(("old csv", "old truth"), (File.ReadAllText(csv), File.ReadAllText(truth)));
        using (var output = StagedOutput.ForFile(csv, truth))
            output.Write(path =>
            {
                AtomicFile.WriteText(path, w => w.Write("new csv"));
                AtomicFile.WriteText(output.StagedPathOf(truth), w => w.Write("new truth"));
            });
        Assert.Equal(("new csv", "new truth"), (File.ReadAllText(csv), File.ReadAllText(truth)));
        Assert.Equal(["eco.csv", "eco.truth.json"], FileTree.Names(_dir));
    }

    [Fact]
    public void A_second_writer_of_the_same_target_is_refused_until_the_first_lets_go()
    {
        string target = P("out");
        using (var first = StagedOutput.ForDirectory(target))
        {
            var e = Assert.Throws<OutputException>(() => StagedOutput.ForDirectory(target));
            Assert.Equal($"{target}: another phylo run is writing it (it holds .out.lock); wait for it to end", e.Message);
            using (StagedOutput.ForDirectory(P("other"))) { } // another target is free
        }
        using (var second = StagedOutput.ForDirectory(target)) second.Write(dir => WriteReport(dir, "x"));
        Assert.Equal(["out"], FileTree.Names(_dir));
    }

    [Fact]
    public void A_dead_runs_unfinished_staging_is_discarded()
    {
        string target = FileTree.OldReport(P("out"));
        var before = FileTree.Of(target);
        string staging = P(".out.staging");
        WriteReport(Directory.CreateDirectory(Path.Combine(staging, "out")).FullName, "half");
        File.WriteAllText(P(".out.lock"), "12345\n"); // its lock file stays behind; the lock itself died with it
        using (StagedOutput.ForDirectory(target)) { }
        Assert.Equal(before, FileTree.Of(target));
        Assert.Equal(["out"], FileTree.Names(_dir));
    }

    /// <summary>A run killed inside the aside-and-rename publish (marker written): each state it can die in is finished
    /// by the next run, which then finds the new output in place.</summary>
    [Theory]
    [InlineData("marked")]        // marker written, nothing moved
    [InlineData("aside")]         // old directory moved aside, new one not yet in place
    [InlineData("renamed")]       // new one in place, staging not yet deleted
    public void A_dead_runs_completed_staging_is_rolled_forward(string state)
    {
        string target = FileTree.OldReport(P("out"));
        string staging = P(".out.staging"), staged = Path.Combine(staging, "out");
        WriteReport(Directory.CreateDirectory(staged).FullName, "new");
        File.WriteAllText(Path.Combine(staging, ".publish"), "directory\nout\n");
        if (state is "aside" or "renamed") Directory.Move(target, Path.Combine(staging, ".old"));
        if (state is "renamed") Directory.Move(staged, target);
        var expected = FileTree.Of(state == "renamed" ? target : staged);

        using (StagedOutput.ForDirectory(target)) { }
        Assert.Equal(expected, FileTree.Of(target));
        Assert.Equal(["out"], FileTree.Names(_dir));
    }

    [Fact]
    public void Dead_runs_completed_files_are_rolled_forward()
    {
        string csv = P("eco.csv"), truth = P("eco.truth.json");
        File.WriteAllText(csv, "old csv");
        File.WriteAllText(truth, "old truth");
        string staging = Directory.CreateDirectory(P(".eco.csv.staging")).FullName;
        File.WriteAllText(Path.Combine(staging, "eco.truth.json"), "new truth"); // the csv was already renamed in place
        File.WriteAllText(csv, "new csv");
        File.WriteAllText(Path.Combine(staging, ".publish"), "files\neco.csv\neco.truth.json\n");
        using (StagedOutput.ForFile(csv, truth)) { }
        Assert.Equal(("new csv", "new truth"), (File.ReadAllText(csv), File.ReadAllText(truth)));
        Assert.Equal(["eco.csv", "eco.truth.json"], FileTree.Names(_dir));
    }

    [Fact]
    public void What_is_not_an_earlier_output_is_never_replaced()
    {
        string mine = Directory.CreateDirectory(P("mine")).FullName;
        File.WriteAllText(Path.Combine(mine, "thesis.tex"), "precious");
        var e = Assert.Throws<PhyloInputException>(() => StagedOutput.ForDirectory(mine));
        Assert.StartsWith($"{mine}: exists and holds no run.json", e.Message);

        string old = FileTree.OldReport(P("out"));
        string input = Path.Combine(old, "eco.csv");
        File.WriteAllText(input, "x");
        e = Assert.Throws<PhyloInputException>(() => StagedOutput.ForDirectory(old, [input]));
        Assert.StartsWith($"{input}: lies inside {old}", e.Message);
        Assert.Equal(["mine", "out"], FileTree.Names(_dir));
    }

    [Fact]
    public void A_target_of_the_wrong_kind_is_one_line_before_any_work()
    {
        string file = P("afile");
        File.WriteAllText(file, "x");
        Assert.Equal($"{file}: is a file, not a directory", Assert.Throws<OutputException>(() => StagedOutput.ForDirectory(file)).Message);
        Assert.Equal($"{file}/sub/out: {file} is a file, not a directory",
            Assert.Throws<OutputException>(() => StagedOutput.ForDirectory(Path.Combine(file, "sub", "out"))).Message);
        string dir = Directory.CreateDirectory(P("adir")).FullName;
        Assert.Equal($"{dir}: is a directory", Assert.Throws<OutputException>(() => StagedOutput.ForFile(dir)).Message);
        Assert.Equal(["adir", "afile"], FileTree.Names(_dir));
    }

    [Fact]
    public void Staged_paths_map_to_where_they_are_published()
    {
        using var output = StagedOutput.ForDirectory(P("out"));
        Assert.Equal(P("out/eco.csv"), output.PublishedPath(Path.Combine(output.StagedPath, "eco.csv")));
        Assert.Equal(P("out"), output.PublishedPath(output.StagedPath));
        Assert.Equal("/elsewhere/x.csv", output.PublishedPath("/elsewhere/x.csv"));
    }

    [Fact]
    public void Staged_files_wait_for_one_sync_at_the_publish_and_files_elsewhere_are_synced_on_close()
    {
        string outside = P("elsewhere.txt");
        AtomicFile.WriteText(outside, w => w.Write("x"));
        Assert.Null(SyncBatch.Covering(outside));
        SyncBatch? batch = null;
        int pending = -1;
        using (var output = StagedOutput.ForDirectory(P("out")))
        {
            output.Write(dir =>
            {
                WriteReport(dir, "new");
                AtomicFile.WriteText(Path.Combine(dir, "gone.txt"), w => w.Write("y"));
                File.Delete(Path.Combine(dir, "gone.txt"));      // moved or deleted after its write: not part of the output
                batch = SyncBatch.Covering(Path.Combine(dir, "report.json"));
                pending = batch?.Pending ?? -1;
                Assert.Null(SyncBatch.Covering(Path.Combine(Path.GetDirectoryName(dir)!, ".publish")));   // the marker syncs on its own
            });
            Assert.Equal(0, batch!.Pending);
        }
        Assert.Equal(4, pending);
        Assert.Null(SyncBatch.Covering(Path.Combine(P(".out.staging"), "out", "report.json")));
        Assert.Equal("new", File.ReadAllText(P("out/report.json")));
    }

    [Fact]
    public void A_file_staged_inside_another_staging_is_synced_by_the_inner_output_that_moves_it()
    {
        using var outer = StagedOutput.ForDirectory(P("out"));
        string inner = Path.Combine(outer.StagedPath, "part.bin");
        using (var output = StagedOutput.ForFile(inner))
        {
            string staged = output.StagedPath;
            AtomicFile.Write(staged, s => s.WriteByte(1));
            var batch = SyncBatch.Covering(staged);
            Assert.NotNull(batch);
            Assert.NotSame(SyncBatch.Covering(Path.Combine(outer.StagedPath, "other.bin")), batch);
            Assert.Equal(1, batch.Pending);
            output.Publish();
            Assert.Equal(0, batch.Pending);
        }
        Assert.Equal([1], File.ReadAllBytes(inner));
    }
}
