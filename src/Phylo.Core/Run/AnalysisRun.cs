using Phylo.Analyses;
using Phylo.Analyses.Summary;
using Phylo.Graph;
using Phylo.Output;
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

/// <summary>A published run: its outcome and the output directory it is now in (full path).</summary>
public sealed record PublishedRun(AnalysisOutcome Outcome, string Target)
{
    public string Report => Path.Combine(Target, "report.json");
    public string Markdown => Path.Combine(Target, "report.md");
    public string Manifest => Path.Combine(Target, RunManifestFile);

    public const string RunManifestFile = "run.json";
}

/// <summary>
/// The engine's main job: ingest → table → graph → analyses → report files, and the one pipeline every command that
/// writes a report goes through (<see cref="Publish"/>: analyze, merge, run). Holds no formatting of its own beyond
/// calling the writers, and no console code.
/// </summary>
public static class AnalysisRun
{
    public const string QuarantineFile = SummaryAnalysis.QuarantineFile;

    /// <summary>Runs <paramref name="job"/> into a staged copy of its output directory, writes the report, the job's
    /// writers and run.json there, and publishes the directory all or nothing (<see cref="StagedOutput"/>): on any
    /// failure the target holds what it held before.</summary>
    public static PublishedRun Publish(RunJob job, IRunObserver? observer = null)
    {
        var obs = observer ?? SilentObserver.Instance;
        var started = DateTimeOffset.UtcNow;
        using var output = StagedOutput.ForDirectory(job.Options.OutDir, job.Reads, PublishedRun.RunManifestFile);
        var staged = job.Options with { OutDir = output.StagedPath };
        var outcome = output.Write(dir =>
        {
            var result = job.Compute(staged, obs, job.Writers);
            RunManifest.Write(Path.Combine(dir, PublishedRun.RunManifestFile), job.Command, job.Options with { OutDir = output.Target }, result.Stages, started);
            return result;
        });
        return new PublishedRun(outcome, output.Target);
    }

    /// <summary>Ingest, graph and every analysis over the whole table, then the report (<see cref="ReportFilesWriter"/>) and
    /// <paramref name="writers"/> in <paramref name="o"/>.OutDir (<see cref="WriteOutputs"/>).</summary>
    public static AnalysisOutcome Execute(AnalyzeOptions o, IRunObserver? observer = null, IReadOnlyList<IOutputWriter>? writers = null,
        CancellationToken ct = default)
    {
        var obs = observer ?? SilentObserver.Instance;
        var clock = new StageClock();
        Directory.CreateDirectory(o.OutDir);
        IngestedRun run = RunInputs.Load(o.Inputs, o.Threads, o.Strict, o.KeepCards, Path.Combine(o.OutDir, QuarantineFile), clock, obs, o.InferredEdges,
            storedFits: true, ct: ct);
        var whole = new ShardInput(run.Table, run.Graph, ShardScope.Whole(run.Table, run.Graph), o, run.Inputs, run.Rejects, null) { Observer = obs };
        var sections = AnalysisPlan.All(whole, clock, obs).ToList();
        return Report(o, run, sections, clock, obs, writers);
    }

    /// <summary>The outcome of finished sections with the report and <paramref name="writers"/> written (single process and merge).</summary>
    internal static AnalysisOutcome Report(AnalyzeOptions o, IngestedRun run, IReadOnlyList<IReportSection> sections, StageClock clock, IRunObserver obs,
        IReadOnlyList<IOutputWriter>? writers = null)
    {
        var outcome = new AnalysisOutcome(run.Table, run.Graph, run.Rejects, run.Inputs, sections, [.. clock.Stages]);
        return WriteOutputs(outcome, o, [ReportFilesWriter.Instance, .. writers ?? []], obs);
    }

    /// <summary>Runs <paramref name="writers"/> into <paramref name="o"/>.OutDir, each one timed stage: in list order, except
    /// that with more than one thread the writers up to the next one that <see cref="IOutputWriter.ReadsEarlierFiles"/> run
    /// at the same time (<see cref="OutputWave"/>).</summary>
    /// <returns>The outcome with the writers' stages added, in list order.</returns>
    public static AnalysisOutcome WriteOutputs(AnalysisOutcome outcome, AnalyzeOptions o, IReadOnlyList<IOutputWriter> writers, IRunObserver obs)
    {
        var written = new List<string>();
        for (int start = 0, end; start < writers.Count; start = end)
        {
            end = start + 1;
            while (o.Threads != 1 && end < writers.Count && !writers[end].ReadsEarlierFiles) end++;
            IReadOnlyList<string> before = writers[start].ReadsEarlierFiles ? [.. written] : [];   // the same with one thread or more
            var wave = new OutputWave([.. writers.Skip(start).Take(end - start)], new OutputContext(outcome, o, o.OutDir, before));
            var (files, timings) = wave.Run(obs);
            written.AddRange(files);
            outcome = outcome with { Stages = [.. outcome.Stages, .. timings] };
        }
        return outcome;
    }
}
