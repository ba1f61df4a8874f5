using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Phylo.Analyses;

namespace Phylo.Run;

/// <summary>
/// Output writers that run at the same time, each on a thread of its own (the first on the caller's): on two cores the
/// report's CSV, the Parquet tables and the figures overlap instead of queueing. Writers that read tables share them
/// (<see cref="SharedTables"/>). What each writes does not depend on the others, so the files are the same bytes as
/// when they run one after another. Each writer is still its own stage with its own wall time; the peak RSS is the
/// overlap's (<see cref="StageTiming.Overlap"/>). The observer hears every writer's start (in list order, before any
/// runs), its progress (from the writer's thread, so calls for different stages may come at once) and, once all have
/// ended, each one's finish in list order. A writer that fails fails the wave with the first failure in list order,
/// after the others have ended.
/// </summary>
internal sealed class OutputWave(IReadOnlyList<IOutputWriter> writers, OutputContext context)
{
    public (IReadOnlyList<string> Files, IReadOnlyList<StageTiming> Stages) Run(IRunObserver obs)
    {
        if (writers.Count == 1) return Alone(writers[0], obs);
        string name = string.Join(" + ", writers.Select(w => w.Stage));
        int readers = writers.Count(w => w.ReadsTables);
        var shared = readers > 1 ? new SharedTables(context.Outcome.Sections, readers) : null;
        var files = new IReadOnlyList<string>[writers.Count];
        var seconds = new double[writers.Count];
        var failures = new Exception?[writers.Count];

        foreach (var w in writers) obs.StageStarted(w.Stage);
        StageClock.ResetPeak();
        var clock = Stopwatch.StartNew();
        var others = new Thread[writers.Count - 1];
        int reader = 0;
        var jobs = new Action[writers.Count];
        for (int i = 0; i < writers.Count; i++)
        {
            int w = i, r = writers[i].ReadsTables ? reader++ : -1;
            var own = context with { Shared = r >= 0 ? shared : null, Reader = Math.Max(r, 0) };
            jobs[w] = () =>
            {
                try { files[w] = writers[w].Write(own, (done, total) => obs.StageProgress(writers[w].Stage, done, total)); }
                catch (Exception e) { failures[w] = e; }
                finally
                {
                    seconds[w] = clock.Elapsed.TotalSeconds;
                    if (r >= 0) shared?.Retire(r);
                }
            };
        }
        for (int i = 1; i < jobs.Length; i++)
        {
            others[i - 1] = new Thread(jobs[i].Invoke) { Name = "phylo " + writers[i].Stage, IsBackground = true };
            others[i - 1].Start();
        }
        jobs[0]();
        foreach (var t in others) t.Join();
        double wall = clock.Elapsed.TotalSeconds;
        long peak = StageClock.StagePeakRssBytes();
        if (Array.Find(failures, e => e is not null) is { } failed) ExceptionDispatchInfo.Throw(failed);

        var stages = writers.Select((w, i) => new StageTiming(w.Stage, seconds[i], peak) { Overlap = name, OverlapSeconds = wall }).ToArray();
        for (int i = 0; i < writers.Count; i++) obs.StageFinished(stages[i], writers[i].Describe(files[i]));
        return ([.. files.SelectMany(f => f)], stages);
    }

    private (IReadOnlyList<string>, IReadOnlyList<StageTiming>) Alone(IOutputWriter writer, IRunObserver obs)
    {
        obs.StageStarted(writer.Stage);
        IReadOnlyList<string> files = [];
        var timing = StageClock.Timed(writer.Stage, () => files = writer.Write(context, (done, total) => obs.StageProgress(writer.Stage, done, total)));
        obs.StageFinished(timing, writer.Describe(files));
        return (files, [timing]);
    }
}
