using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Phylo.Cli;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Output;

namespace Phylo.Tests.Cli;

/// <summary><c>--format json</c>: every command prints one JSON document on stdout and nothing else there, even with its
/// stage lines on (they go to stderr); the document parses with System.Text.Json and with <c>python3 -m json.tool</c>.</summary>
public sealed class JsonFormatTests(SweepInputs inputs) : IClassFixture<SweepInputs>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every command (a leaf of <c>phylo --help</c>, some with the variant that writes something else), with the
    /// property its document must carry.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "run", "models" }, { "analyze", "report" }, { "analyze --shard", "part" }, { "merge", "report" }, { "ingest", "snapshot" },
        { "synth", "truth" }, { "family", "tree" }, { "family --png", "png" }, { "diff", "distance" }, { "diff --png", "png" }, { "prepare", "part" }, { "prepare --merge", "part" },
        { "lineage train", "crossValidation" }, { "lineage evaluate", "calibration" }, { "lineage infer", "edges" },
    };

    private string[] Args(string command)
    {
        string P(string name) => Path.Combine(_dir, name);
        return command switch
        {
            "run" => ["run", "--models", "60", "--cards", "prefix", "--out", P("out")],
            "analyze" => ["analyze", inputs.Csv, "--out", P("out")],
            "analyze --shard" => ["analyze", inputs.Csv, "--shard", "0", "--shard-count", "2", "--out", P("part.phylopart")],
            "merge" => ["merge", .. inputs.Parts, "--out", P("out")],
            "ingest" => ["ingest", inputs.Csv, "--out", P("eco.phylo")],
            "synth" => ["synth", "--models", "50", "--out", P("gen.csv")],
            "family" => ["family", ChildModel(), inputs.Csv, "--depth", "1"],
            "family --png" => ["family", ChildModel(), inputs.Csv, "--png", P("family.png")],
            "diff" => ["diff", ParentModel(), ChildModel(), inputs.Csv],
            "diff --png" => ["diff", ParentModel(), ChildModel(), inputs.Csv, "--png", P("diff.png")],
            "prepare" => ["prepare", inputs.Csv, "--shard", "1", "--shard-count", "2", "--out", P("c.phylopart")],
            "prepare --merge" => ["prepare", "--merge", .. inputs.Counts, "--out", P("m.phylopart")],
            "lineage train" => ["lineage", "train", inputs.Csv, "--trees", "5", "--folds", "2", "--model", P("lineage.zip")],
            "lineage evaluate" => ["lineage", "evaluate", inputs.Csv, "--trees", "5", "--folds", "2"],
            "lineage infer" => ["lineage", "infer", inputs.Csv, "--model", inputs.LineageModel, "--min-score", "0", "--out", P("inferred.csv")],
            _ => throw new ArgumentException(command),
        };
    }

    private string ChildModel()
    {
        var r = TestIngest.Run(inputs.Csv);
        int child = Enumerable.Range(0, r.Table.Count).First(m => r.Graph.Generation[m] > 0);
        return r.Table.Ids[child];
    }

    private string ParentModel()
    {
        var r = TestIngest.Run(inputs.Csv);
        int child = Enumerable.Range(0, r.Table.Count).First(m => r.Graph.Generation[m] > 0);
        return r.Table.Ids[r.Graph.ForestParent[child]];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_command_prints_one_json_document_and_nothing_else_on_stdout(string command, string property)
    {
        var r = PhyloProcess.Run([.. Args(command), "--format", "json", "--threads", "2"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        using (var doc = JsonDocument.Parse(r.StdOut)) // throws on anything after the document but whitespace
        {
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            Assert.True(doc.RootElement.TryGetProperty(property, out _), $"no '{property}' in {r.StdOut}");
        }
        Assert.EndsWith("}\n", r.StdOut, StringComparison.Ordinal);
        if (Python() is { } python)
        {
            var psi = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "-m", "json.tool" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(r.StdOut);
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(p.ExitCode == 0, await err);
        }
    }

    private static string? Python() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "python3")).FirstOrDefault(File.Exists);
}

/// <summary>No command escapes the JSON test: every leaf of the command tree has a case.</summary>
[Collection(InProcessCli.Name)]
public sealed class JsonFormatCoverageTests
{
    [Fact]
    public void Every_command_has_a_json_case()
    {
        var leaves = new List<string>();
        void Walk(Command c, string prefix)
        {
            if (c.Subcommands.Count == 0) leaves.Add(prefix.Trim());
            foreach (var s in c.Subcommands) Walk(s, prefix + " " + s.Name);
        }
        Walk(Program.BuildRoot(), "");
        var covered = JsonFormatTests.Cases.Select(row => ((string)row[0]).Split(" --")[0]).ToHashSet();
        Assert.Equal([], leaves.Where(l => !covered.Contains(l)));
        Assert.Contains("family", leaves);
    }
}
