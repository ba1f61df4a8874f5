using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Run;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo analyze &lt;inputs…&gt; --out dir</c>: the full analysis of files the user has.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs();
        var outDir = CommonOptions.Out("phylo-out");
        var cmd = new Command("analyze", "Ingest the inputs, build the family graph, run every analysis and write the report (study value beside Phylo exact and Phylo study mode), figures and tables.")
        {
            inputs, outDir, CommonOptions.NoCards, CommonOptions.Sampled, CommonOptions.ExactLevenshtein,
        };
        cmd.SetAction(parse =>
        {
            var o = new AnalyzeOptions(
                parse.GetValue(inputs)!, parse.GetValue(outDir)!, parse.GetValue(CommonOptions.Threads),
                parse.GetValue(CommonOptions.Seed), parse.GetValue(CommonOptions.Strict), !parse.GetValue(CommonOptions.NoCards),
                parse.GetValue(CommonOptions.Sampled), parse.GetValue(CommonOptions.ExactLevenshtein));
            return Execute(o, parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Format), "analyze");
        });
        return cmd;
    }

    /// <summary>Runs an analysis with console progress, writes run.json, prints where the report is.</summary>
    public static int Execute(AnalyzeOptions o, bool quiet, OutputFormat format, string command)
    {
        var started = DateTimeOffset.UtcNow;
        var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
        var outcome = observer.Run(() =>
        {
            var result = AnalysisRun.Execute(o, observer);
            observer.StageStarted("figures");
            var timing = StageClock.Timed("figures", () => Plots.ReportExtras.Write(result, o.OutDir,
                (done, total) => observer.StageProgress("figures", done, total)));
            observer.StageFinished(timing, "parquet tables, figures, report.html");
            return result with { Stages = [.. result.Stages, timing] };
        });
        string runJson = Path.Combine(o.OutDir, "run.json");
        RunManifest.Write(runJson, command, o, outcome.Stages, started);
        if (format == OutputFormat.Json)
        {
            using var stdout = Console.OpenStandardOutput();
            using var w = new System.Text.Json.Utf8JsonWriter(stdout, Report.ReportWriter.JsonOptions);
            w.WriteStartObject();
            w.WriteNumber("models", outcome.Table.Count);
            w.WriteNumber("edges", outcome.Graph.EdgeCount);
            w.WriteNumber("families", outcome.Graph.Families.Length);
            w.WriteNumber("rowsRejected", outcome.Rejects.RowsDropped);
            w.WriteString("report", Path.GetFullPath(Path.Combine(o.OutDir, "report.json")));
            w.WriteString("run", Path.GetFullPath(runJson));
            w.WriteNumber("seconds", Math.Round(outcome.Stages.Sum(s => s.Seconds), 3));
            w.WriteEndObject();
            w.Flush();
            stdout.WriteByte((byte)'\n');
        }
        else if (!quiet)
        {
            Console.WriteLine($"{outcome.Table.Count:N0} models, {outcome.Graph.EdgeCount:N0} edges, {outcome.Graph.Families.Length:N0} families; " +
                              $"{outcome.Rejects.RowsDropped:N0} {(outcome.Rejects.RowsDropped == 1 ? "row" : "rows")} rejected.");
            Console.WriteLine($"Report: {Path.Combine(o.OutDir, "report.md")}");
        }
        return 0;
    }
}
