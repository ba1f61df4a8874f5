using System.Text.Json;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Cli;

/// <summary>The documented exit codes and outputs of the phylo command.</summary>
public class CliTests
{
    [Fact]
    public void Help_lists_every_command_and_exit_codes()
    {
        var r = PhyloProcess.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var cmd in new[] { "run", "analyze", "synth", "family", "diff" }) Assert.Contains(cmd, r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Exit codes", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error_with_exit_2()
    {
        var r = PhyloProcess.Run("frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("frobnicate", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_input_is_one_line_and_exit_2()
    {
        var r = PhyloProcess.Run("analyze", "/definitely/not/here.csv", "--out", Temp());
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("phylo: /definitely/not/here.csv: no such file", r.StdErr.Trim());
    }

    [Fact]
    public void Strict_mode_reports_file_and_line_with_exit_2()
    {
        string csv = TestIngest.TempFile(new PublishedCsv().Row("org/a").Raw("1,org/bad,1\n").ToString());
        var r = PhyloProcess.Run("analyze", csv, "--out", Temp(), "--strict", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"phylo: {csv}:3: field-count", r.StdErr.Trim());
    }

    [Fact]
    public void Analyze_with_json_format_prints_a_machine_readable_summary()
    {
        string csv = TestIngest.TempFile(new PublishedCsv().Row("org/a").Row("org/b", parents: "['org/a']").ToString());
        string outDir = Temp();
        var r = PhyloProcess.Run("analyze", csv, "--out", outDir, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(2, doc.RootElement.GetProperty("models").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("edges").GetInt32());
        foreach (var f in new[] { "report.json", "report.md", "run.json", "rejected.csv" }) Assert.True(File.Exists(Path.Combine(outDir, f)), f);
    }

    [RealDataFact]
    public void Family_prints_the_tree_from_the_root_with_relations()
    {
        string file = Path.Combine(RealData.FamiliesDir, "Llama-2-7b.csv");
        var r = PhyloProcess.Run("family", "epfl-llm/meditron-7b", file, "--depth", "1");
        Assert.Equal(0, r.ExitCode);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("family of epfl-llm/meditron-7b", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("meta-llama/Llama-2-7b  [root", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("epfl-llm/meditron-7b  [finetune; gen 1", StringComparison.Ordinal) && l.EndsWith('◀'));
    }

    private static string Temp() => Path.Combine(Path.GetTempPath(), "phylo-cli-" + Guid.NewGuid().ToString("N"));
}
