using System.Diagnostics;
using Phylo.Analyses;
using Phylo.Ingest.Pipeline;
using Spectre.Console;

namespace Phylo.Cli.Output;

/// <summary>
/// Shows a run's progress on stderr: Spectre progress bars (items/s, MB/s, ETA) on a terminal for every stage
/// that reports progress (ingest and synth in bytes, the others in steps), one plain line per stage otherwise,
/// nothing with --quiet. stdout stays free for results (--format json).
/// </summary>
internal sealed class ConsoleObserver : IRunObserver
{
    private readonly IAnsiConsole _err;
    private readonly bool _quiet;
    private readonly bool _interactive;
    private ProgressContext? _ctx;
    private ProgressTask? _task;
    private readonly Stopwatch _stageClock = new();

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
        _stageClock.Restart();
        if (_ctx is null) return;
        _task = _ctx.AddTask(Markup.Escape(stage), maxValue: 1);
        _task.IsIndeterminate = stage != "ingest" && stage != "synth";
    }

    public void IngestProgress(IngestProgress p) => Advance(p.BytesDone, p.BytesTotal, p.Records, "rows");

    /// <summary>A determinate bar for any long stage (steps/s and ETA); nothing off a terminal, where the stage's one line suffices.</summary>
    public void StageProgress(string stage, long done, long total) => Advance(done, total, done, "steps");

    /// <summary>Generic progress: done of total (bytes or items) and how many items so far.</summary>
    public void Advance(long done, long total, long items, string unit)
    {
        if (_task is null) return;
        double secs = Math.Max(_stageClock.Elapsed.TotalSeconds, 1e-3);
        _task.IsIndeterminate = false;
        _task.MaxValue = Math.Max(total, 1);
        _task.Value = Math.Min(done, total);
        string mbps = unit == "rows" ? $", {done / secs / 1e6:F0} MB/s" : "";
        _task.Description = Markup.Escape($"{_task.Description.Split(' ')[0]} {items:N0} {unit} ({items / secs:N0}/s{mbps})");
    }

    public void StageFinished(StageTiming t, string summary)
    {
        if (_quiet) return;
        if (_task is not null)
        {
            _task.IsIndeterminate = false;
            _task.Value = _task.MaxValue;
            _task.Description = Markup.Escape($"{t.Stage}: {summary} ({t.Seconds:F1} s)");
            _task.StopTask();
            _task = null;
            return;
        }
        Console.Error.WriteLine($"[{t.Stage}] {summary} in {t.Seconds:F1} s, peak RSS {t.PeakRssBytes / (1 << 20):N0} MiB");
    }

    public void Log(string line)
    {
        if (_quiet) return;
        if (_ctx is not null) _err.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        else Console.Error.WriteLine(line);
    }
}
