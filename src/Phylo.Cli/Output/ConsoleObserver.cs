using System.Diagnostics;
using Phylo.Analyses;
using Phylo.Ingest.Pipeline;
using Spectre.Console;

namespace Phylo.Cli.Output;

/// <summary>
/// Shows a run's progress on stderr: Spectre progress bars (items/s, MB/s, ETA) on a terminal for every stage
/// that reports progress (ingest and synth in bytes, the others in steps), one plain line per stage otherwise,
/// nothing with --quiet. stdout stays free for results (--format json). Stages that run at the same time (the output
/// writers) each get their own bar, advanced from their own threads.
/// </summary>
internal sealed class ConsoleObserver : IRunObserver
{
    private readonly IAnsiConsole _err;
    private readonly bool _quiet;
    private readonly bool _interactive;
    private ProgressContext? _ctx;
    private ProgressTask? _task;          // the latest stage's
    private Stopwatch _clock = new();      // the latest stage's
    private readonly Dictionary<string, (ProgressTask? Task, Stopwatch Clock)> _stages = [];
    private readonly Lock _gate = new();

    public ConsoleObserver(bool quiet)
    {
        _quiet = quiet;
        _interactive = !quiet && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
        _err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    /// <summary>Runs <paramref name="work"/> with live progress bars when interactive.</summary>
    public T Run<T>(Func<T> work)
    {
        if (!_interactive) return work();
        T result = default!;
        _err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _ctx = ctx;
                result = work();
                _ctx = null;
            });
        return result;
    }

    public void StageStarted(string stage)
    {
        lock (_gate)
        {
            ProgressTask? task = null;
            if (_ctx is not null)
            {
                task = _ctx.AddTask(Markup.Escape(stage), maxValue: 1);
                task.IsIndeterminate = stage != "ingest" && stage != "synth";
            }
            _clock = Stopwatch.StartNew();
            _stages[stage] = (task, _clock);
            _task = task;
        }
    }

    public void IngestProgress(IngestProgress p) => Advance(null, p.BytesDone, p.BytesTotal, p.Records, "rows");

    /// <summary>A determinate bar for any long stage (steps/s and ETA); nothing off a terminal, where the stage's one line suffices.</summary>
    public void StageProgress(string stage, long done, long total) => Advance(stage, done, total, done, "steps");

    /// <summary>Generic progress of the latest stage: done of total (bytes or items) and how many items so far.</summary>
    public void Advance(long done, long total, long items, string unit) => Advance(null, done, total, items, unit);

    private void Advance(string? stage, long done, long total, long items, string unit)
    {
        lock (_gate)
        {
            var (task, clock) = stage is not null && _stages.TryGetValue(stage, out var s) ? s : (_task, _clock);
            if (task is null) return;
            double secs = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(total, 1);
            task.Value = Math.Min(done, total);
            string mbps = unit == "rows" ? $", {done / secs / 1e6:F0} MB/s" : "";
            task.Description = Markup.Escape($"{task.Description.Split(' ')[0]} {items:N0} {unit} ({items / secs:N0}/s{mbps})");
        }
    }

    public void StageFinished(StageTiming t, string summary)
    {
        if (_quiet) return;
        lock (_gate)
        {
            string took = t.Overlap is { } with ? $"{t.Seconds:F1} s ({with} ran together: {t.OverlapSeconds:F1} s)" : $"{t.Seconds:F1} s";
            var task = _stages.Remove(t.Stage, out var s) ? s.Task : _task;
            if (task is not null)
            {
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.Description = Markup.Escape($"{t.Stage}: {summary} ({took})");
                task.StopTask();
                if (ReferenceEquals(task, _task)) _task = null;
                return;
            }
            string peak = t.Overlap is null ? "peak RSS" : "their peak RSS together";
            Console.Error.WriteLine($"[{t.Stage}] {summary} in {took}, {peak} {t.PeakRssBytes / (1 << 20):N0} MiB");
        }
    }

    public void Log(string line)
    {
        if (_quiet) return;
        if (_ctx is not null) _err.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        else Console.Error.WriteLine(line);
    }
}
