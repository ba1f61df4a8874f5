using Phylo.Analyses;
using Phylo.Analyses.Summary;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Ingest.Pipeline;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>What one analysis run produced (the CLI prints from it; tests inspect it).</summary>
public sealed record AnalysisOutcome(
    ModelTable Table,
    FamilyGraph Graph,
    RejectLog Rejects,
    IReadOnlyList<InputSummary> Inputs,
    IReadOnlyList<IReportSection> Sections,
    IReadOnlyList<StageTiming> Stages);

/// <summary>
/// The engine's main job: ingest → table → graph → analyses → report files. Holds no formatting of its own
/// beyond calling the sections' writers, and no console code.
/// </summary>
public static class AnalysisRun
{
    public const string QuarantineFile = SummaryAnalysis.QuarantineFile;

    public static AnalysisOutcome Execute(AnalyzeOptions o, IRunObserver? observer = null, CancellationToken ct = default)
    {
        var obs = observer ?? SilentObserver.Instance;
        var clock = new StageClock();
        Directory.CreateDirectory(o.OutDir);
        IngestedRun run = RunInputs.Load(o.Inputs, o.Threads, o.Strict, o.KeepCards, Path.Combine(o.OutDir, QuarantineFile), clock, obs, o.InferredEdges, ct: ct);
        var whole = new ShardInput(run.Table, run.Graph, ShardScope.Whole(run.Table, run.Graph), o, run.Inputs, run.Rejects, null) { Observer = obs };
        var sections = AnalysisPlan.All(whole, clock, obs).ToList();
        return Report(o, run, sections, clock, obs);
    }

    /// <summary>Writes report.json, report.md and tables/ from finished sections (single process and merge).</summary>
    internal static AnalysisOutcome Report(AnalyzeOptions o, IngestedRun run, IReadOnlyList<IReportSection> sections, StageClock clock, IRunObserver obs)
    {
        var (table, graph, rejects, inputs) = (run.Table, run.Graph, run.Rejects, run.Inputs);
        obs.StageStarted("report");
        var header = RunHeader.Lines(o, inputs, table.Count, rejects.RowsDropped, clock.Stages);
        clock.Time("report", () => ReportWriter.Write(o.OutDir, sections, "Phylo report", header));
        obs.StageFinished(clock.Stages[^1], "report.json, report.md, tables/*.csv");
        return new AnalysisOutcome(table, graph, rejects, inputs, sections, clock.Stages);
    }
}
