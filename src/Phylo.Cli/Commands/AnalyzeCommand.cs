using System.CommandLine;
using Phylo.Analyses;
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
            return Publish(RunJob.Analyze(o, OutputWriters.Report), quiet, format);
        });
        return cmd;
    }

    /// <summary>Runs <paramref name="job"/> through the one pipeline (<see cref="AnalysisRun.Publish"/>) with progress on
    /// stderr, then prints what was made: a summary line, or with --format json one document.</summary>
    /// <param name="observer">The observer of a step the job runs (run's synth), or null for a new one.</param>
    public static int Publish(RunJob job, bool quiet, OutputFormat format, ConsoleObserver? observer = null)
    {
        observer ??= new ConsoleObserver(quiet || format == OutputFormat.Json);
        var run = observer.Run(() => AnalysisRun.Publish(job, observer));
        var outcome = run.Outcome;
        if (format == OutputFormat.Json)
            JsonStdout.Write(w =>
            {
                w.WriteNumber("models", outcome.Table.Count);
                w.WriteNumber("edges", outcome.Graph.EdgeCount);
                w.WriteNumber("families", outcome.Graph.Families.Length);
                w.WriteNumber("rowsRejected", outcome.Rejects.RowsDropped);
                w.WriteString("out", run.Target);
                w.WriteString("report", run.Report);
                w.WriteString("run", run.Manifest);
                JsonStdout.Seconds(w, outcome.Stages);
            });
        else if (!quiet)
        {
            Console.WriteLine($"{outcome.Table.Count:N0} models, {outcome.Graph.EdgeCount:N0} edges, {outcome.Graph.Families.Length:N0} families; " +
                              $"{outcome.Rejects.RowsDropped:N0} {(outcome.Rejects.RowsDropped == 1 ? "row" : "rows")} rejected.");
            Console.WriteLine($"Report: {run.Markdown}");
        }
        return 0;
    }
}
