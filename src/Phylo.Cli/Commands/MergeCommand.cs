using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Run;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo merge part-*.phylopart --out dir</c>: the report of a sharded run.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Argument<string[]>("parts") { Description = "Every shard's .phylopart from 'phylo analyze --shard' (a pattern such as 'run/part-*.phylopart' is expanded, for steps without a shell).", Arity = ArgumentArity.OneOrMore };
        var outDir = CommonOptions.Out("phylo-out");
        var cmd = new Command("merge",
            "Merge the parts of a sharded analyze into the report (report.json, report.md, run.json, rejected.csv, tables/, figures/, report.html), " +
            "byte-identical to a single-process analyze. Reads the parts and nothing else: shard 0's part carries the table (without cards), the rejections and the inferred links. " +
            "Refuses (exit 2) parts of different inputs, seeds, options or shard counts, a missing or duplicated shard, a damaged part, or an analysis part of an older Phylo.")
        {
            parts, outDir,
        };
        cmd.SetAction(parse =>
        {
            var files = PathPatterns.Expand(parse.GetValue(parts)!);
            var o = ShardOptions.Options(parse, files, parse.GetValue(outDir)!); // run.json lists the parts; the inputs come from them
            return AnalyzeCommand.Publish(RunJob.Merge(files, o, OutputWriters.Report), parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Format));
        });
        return cmd;
    }
}
