using System.Text.Json;
using Phylo.Analyses;
using Phylo.Output;
using Phylo.Run;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Plots;

namespace Phylo.Tests.Run;

/// <summary>The one pipeline (<see cref="AnalysisRun.Publish"/>): every writer of the list is a timed stage in order; the
/// report and the writers after it run together up to one that reads earlier files, which sees everything written
/// before it; all write into the staging, and a failing writer publishes nothing.</summary>
public sealed class OutputWriterPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-writers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes <c>name.txt</c> listing the file names it was told were written before it.</summary>
    private sealed class ListingWriter(string name, bool fail = false, bool readsEarlier = false) : IOutputWriter
    {
        public List<string> Seen { get; } = [];
        public string? Dir { get; private set; }

        public string Stage => name;

        public IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress)
        {
            Dir = context.Dir;
            Seen.AddRange(context.Written.Select(Path.GetFileName)!);
            string path = Path.Combine(context.Dir, name + ".txt");
            AtomicFile.WriteText(path, w => w.Write(string.Join("\n", Seen)));
            if (fail) throw new IOException($"{name} failed");
            return [path];
        }

        public string Describe(IReadOnlyList<string> written) => name;

        public bool ReadsEarlierFiles => readsEarlier;
    }

    private static readonly Lazy<string> Csv = new(ReportOutputTests.SmallCsv);

    private static AnalyzeOptions Options(string outDir) => new([Csv.Value], outDir, Threads: 2);

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void Each_writer_is_a_stage_and_one_that_reads_earlier_files_sees_them_all(int threads)
    {
        var (a, b, c) = (new ListingWriter("alpha"), new ListingWriter("beta"), new ListingWriter("gamma", readsEarlier: true));
        string target = Path.Combine(_dir, "out");
        var run = AnalysisRun.Publish(RunJob.Analyze(Options(target) with { Threads = threads }, [a, b, c]));

        Assert.Equal(Path.GetFullPath(target), run.Target);
        Assert.NotEqual(run.Target, a.Dir);                      // written into the staging, published after
        Assert.Empty(a.Seen);
        Assert.Empty(b.Seen);                                    // beside alpha (or after it, with one thread): told nothing
        Assert.Contains("alpha.txt", c.Seen);
        Assert.Contains("beta.txt", c.Seen);
        Assert.Contains("report.json", c.Seen);
        foreach (string f in new[] { "report.json", "report.md", "alpha.txt", "beta.txt", "gamma.txt", "run.json", AnalysisRun.QuarantineFile })
            Assert.True(File.Exists(Path.Combine(target, f)), f);

        string[] stages = [.. run.Outcome.Stages.Select(s => s.Stage)];
        Assert.Equal(["report", "alpha", "beta", "gamma"], stages[^4..]);
        var overlap = run.Outcome.Stages.Select(s => s.Overlap).ToArray()[^4..];
        Assert.Equal(threads == 1 ? [null, null, null, null] : ["report + alpha + beta", "report + alpha + beta", "report + alpha + beta", null], overlap);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(run.Manifest));
        var root = manifest.RootElement;
        Assert.Equal("analyze", root.GetProperty("command").GetString());
        Assert.Equal(run.Target, root.GetProperty("out").GetString());
        var listed = root.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(stages, listed.Select(s => s.GetProperty("stage").GetString()!).ToArray());
        Assert.All(listed, s =>
        {
            Assert.True(s.GetProperty("seconds").GetDouble() >= 0);
            Assert.True(s.GetProperty("peakRssBytes").GetInt64() >= 0);
        });
        Assert.Equal(threads == 1 ? 0 : 3, listed.Count(s => s.TryGetProperty("overlap", out _)));
        Assert.Equal(Math.Round(RunManifest.TotalSeconds(run.Outcome.Stages), 3), root.GetProperty("totalSeconds").GetDouble());
    }

    [Fact]
    public void An_overlap_counts_once_in_the_total()
    {
        StageTiming[] stages =
        [
            new("ingest", 2, 0),
            new("report", 1, 0) { Overlap = "report + parquet", OverlapSeconds = 3 },
            new("parquet", 3, 0) { Overlap = "report + parquet", OverlapSeconds = 3 },
            new("html", 0.5, 0),
        ];
        Assert.Equal(5.5, RunManifest.TotalSeconds(stages));
    }

    [Fact]
    public void A_failing_writer_leaves_the_old_output_as_it_was()
    {
        string target = FileTree.OldReport(Path.Combine(_dir, "out"));
        var before = FileTree.Of(target);
        var names = FileTree.Names(_dir);
        var e = Assert.ThrowsAny<IOException>(() => AnalysisRun.Publish(RunJob.Analyze(Options(target), [new ListingWriter("alpha", fail: true)])));
        Assert.Contains("alpha failed", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, FileTree.Of(target));
        Assert.Equal(names, FileTree.Names(_dir));              // no staging left behind
    }

    [Fact]
    public void The_report_alone_is_byte_identical_to_the_engine_without_writers()
    {
        string engine = Path.Combine(_dir, "engine"), piped = Path.Combine(_dir, "piped");
        AnalysisRun.Execute(Options(engine));
        AnalysisRun.Publish(RunJob.Analyze(Options(piped), [new ListingWriter("alpha")]));
        Assert.Equal(File.ReadAllBytes(Path.Combine(engine, "report.json")), File.ReadAllBytes(Path.Combine(piped, "report.json")));
        Assert.Equal(FileTree.Of(Path.Combine(engine, "tables")), FileTree.Of(Path.Combine(piped, "tables")));
    }
}
