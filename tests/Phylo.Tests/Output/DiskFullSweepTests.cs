using System.Text.RegularExpressions;
using Phylo.Analyses;
using Phylo.Cli;
using Phylo.Output;
using Phylo.Run;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phylo.Tests.Output;

/// <summary>The commands run in this process (<see cref="Program.Main"/>), one at a time: System.CommandLine's shared
/// option objects are not meant to be parsed from several threads, and the tests take the process's Console.Out and
/// Console.Error. Nothing outside this collection parses a command line or writes to the console in this process, so
/// the collection runs beside the others (it ran alone after them: ~40 s of a CI suite on one core).</summary>
[CollectionDefinition(Name)]
public sealed class InProcessCli
{
    public const string Name = "in-process phylo";
}

/// <summary>Inputs the sweep reads: a small ecosystem and the parts of a two-shard run over it.</summary>
public sealed class SweepInputs : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("phylo-sweep-in-").FullName;
    public string Csv => Path.Combine(Dir, "eco.csv");
    public string[] Parts { get; }
    public string[] Counts { get; }
    private readonly Lazy<string> _lineageModel;

    /// <summary>A ranker trained on the ecosystem (5 trees), made when first asked for.</summary>
    public string LineageModel => _lineageModel.Value;

    public SweepInputs()
    {
        _lineageModel = new(() =>
        {
            string path = Path.Combine(Dir, "lineage.zip");
            var r = PhyloProcess.Run("lineage", "train", Csv, "--trees", "5", "--model", path, "--quiet");
            Assert.True(r.ExitCode == 0, r.StdErr);
            return path;
        });
        using (var fs = File.Create(Csv)) SyntheticEcosystem.Write(fs, new SynthOptions(60, 4, CardMode.Prefix, 2));
        var o = new AnalyzeOptions([Csv], Dir, Threads: 2);
        Parts = [.. Enumerable.Range(0, 2).Select(i => Path.Combine(Dir, $"part-{i}.phylopart"))];
        Counts = [.. Enumerable.Range(0, 2).Select(i => Path.Combine(Dir, $"counts-{i}.phylopart"))];
        for (int i = 0; i < 2; i++)
        {
            ShardRun.AnalyzeShard(o, i, 2, null, Parts[i], SilentObserver.Instance);
            ShardRun.Prepare(o, i, 2, null, Counts[i], SilentObserver.Instance);
        }
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    /// <summary>The targets and arguments of <paramref name="command"/> writing its output into <paramref name="at"/>.</summary>
    public (string[] Targets, string[] Args) Case(string command, string at)
    {
        string P(string name) => Path.Combine(at, name);
        string[] quiet = ["--quiet", "--threads", "2"];
        return command switch
        {
            "analyze" => ([P("out")], ["analyze", Csv, "--out", P("out"), .. quiet]),
            "run" => ([P("out")], ["run", "--models", "60", "--cards", "prefix", "--out", P("out"), .. quiet]),
            "merge" => ([P("out")], ["merge", .. Parts, "--out", P("out"), .. quiet]),
            "ingest" => ([P("eco.phylo")], ["ingest", Csv, "--out", P("eco.phylo"), .. quiet]),
            "prepare" => ([P("c.phylopart")], ["prepare", Csv, "--shard", "1", "--shard-count", "2", "--out", P("c.phylopart"), .. quiet]),
            "prepare --merge" => ([P("m.phylopart")], ["prepare", "--merge", .. Counts, "--out", P("m.phylopart"), .. quiet]),
            "synth" => ([P("gen.csv"), P("gen.truth.json")], ["synth", "--models", "60", "--cards", "prefix", "--out", P("gen.csv"), .. quiet]),
            "lineage train" => ([P("lineage.zip")], ["lineage", "train", Csv, "--trees", "5", "--model", P("lineage.zip"), .. quiet]),
            "lineage infer" => ([P("inferred.csv")], ["lineage", "infer", Csv, "--model", LineageModel, "--min-score", "0", "--out", P("inferred.csv"), .. quiet]),
            _ => throw new ArgumentException(command),
        };
    }
}

/// <summary>
/// Every command that writes, on a disk that fills at byte k for k swept across its whole output (the write stream
/// throws ENOSPC there, as a full disk does; <see cref="WriteHooks.LimitDisk"/>): it exits 1 and its output is
/// exactly what it was — an earlier complete output, byte for byte — with nothing left beside it.
/// (tmpfs-backed runs of the real binary are in RealFaultTests.)
/// </summary>
[Collection(InProcessCli.Name)]
[Trait("Speed", "Slow")]
public sealed class DiskFullSweepTests(SweepInputs inputs, ITestOutputHelper log) : IClassFixture<SweepInputs>, IDisposable
{
    private const int Steps = 8;
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-sweep-").FullName;
    private readonly TextWriter _stderr = Console.Error;
    private readonly StringWriter _errors = new();

    public void Dispose()
    {
        Console.SetError(_stderr);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Runs phylo in this process (the collection runs alone, so stderr can be taken) and returns its exit code
    /// and what it printed on stderr.</summary>
    private (int Exit, string StdErr) Main(string[] args)
    {
        _errors.GetStringBuilder().Clear();
        Console.SetError(_errors);
        try { return (Program.Main(args), _errors.ToString()); }
        finally { Console.SetError(_stderr); }
    }

    public static TheoryData<string> Commands => new() { "analyze", "run", "merge", "ingest", "prepare", "prepare --merge", "synth" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_disk_that_fills_at_any_byte_leaves_the_output_as_it_was(string command)
    {
        var (targets, args) = inputs.Case(command, _dir);
        long bytes;
        using (var room = WriteHooks.LimitDisk(_dir, long.MaxValue)) // an earlier run with room: the output to protect
        {
            var ok = Main(args);
            Assert.True(ok.Exit == 0, ok.StdErr);
            bytes = room.Used;
        }
        var before = targets.Select(FileTree.Of).ToArray();
        var names = FileTree.Names(_dir);
        Assert.All(before, t => Assert.NotEqual("missing", t.Description));
        log.WriteLine($"{command}: {bytes:N0} bytes written through AtomicFile; failing at {Steps} points across them");
        for (int i = 0; i < Steps; i++)
        {
            long k = bytes * i / Steps;
            (int exit, string stderr) = (0, "");
            using (WriteHooks.LimitDisk(_dir, k)) (exit, stderr) = Main(args);
            Assert.True(exit == 1, $"{command} with a disk of {k} bytes: exit {exit}, {stderr}");
            Assert.Matches($"^phylo: {Regex.Escape(targets[0])}: no space left on device( \\(writing [^)]+\\))?\n$", stderr);
            for (int t = 0; t < targets.Length; t++) Assert.True(before[t] == FileTree.Of(targets[t]), $"{targets[t]} changed by a run that failed at byte {k}");
            Assert.Equal(names, FileTree.Names(_dir));
        }
    }
}
