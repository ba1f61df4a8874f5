using Phylo.Analyses;
using Phylo.Report;

namespace Phylo.Run;

/// <summary>
/// One kind of file a run writes from its outcome, timed as one stage of its own (run.json, the stage lines). A run
/// writes the report (<see cref="ReportFilesWriter"/>) and its job's writers (<see cref="RunJob.Writers"/>: Parquet
/// tables, figures, report.html), then run.json. Writers that do not read earlier writers' files run at the same time
/// (with more than one thread), each on its own thread; one that does (<see cref="ReadsEarlierFiles"/>) starts after
/// every writer before it in the list has finished. A new kind of output is one more writer in the list the CLI composes
/// (native-notes/architecture.md).
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

    /// <summary>True when the writer reads files of the writers before it (<see cref="OutputContext.Written"/>), so it
    /// starts only after they have all finished; false lets it run beside them.</summary>
    bool ReadsEarlierFiles => false;

    /// <summary>True when the writer reads the sections' tables (<see cref="OutputContext.Tables"/>): writers running
    /// at the same time then share each table instead of building it once each.</summary>
    bool ReadsTables => false;
}

/// <summary>What an <see cref="IOutputWriter"/> writes from: the run's outcome and options, the directory to write into,
/// and the files the writers before it wrote (report.html embeds exactly the figures of this run; empty for a writer that
/// does not <see cref="IOutputWriter.ReadsEarlierFiles"/>, which may run before or beside them).</summary>
public sealed record OutputContext(AnalysisOutcome Outcome, AnalyzeOptions Options, string Dir, IReadOnlyList<string> Written)
{
    internal SharedTables? Shared { get; init; }
    internal int Reader { get; init; }

    /// <summary>Every section's tables in section order (shared with the writers beside this one, see <see cref="SharedTables"/>).</summary>
    public IEnumerable<SectionTable> Tables() => Shared?.Read(Reader) ?? SectionTable.All(Outcome.Sections);
}

/// <summary>report.json, report.md (under the run header) and tables/*.csv: the first writer of every run.</summary>
public sealed class ReportFilesWriter : IOutputWriter
{
    public static readonly ReportFilesWriter Instance = new();

    public string Stage => "report";

    public IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress)
    {
        var (o, outcome) = (context.Options, context.Outcome);
        var header = RunHeader.Lines(o, outcome.Inputs, outcome.Table.Count, outcome.Rejects.RowsDropped, outcome.Stages);
        var tables = ReportWriter.Write(context.Dir, outcome.Sections, "Phylo report", header, context.Tables().Select(t => t.Table));
        return [Path.Combine(context.Dir, "report.json"), Path.Combine(context.Dir, "report.md"), .. tables];
    }

    public string Describe(IReadOnlyList<string> written) => "report.json, report.md, tables/*.csv";

    public bool ReadsTables => true;
}
