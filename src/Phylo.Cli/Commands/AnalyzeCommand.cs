using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Output;
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
            "environment) compute only shard i's partial results and write them to --out as a .phylopart ({shard} in the path becomes i); 'phylo merge' turns all parts into the report.")
        {
            inputs, outDir, CommonOptions.NoCards, CommonOptions.Sampled, CommonOptions.ExactLevenshtein, CommonOptions.SampleSize, CommonOptions.TieBreak, shard, count, prepared, withInferred,
            CommonOptions.ArxivCategories,
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
                Similarity = new SimilarityTuning(SampleSize: parse.GetValue(CommonOptions.SampleSize)),
                ArxivCategories = parse.GetValue(CommonOptions.ArxivCategories),
            };
            bool quiet = parse.GetValue(CommonOptions.Quiet);
            var format = parse.GetValue(CommonOptions.Format);
            if (ShardOptions.Resolve(parse, shard, count) is { } selected)
            {
                var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
                using var part = StagedOutput.ForFile(PathPatterns.ForShard(o.OutDir, selected.Index));
                var stages = observer.Run(() => part.Write(path =>
                    ShardRun.AnalyzeShard(o, selected.Index, selected.Count, parse.GetValue(prepared), path, observer)));
                ShardOptions.PrintPart(format, quiet, "analysis", selected, part.Target, stages);
                return 0;
            }
            using var output = StagedOutput.ForDirectory(o.OutDir, [.. o.Inputs, .. o.InferredEdges is { } f ? [f] : Array.Empty<string>()]);
            var staged = o with { OutDir = output.StagedPath };
            return Execute(output, staged, quiet, format, "analyze", obs => AnalysisRun.Execute(staged, obs));
        });
        return cmd;
    }

    /// <summary>Runs <paramref name="engine"/> (a single-process analysis or a merge, writing into
    /// <paramref name="o"/>.OutDir, the staged directory of <paramref name="output"/>), adds the figures and run.json,
    /// publishes the directory and prints what was made.</summary>
    public static int Execute(StagedOutput output, AnalyzeOptions o, bool quiet, OutputFormat format, string command, Func<ConsoleObserver, AnalysisOutcome> engine)
    {
        var started = DateTimeOffset.UtcNow;
        var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
        var outcome = observer.Run(() => output.Write(dir =>
        {
            var result = engine(observer);
            observer.StageStarted("figures");
            var timing = StageClock.Timed("figures", () => Plots.ReportExtras.Write(result, dir,
                (done, total) => observer.StageProgress("figures", done, total)));
            observer.StageFinished(timing, "parquet tables, figures, report.html");
            result = result with { Stages = [.. result.Stages, timing] };
            var published = o with { OutDir = output.Target, Inputs = [.. o.Inputs.Select(output.PublishedPath)] };
            RunManifest.Write(Path.Combine(dir, "run.json"), command, published, result.Stages, started);
            return result;
        }));
        string report = Path.Combine(output.Target, "report.json");
        if (format == OutputFormat.Json)
            JsonStdout.Write(w =>
            {
                w.WriteNumber("models", outcome.Table.Count);
                w.WriteNumber("edges", outcome.Graph.EdgeCount);
                w.WriteNumber("families", outcome.Graph.Families.Length);
                w.WriteNumber("rowsRejected", outcome.Rejects.RowsDropped);
                w.WriteString("out", output.Target);
                w.WriteString("report", report);
                w.WriteString("run", Path.Combine(output.Target, "run.json"));
                JsonStdout.Seconds(w, outcome.Stages);
            });
        else if (!quiet)
        {
            Console.WriteLine($"{outcome.Table.Count:N0} models, {outcome.Graph.EdgeCount:N0} edges, {outcome.Graph.Families.Length:N0} families; " +
                              $"{outcome.Rejects.RowsDropped:N0} {(outcome.Rejects.RowsDropped == 1 ? "row" : "rows")} rejected.");
            Console.WriteLine($"Report: {Path.Combine(output.Target, "report.md")}");
        }
        return 0;
    }
}
