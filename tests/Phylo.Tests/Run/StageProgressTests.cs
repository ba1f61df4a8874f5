using Phylo.Analyses;
using Phylo.Ingest.Pipeline;
using Phylo.Run;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Plots;

namespace Phylo.Tests.Run;

/// <summary>Long stages report determinate progress; off a terminal each stage is one log line.</summary>
[Trait("Speed", "Slow")]
public class StageProgressTests
{
    private sealed class Recorder : IRunObserver
    {
        public readonly List<string> Started = [];
        public readonly Dictionary<string, List<(long Done, long Total)>> Progress = [];
        private readonly Lock _lock = new();

        public void StageStarted(string stage) => Started.Add(stage);
        public void IngestProgress(IngestProgress progress) { }
        public void StageFinished(StageTiming timing, string summary) { }
        public void Log(string line) { }

        public void StageProgress(string stage, long done, long total)
        {
            lock (_lock)
            {
                if (!Progress.TryGetValue(stage, out var list)) Progress[stage] = list = [];
                list.Add((done, total));
            }
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Progress_is_monotonic_and_reaches_the_total(int threads, bool sampled)
    {
        var rec = new Recorder();
        string dir = FigureTests.TempDir();
        var o = new AnalyzeOptions([ReportOutputTests.SmallCsv()], dir, threads, Sampled: sampled);
        AnalysisRun.WriteOutputs(AnalysisRun.Execute(o, rec), o, Phylo.Cli.Output.OutputWriters.Report, rec);
        foreach (string stage in new[] { "similarity", "drift", "parquet", "figures" })
        {
            var steps = rec.Progress[stage];
            Assert.True(steps.Count >= 3, $"{stage}: only {steps.Count} reports");
            long total = steps[0].Total;
            Assert.True(total > 0);
            Assert.All(steps, s => Assert.Equal(total, s.Total));
            for (int i = 1; i < steps.Count; i++) Assert.True(steps[i].Done >= steps[i - 1].Done, $"{stage} went back at report {i}");
            Assert.Equal(0, steps[0].Done);
            Assert.Equal(total, steps[^1].Done);
        }
    }

    [Fact]
    public void Snapshot_load_reports_every_chunk_in_order()
    {
        string dir = FigureTests.TempDir();
        var outcome = AnalysisRun.Execute(new AnalyzeOptions([ReportOutputTests.SmallCsv()], dir, 2));
        string path = Path.Combine(dir, "small.phylo");
        Phylo.Store.Snapshot.Write(outcome.Table, path, threads: 2);
        var seen = new List<(long Done, long Total)>();
        var loaded = Phylo.Store.Snapshot.Load(path, 2, true, (d, t) => { lock (seen) seen.Add((d, t)); });
        Assert.Equal(outcome.Table.Count, loaded.Table.Count);
        Assert.True(seen.Count > 3);
        Assert.Equal((0L, seen[0].Total), seen[0]);
        for (int i = 1; i < seen.Count; i++) Assert.True(seen[i].Done >= seen[i - 1].Done);
        Assert.Equal(seen[0].Total, seen[^1].Done);
    }

    [Fact]
    public void Without_a_terminal_each_stage_prints_exactly_one_line()
    {
        string outDir = FigureTests.TempDir();
        var r = PhyloProcess.Run("analyze", ReportOutputTests.SmallCsv(), "--out", outDir);
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] stages = ["ingest", "graph", "summary", "families", "shares", "panels", "similarity", "drift", "report", "parquet", "figures", "html"];
        foreach (string stage in stages)
            Assert.Single(lines, l => l.StartsWith($"[{stage}] ", StringComparison.Ordinal));
        // the rest: the input's layout line only (no progress lines, no bars)
        Assert.Equal(stages.Length + 1, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains('\r', StringComparison.Ordinal) || l.Contains('\u001b', StringComparison.Ordinal));
    }
}
