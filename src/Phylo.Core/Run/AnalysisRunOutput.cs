using Phylo.Analyses;
using Phylo.Report;

namespace Phylo.Run;

/// <summary>
/// One kind of file a run writes from its outcome, timed as one stage of its own (run.json, the stage lines). A run
/// writes the report first (<see cref="ReportFilesWriter"/>, the engine's last stage), then its job's writers in list order
/// (<see cref="RunJob.Writers"/>: Parquet tables, figures, report.html), then run.json. A new kind of output is one
/// more writer in the list the CLI composes (native-notes/architecture.md).
/// </summary>
public interface IOutputWriter
{
    /// <summary>The stage's name in run.json and on the stage line.</summary>
    string Stage { get; }

    /// <summary>Writes this writer's files under <see cref="OutputContext.Dir"/> (the staged directory).</summary>
    /// <param name="progress">(units done, units in all), for a writer that takes long.</param>
    /// <returns>The files written (full paths), which later writers see in <see cref="OutputContext.Written"/>.</returns>
    IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress);

    /// <summary>The stage line's summary of what <see cref="Write"/> wrote.</summary>
    string Describe(IReadOnlyList<string> written);
}

/// <summary>What an <see cref="IOutputWriter"/> writes from: the run's outcome and options, the directory to write into,
/// and the files the writers before it wrote (report.html embeds exactly the figures of this run).</summary>
public sealed record OutputContext(AnalysisOutcome Outcome, AnalyzeOptions Options, string Dir, IReadOnlyList<string> Written);

/// <summary>report.json, report.md (under the run header) and tables/*.csv: the first writer of every run.</summary>
public sealed class ReportFilesWriter : IOutputWriter
{
    public static readonly ReportFilesWriter Instance = new();

    public string Stage => "report";

    public IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress)
    {
        var (o, outcome) = (context.Options, context.Outcome);
        var header = RunHeader.Lines(o, outcome.Inputs, outcome.Table.Count, outcome.Rejects.RowsDropped, outcome.Stages);
        var tables = ReportWriter.Write(context.Dir, outcome.Sections, "Phylo report", header);
        return [Path.Combine(context.Dir, "report.json"), Path.Combine(context.Dir, "report.md"), .. tables];
    }

    public string Describe(IReadOnlyList<string> written) => "report.json, report.md, tables/*.csv";
}
