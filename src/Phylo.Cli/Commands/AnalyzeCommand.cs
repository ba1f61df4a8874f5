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
        var shard = ShardOptions.Shard();
        var count = ShardOptions.ShardCount();
        var prepared = new Option<string?>("--prepared")
        {
            Description = "With --shard: the vocabularies from 'phylo prepare --merge' (default: fit them in this process over every model: exact, but each shard redoes the fit).",
        };
        var withInferred = new Option<string?>("--with-inferred")
        {
            Description = "Also add the links of an inferred_edges.csv ('phylo lineage infer') to the family graph, flagged inferred: the graph section counts them and tables/edges gets an 'inferred' column.",
        };
        var cmd = new Command("analyze",
            "Ingest the inputs, build the family graph, run every analysis and write the report (study value beside Phylo exact and Phylo study mode), figures and tables. With --shard i --shard-count n (or an array-job index from the " +
            "environment) compute only shard i's partial results and write them to --out as a .phylopart; 'phylo merge' turns all parts into the report.")
        {
            inputs, outDir, CommonOptions.NoCards, CommonOptions.Sampled, CommonOptions.ExactLevenshtein, CommonOptions.TieBreak, shard, count, prepared, withInferred,
        };
        cmd.SetAction(parse =>
        {
            var o = new AnalyzeOptions(
                parse.GetValue(inputs)!, parse.GetValue(outDir)!, parse.GetValue(CommonOptions.Threads),
                parse.GetValue(CommonOptions.Seed), parse.GetValue(CommonOptions.Strict), !parse.GetValue(CommonOptions.NoCards),
                parse.GetValue(CommonOptions.Sampled), parse.GetValue(CommonOptions.ExactLevenshtein))
            {
                InferredEdges = parse.GetValue(withInferred),
                TieBreak = CommonOptions.TieBreakOf(parse),
            };
            if (ShardOptions.Resolve(parse, shard, count) is { } selected)
            {
                var observer = new ConsoleObserver(parse.GetValue(CommonOptions.Quiet));
                observer.Run(() => { ShardRun.AnalyzeShard(o, selected.Index, selected.Count, parse.GetValue(prepared), o.OutDir, observer); return 0; });
                if (!parse.GetValue(CommonOptions.Quiet)) Console.WriteLine($"shard {selected.Index} of {selected.Count} → {o.OutDir}");
                return 0;
            }
            return Execute(o, parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Format), "analyze");
        });
        return cmd;
    }

    /// <summary>Runs an analysis with console progress, writes run.json, prints where the report is.</summary>
    public static int Execute(AnalyzeOptions o, bool quiet, OutputFormat format, string command) =>
        Execute(o, quiet, format, command, obs => AnalysisRun.Execute(o, obs));

    /// <summary>Runs <paramref name="engine"/> (a single-process analysis or a merge) and writes what the CLI adds.</summary>
    public static int Execute(AnalyzeOptions o, bool quiet, OutputFormat format, string command, Func<IRunObserver, AnalysisOutcome> engine)
    {
        var started = DateTimeOffset.UtcNow;
        var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
        var outcome = observer.Run(() =>
        {
            var result = engine(observer);
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
