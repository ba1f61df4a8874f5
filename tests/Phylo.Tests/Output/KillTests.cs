using Phylo.Output;
using Phylo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phylo.Tests.Output;

/// <summary>
/// A run killed at every stage of writing its output (the child pauses through <c>PHYLO_TEST_PAUSE_AT</c> once that
/// file's first bytes are on disk, or at that publish step, and says so; only then is it killed): the output is exactly
/// as before and the next run into it removes what the dead run left. A kill in the middle of a multi-rename publish
/// is finished by the next run instead: it then finds the dead run's complete output in place.
/// </summary>
public abstract class KillTestsBase(SweepInputs inputs, ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    protected string P(string name) => Path.Combine(_dir, name);

    protected SweepInputs Inputs => inputs;

    /// <summary>Kills <paramref name="args"/> paused at <paramref name="pauseAt"/> and checks the rule for its targets.</summary>
    protected async Task KilledAt(string pauseAt, bool directory, string[] targets, string[] args, Dictionary<string, string?>? env = null)
    {
        foreach (string t in targets)
            if (directory) FileTree.OldReport(t);
            else File.WriteAllText(t, "old " + Path.GetFileName(t));
        var before = targets.Select(FileTree.Of).ToArray();
        var names = FileTree.Names(_dir);

        log.WriteLine(await PhyloProcess.KillWhenPaused(pauseAt, env, [.. args, "--threads", "2"]));
        string staging = P($".{Path.GetFileName(targets[0])}.staging");
        Assert.True(Directory.Exists(staging), "the dead run left no staging: was it killed mid-write?");

        // A publish that needs several renames and died between them is finished by the next run into the target.
        bool midPublish = pauseAt is "publish-aside" or "publish-next";
        var expected = midPublish ? targets.Select(t => FileTree.Of(Path.Combine(staging, Path.GetFileName(t)))).ToArray() : before;
        if (pauseAt == "publish-next") expected[0] = FileTree.Of(targets[0]); // the first file was already in place
        if (!midPublish)
            for (int t = 0; t < targets.Length; t++) Assert.True(before[t] == FileTree.Of(targets[t]), $"{targets[t]} changed by a run killed at {pauseAt}");

        using (directory ? StagedOutput.ForDirectory(targets[0]) : StagedOutput.ForFile(targets[0], targets[1..])) { } // what the next run does first
        for (int t = 0; t < targets.Length; t++) Assert.Equal(expected[t], FileTree.Of(targets[t]));
        if (midPublish) for (int t = 0; t < targets.Length; t++) Assert.NotEqual(before[t], expected[t]);
        Assert.Equal(names, FileTree.Names(_dir));
    }
}

[Trait("Speed", "Slow")]
public sealed class AnalyzeKillTests(SweepInputs inputs, ITestOutputHelper log) : KillTestsBase(inputs, log), IClassFixture<SweepInputs>
{
    [Theory]
    [InlineData("rejected.csv")]
    [InlineData("report.json")]        // report.md is the same stage and writer
    [InlineData("tables/edges.csv")]
    [InlineData("tables/edges.parquet")]
    [InlineData("figures/family_sizes.png")]
    [InlineData("report.html")]
    [InlineData("run.json")]
    [InlineData("publish")]
    public Task Analyze_killed_at_each_stage_leaves_the_old_report(string pauseAt) =>
        KilledAt(pauseAt, directory: true, [P("out")], ["analyze", Inputs.Csv, "--out", P("out")]);

    [Fact]
    public Task Analyze_killed_between_moving_the_old_report_aside_and_the_new_one_in_is_finished_by_the_next_run() =>
        KilledAt("publish-aside", directory: true, [P("out")], ["analyze", Inputs.Csv, "--out", P("out")],
            new() { [WriteHooks.NoExchangeVariable] = "1" });

