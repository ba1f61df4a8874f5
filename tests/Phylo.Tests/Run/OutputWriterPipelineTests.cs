using System.Text.Json;
using Phylo.Analyses;
using Phylo.Output;
using Phylo.Run;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Plots;

namespace Phylo.Tests.Run;

/// <summary>The one pipeline (<see cref="AnalysisRun.Publish"/>): every writer of the list is a timed stage in order,
/// sees what the writers before it wrote, writes into the staging, and a failing writer publishes nothing.</summary>
public sealed class OutputWriterPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-writers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes <c>name.txt</c> listing the file names it was told were written before it.</summary>
    private sealed class ListingWriter(string name, bool fail = false) : IOutputWriter
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
    }

    private static readonly Lazy<string> Csv = new(ReportOutputTests.SmallCsv);

    private static AnalyzeOptions Options(string outDir) => new([Csv.Value], outDir, Threads: 2);

    [Fact]
    public void Each_writer_is_a_stage_after_the_report_and_sees_the_files_before_it()
    {
        var (a, b) = (new ListingWriter("alpha"), new ListingWriter("beta"));
        string target = Path.Combine(_dir, "out");
        var run = AnalysisRun.Publish(RunJob.Analyze(Options(target), [a, b]));

        Assert.Equal(Path.GetFullPath(target), run.Target);
        Assert.NotEqual(run.Target, a.Dir);                      // written into the staging, published after
        Assert.Empty(a.Seen);
        Assert.Equal(["alpha.txt"], b.Seen);
        foreach (string f in new[] { "report.json", "report.md", "alpha.txt", "beta.txt", "run.json", AnalysisRun.QuarantineFile })
            Assert.True(File.Exists(Path.Combine(target, f)), f);

        string[] stages = [.. run.Outcome.Stages.Select(s => s.Stage)];
        Assert.Equal(["report", "alpha", "beta"], stages[^3..]);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(run.Manifest));
        var root = manifest.RootElement;
        Assert.Equal("analyze", root.GetProperty("command").GetString());
        Assert.Equal(run.Target, root.GetProperty("out").GetString());
        Assert.Equal(stages, root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()!).ToArray());
        Assert.All(root.GetProperty("stages").EnumerateArray(), s =>
        {
            Assert.True(s.GetProperty("seconds").GetDouble() >= 0);
            Assert.True(s.GetProperty("peakRssBytes").GetInt64() >= 0);
        });
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
