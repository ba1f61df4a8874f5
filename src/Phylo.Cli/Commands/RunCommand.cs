using System.CommandLine;
using Phylo.Output;
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
            using var output = StagedOutput.ForDirectory(dir);
            string csv = Path.Combine(output.StagedPath, "eco.csv"); // published with the report
            var o = new AnalyzeOptions([csv], output.StagedPath, threads, seed, parse.GetValue(CommonOptions.Strict),
                Sampled: parse.GetValue(CommonOptions.Sampled), ExactLevenshtein: parse.GetValue(CommonOptions.ExactLevenshtein))
            {
                TieBreak = CommonOptions.TieBreakOf(parse),
            };
            return AnalyzeCommand.Execute(output, o, quiet, parse.GetValue(CommonOptions.Format), "run", observer =>
            {
                SynthCommand.Generate(synth, csv, observer, Path.Combine(output.Target, "eco.csv"));
                return AnalysisRun.Execute(o, observer);
            });
        });
        return cmd;
    }
}
