using Phylo.Analyses;

namespace Phylo.Run;

/// <summary>
/// What <see cref="AnalysisRun.Publish"/> runs: where the outcome comes from (the inputs, the parts of a sharded run, or
/// an input generated into the output), the options as published (<see cref="Options"/>.OutDir is the target; run.json
/// lists <see cref="Options"/>.Inputs), and the writers that follow the report, in order. The CLI builds one from
/// parsed options and hands it over; it runs nothing itself.
/// </summary>
/// <param name="Command">The command, as run.json names it.</param>
/// <param name="Writers">The writers after the report (<see cref="ReportFilesWriter"/>), in the order they run.</param>
public sealed record RunJob(string Command, AnalyzeOptions Options, IReadOnlyList<IOutputWriter> Writers)
{
    /// <summary>Files the run reads: one inside the output directory is refused (the directory is replaced whole).</summary>
    internal IReadOnlyList<string> Reads { get; init; } = [.. Options.Inputs, .. Options.InferredEdges is { } f ? [f] : Array.Empty<string>()];

    /// <summary>The outcome with its report and the given writers' files written, given the options with OutDir the staged
    /// directory (default: ingest the inputs and run every analysis in this process).</summary>
    internal Func<AnalyzeOptions, IRunObserver, IReadOnlyList<IOutputWriter>, AnalysisOutcome> Compute { get; init; } =
        (staged, obs, writers) => AnalysisRun.Execute(staged, obs, writers: writers);

    /// <summary><c>phylo analyze</c>: ingest the inputs and run every analysis in this process.</summary>
    public static RunJob Analyze(AnalyzeOptions o, IReadOnlyList<IOutputWriter> writers) => new("analyze", o, writers);

    /// <summary><c>phylo merge</c>: fold the parts of a sharded analyze (run.json lists the parts as the inputs).</summary>
    /// <param name="o">Output directory and threads; the result-changing options come from the parts.</param>
    public static RunJob Merge(IReadOnlyList<string> parts, AnalyzeOptions o, IReadOnlyList<IOutputWriter> writers) =>
        new("merge", o with { Inputs = [.. parts] }, writers) { Compute = (staged, obs, writers) => ShardRun.Merge(parts, staged, obs, writers) };

    /// <summary>A run whose input is first generated into the output directory as <paramref name="fileName"/>
    /// (<c>phylo run</c>: the synthetic ecosystem, published with the report).</summary>
    /// <param name="o">The options; its inputs are replaced by the generated file.</param>
    /// <param name="generate">Writes the input: (staged path, path once published, observer).</param>
    public static RunJob Generated(string command, string fileName, Action<string, string, IRunObserver> generate, AnalyzeOptions o,
        IReadOnlyList<IOutputWriter> writers)
    {
        string published = Path.Combine(Path.GetFullPath(o.OutDir), fileName);
        return new(command, o with { Inputs = [published] }, writers)
        {
            Reads = [],
            Compute = (staged, obs, writers) =>
            {
                string input = Path.Combine(staged.OutDir, fileName);
                generate(input, published, obs);
                return AnalysisRun.Execute(staged with { Inputs = [input] }, obs, writers: writers);
            },
        };
    }
}
