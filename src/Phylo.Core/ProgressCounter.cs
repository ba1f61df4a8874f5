namespace Phylo;

/// <summary>
/// Counts finished units of a stage's work from any thread and reports (done, total) to a callback, in order:
/// the reported values never go down and the last report is (total, total). Reporting is serialized under a
/// lock, so the callback needs no synchronization of its own; call it per block or population, never per item.
/// </summary>
public sealed class ProgressCounter
{
    private readonly Action<long, long>? _report;
    private readonly Lock _lock = new();
    private long _done;

    public ProgressCounter(long total, Action<long, long>? report)
    {
        Total = Math.Max(total, 1);
        _report = report;
        _report?.Invoke(0, Total);
    }

    public long Total { get; }

    /// <summary>Marks <paramref name="units"/> more as done (capped at the total).</summary>
    public void Step(long units = 1)
    {
        if (_report is null) return;
        lock (_lock)
        {
            _done = Math.Min(Total, _done + units);
            _report(_done, Total);
        }
    }

    /// <summary>Reports the stage as finished.</summary>
    public void Complete() => Step(Total);
}
