using System.CommandLine;
using Phylo.Analyses;
using Phylo.Cli.Output;
using Phylo.Run;
using Phylo.Synth;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo run</c>: the embedded default — synthesize a seeded ecosystem, then analyze it. No download.</summary>
internal static class RunCommand
{
    public const int DemoModels = 100_000;

    public static Command Create()
    {
        var models = new Option<int>("--models", "-n")
        {
            Description = $"Models in the synthetic ecosystem (default {DemoModels:N0}; the full snapshot is {SynthCommand.FullScale:N0}).",
            DefaultValueFactory = _ => DemoModels,
        };
        var outDir = CommonOptions.Out("phylo-out");
        var cmd = new Command("run", "Generate the seeded synthetic ecosystem and analyze it (report in ./phylo-out/).")
        {
            models, SynthCommand.Cards, outDir, CommonOptions.Sampled, CommonOptions.ExactLevenshtein, CommonOptions.TieBreak,
        };
        cmd.SetAction(parse =>
        {
            string dir = parse.GetValue(outDir)!;
            bool quiet = parse.GetValue(CommonOptions.Quiet);
            ulong seed = parse.GetValue(CommonOptions.Seed);
            int threads = parse.GetValue(CommonOptions.Threads);
            var synth = new SynthOptions(parse.GetValue(models), seed, parse.GetValue(SynthCommand.Cards), threads);
            var o = new AnalyzeOptions([], dir, threads, seed, parse.GetValue(CommonOptions.Strict),
                Sampled: parse.GetValue(CommonOptions.Sampled), ExactLevenshtein: parse.GetValue(CommonOptions.ExactLevenshtein))
            {
                TieBreak = CommonOptions.TieBreakOf(parse),
            };
            var format = parse.GetValue(CommonOptions.Format);
            var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
            // the synthetic ecosystem is written into the output and published with the report
            var job = RunJob.Generated("run", "eco.csv", (csv, shown, _) => SynthCommand.Generate(synth, csv, observer, shown), o, OutputWriters.Report);
            return AnalyzeCommand.Publish(job, quiet, format, observer);
        });
        return cmd;
    }
}
