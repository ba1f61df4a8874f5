using System.Diagnostics;

namespace Phylo;

/// <summary>
/// Where a stage's time goes, for run.json: the wall and process CPU seconds (user + system, every thread) of the
/// stretches between <see cref="Mark"/>s. A stage timed by <c>StageClock.Time</c> runs under a recorder
/// (<see cref="Record{T}"/>); code inside it calls <see cref="Mark"/> at the end of each part, naming the part that just
/// ended. Parts of one name add up (listed in first-mark order, with how many stretches they took). Outside a recorder
/// a mark does nothing, and a mark reads two clocks (a timestamp and the process's CPU times): nothing a hot loop calls.
/// The recorder flows with the execution context, so concurrent stages (tests, the output wave) keep their own.
/// </summary>
public sealed class StageParts
{
    private static readonly AsyncLocal<StageParts?> s_current = new();

    private readonly List<StagePart> _parts = [];
    private readonly Lock _lock = new();
    private long _wallMark = Stopwatch.GetTimestamp();
    private TimeSpan _cpuMark = Environment.CpuUsage.TotalTime;
    private string? _prefix;

    private StageParts() { }

    /// <summary>Runs <paramref name="work"/> under a fresh recorder and returns its result with the parts it marked.</summary>
    public static (T Result, IReadOnlyList<StagePart> Parts) Record<T>(Func<T> work)
    {
        StageParts? outer = s_current.Value;
        var parts = new StageParts();
        s_current.Value = parts;
        try
        {
            T result = work();
            lock (parts._lock) return (result, [.. parts._parts]);
        }
        finally { s_current.Value = outer; }
    }

    /// <summary>Ends the part that ran since the last mark (or since the recording started) and names it
    /// <paramref name="part"/>, after the prefix of the innermost open <see cref="Within"/>.</summary>
    public static void Mark(string part) => s_current.Value?.Close(part);

    /// <summary>Names the parts marked until the returned scope is disposed "<paramref name="prefix"/>: part" (e.g. one
    /// genome's fit, whose passes mark themselves without knowing the genome).</summary>
    public static Scope Within(string prefix)
    {
        StageParts? current = s_current.Value;
        if (current is null) return default;
        string? outer = current._prefix;
        current._prefix = outer is null ? prefix : $"{outer}: {prefix}";
        return new Scope(current, outer);
    }

    private void Close(string part)
    {
        long wall = Stopwatch.GetTimestamp();
        TimeSpan cpu = Environment.CpuUsage.TotalTime;
        lock (_lock)
        {
            string name = _prefix is null ? part : $"{_prefix}: {part}";
            double seconds = Stopwatch.GetElapsedTime(_wallMark, wall).TotalSeconds;
            double cpuSeconds = (cpu - _cpuMark).TotalSeconds;
            (_wallMark, _cpuMark) = (wall, cpu);
            int i = _parts.FindIndex(p => p.Name == name);
            if (i < 0) _parts.Add(new StagePart(name, seconds, cpuSeconds, 1));
            else _parts[i] = _parts[i] with { Seconds = _parts[i].Seconds + seconds, CpuSeconds = _parts[i].CpuSeconds + cpuSeconds, Times = _parts[i].Times + 1 };
        }
    }

    /// <summary>Restores the prefix that was in force before <see cref="Within"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly StageParts? _parts;
        private readonly string? _outer;

        internal Scope(StageParts parts, string? outer) => (_parts, _outer) = (parts, outer);

        public void Dispose()
        {
            if (_parts is not null) _parts._prefix = _outer;
        }
    }
}

/// <summary>One named part of a stage: its wall and process CPU seconds summed over the <paramref name="Times"/>
/// stretches that carried its name.</summary>
public sealed record StagePart(string Name, double Seconds, double CpuSeconds, int Times);