    [Fact]
    public async Task A_second_run_into_the_same_output_is_refused_while_the_first_runs_and_not_after_it_died()
    {
        string target = FileTree.OldReport(P("out"));
        var before = FileTree.Of(target);
        var first = PhyloProcess.StartInfo(new Dictionary<string, string?> { [WriteHooks.PauseVariable] = "report.json" }, ["analyze", Inputs.Csv, "--out", target]);
        using var paused = System.Diagnostics.Process.Start(first)!;
        _ = paused.StandardOutput.ReadToEndAsync();
        while (await paused.StandardError.ReadLineAsync() is { } line && line != WriteHooks.PausedPrefix + "report.json") { }
        try
        {
            var second = PhyloProcess.Run("analyze", Inputs.Csv, "--out", target, "--quiet");
            Assert.Equal(1, second.ExitCode);
            Assert.Equal($"phylo: {target}: another phylo run is writing it (it holds .out.lock); wait for it to end", second.StdErr.TrimEnd('\n'));
            Assert.Equal(before, FileTree.Of(target));
        }
        finally
        {
            paused.Kill(entireProcessTree: true);
            await paused.WaitForExitAsync();
        }
        var third = PhyloProcess.Run("analyze", Inputs.Csv, "--out", target, "--quiet"); // the dead run's lock holds nothing
        Assert.True(third.ExitCode == 0, third.StdErr);
        Assert.True(File.Exists(Path.Combine(target, "report.html")));
        Assert.Equal(["out"], FileTree.Names(Path.GetDirectoryName(target)!));
    }
}

[Trait("Speed", "Slow")]
public sealed class CommandKillTests(SweepInputs inputs, ITestOutputHelper log) : KillTestsBase(inputs, log), IClassFixture<SweepInputs>
{
    [Theory]
    [InlineData("run", "eco.csv")]      // after it, run's stages are analyze's (AnalyzeKillTests)
    [InlineData("merge", "report.json")] // merge's publish is analyze's
    public Task A_report_command_killed_while_writing_leaves_the_old_report(string command, string pauseAt) =>
        KilledAt(pauseAt, directory: true, [P("out")], command == "run"
            ? ["run", "--models", "60", "--cards", "prefix", "--out", P("out")]
            : ["merge", .. Inputs.Parts, "--out", P("out")]);

    [Theory]
    [InlineData("gen.csv")]
    [InlineData("gen.truth.json")]
    [InlineData("publish")]
    [InlineData("publish-next")]
    public Task Synth_killed_while_writing_leaves_the_old_pair_or_the_next_run_finishes_the_new_one(string pauseAt) =>
        KilledAt(pauseAt, directory: false, [P("gen.csv"), P("gen.truth.json")], ["synth", "--models", "60", "--cards", "prefix", "--out", P("gen.csv")]);

    [Theory]
    [InlineData("ingest", "eco.phylo")]
    [InlineData("ingest", "publish")]
    [InlineData("prepare", "c.phylopart")]
    [InlineData("prepare --merge", "publish")]
    [InlineData("lineage train", "publish")]
    [InlineData("lineage infer", "inferred.csv")]
    public Task A_file_command_killed_while_writing_leaves_the_old_file(string command, string pauseAt)
    {
        string target = P(pauseAt == "publish" ? "out.bin" : pauseAt);
        string[] args = command switch
        {
            "ingest" => ["ingest", Inputs.Csv, "--out", target],
            "prepare" => ["prepare", Inputs.Csv, "--shard", "0", "--shard-count", "2", "--out", target],
            "prepare --merge" => ["prepare", "--merge", .. Inputs.Counts, "--out", target],
            "lineage train" => ["lineage", "train", Inputs.Csv, "--trees", "5", "--model", target],
            _ => ["lineage", "infer", Inputs.Csv, "--model", Inputs.LineageModel, "--min-score", "0", "--out", target],
        };
        return KilledAt(pauseAt, directory: false, [target], args);
    }
}
