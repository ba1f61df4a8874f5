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
    public const string QuarantineFile = "rejected.csv";

    public static AnalysisOutcome Execute(AnalyzeOptions o, IRunObserver? observer = null, CancellationToken ct = default)
    {
        var obs = observer ?? SilentObserver.Instance;
        var clock = new StageClock();
        Directory.CreateDirectory(o.OutDir);
        string quarantine = Path.Combine(o.OutDir, QuarantineFile);

        RejectLog rejects = null!;
        IReadOnlyList<InputSummary> inputs = [];
        ModelTable table = null!;
        AtomicFile.WriteText(quarantine, csv =>
        {
            rejects = new RejectLog(csv, o.Strict);
            obs.StageStarted("ingest");
            table = clock.Time("ingest", () =>
            {
                var ingestor = new Ingestor(new IngestOptions(o.Threads, o.KeepCards), rejects,
                    new Progress(obs), obs.Log);
                foreach (string input in o.Inputs) ingestor.Add(input, ct);
                inputs = ingestor.Inputs;
                return ingestor.Build();
            });
            if (rejects.Total == 0) csv.Write("file,line,reason,row_dropped,excerpt\n");
        });
        obs.StageFinished(clock.Stages[^1], $"{table.Count:N0} models, {rejects.RowsDropped:N0} {(rejects.RowsDropped == 1 ? "row" : "rows")} rejected");

        obs.StageStarted("graph");
        var graph = clock.Time("graph", () => FamilyGraphBuilder.Build(table));
        obs.StageFinished(clock.Stages[^1], $"{graph.EdgeCount:N0} edges, {graph.Families.Length:N0} families");

        var sections = new List<IReportSection> { new SummarySection(inputs, table.Count, rejects, QuarantineFile) };
        sections.AddRange(AnalysisPlan.All(table, graph, o, clock, obs));

        obs.StageStarted("report");
        var header = RunHeader.Lines(o, inputs, table.Count, rejects.RowsDropped, clock.Stages);
        clock.Time("report", () => ReportWriter.Write(o.OutDir, sections, "Phylo report", header));
        obs.StageFinished(clock.Stages[^1], o.OutDir);
        return new AnalysisOutcome(table, graph, rejects, inputs, sections, clock.Stages);
    }

    /// <summary>Forwards ingest progress synchronously (System.Progress would post to the thread pool).</summary>
    private sealed class Progress(IRunObserver obs) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => obs.IngestProgress(value);
    }
}
