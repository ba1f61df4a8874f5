using System.Diagnostics;

namespace Phylo;

/// <summary>
/// Where a stage's time goes, for run.json: the wall and process CPU seconds (user + system, and the system part alone;
/// every thread) of the
/// stretches between <see cref="Mark"/>s, and on Linux the process's minor page faults in them and its resident set at
/// their end (<see cref="PageCounts"/>: the fresh memory a part touched). A stage timed by <c>StageClock.Time</c> runs under a recorder
/// (<see cref="Record{T}(Func{T})"/>); code inside it calls <see cref="Mark"/> at the end of each part, naming the part that just
/// ended. Parts of one name add up (listed in first-mark order, with how many stretches they took). Outside a recorder
/// a mark does nothing, and a mark reads two clocks (a timestamp and the process's CPU times) and <c>/proc/self/stat</c>:
/// nothing a hot loop calls.
/// The recorder flows with the execution context, so concurrent stages (tests, the output wave) keep their own.
/// </summary>
public sealed class StageParts
{
    private static readonly AsyncLocal<StageParts?> s_current = new();

    private readonly List<StagePart> _parts = [];
    private readonly Lock _lock = new();
    private long _wallMark = Stopwatch.GetTimestamp();
    private Environment.ProcessCpuUsage _cpuMark = Environment.CpuUsage;
    private readonly Func<PageCounts?> _pages;
    private PageCounts? _pagesMark;
    private string? _prefix;

    private StageParts(Func<PageCounts?> pages) => (_pages, _pagesMark) = (pages, pages());

    /// <summary>Runs <paramref name="work"/> under a fresh recorder and returns its result with the parts it marked.</summary>
    public static (T Result, IReadOnlyList<StagePart> Parts) Record<T>(Func<T> work) => Record(work, PageCounts.Read);

    /// <summary><see cref="Record{T}(Func{T})"/> with the page counts read by <paramref name="pages"/> (tests: a
    /// platform without <c>/proc</c>).</summary>
    internal static (T Result, IReadOnlyList<StagePart> Parts) Record<T>(Func<T> work, Func<PageCounts?> pages)
    {
        StageParts? outer = s_current.Value;
        var parts = new StageParts(pages);
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
        Environment.ProcessCpuUsage cpu = Environment.CpuUsage;
        PageCounts? pages = _pages();
        lock (_lock)
        {
            string name = _prefix is null ? part : $"{_prefix}: {part}";
            double seconds = Stopwatch.GetElapsedTime(_wallMark, wall).TotalSeconds;
            double cpuSeconds = (cpu.TotalTime - _cpuMark.TotalTime).TotalSeconds;
            double systemSeconds = (cpu.PrivilegedTime - _cpuMark.PrivilegedTime).TotalSeconds;
            long? faults = pages is PageCounts now && _pagesMark is PageCounts then ? now.MinorFaults - then.MinorFaults : null;
            (_wallMark, _cpuMark, _pagesMark) = (wall, cpu, pages);
            int i = _parts.FindIndex(p => p.Name == name);
            if (i < 0) _parts.Add(new StagePart(name, seconds, cpuSeconds, 1, faults, pages?.RssBytes, systemSeconds));
            else
            {
                StagePart p = _parts[i];
                _parts[i] = p with
                {
                    Seconds = p.Seconds + seconds,
                    CpuSeconds = p.CpuSeconds + cpuSeconds,
                    Times = p.Times + 1,
                    MinorFaults = p.MinorFaults + faults,
                    RssBytes = pages?.RssBytes,
                    SystemCpuSeconds = p.SystemCpuSeconds + systemSeconds,
                };
            }
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

/// <summary>One named part of a stage: its wall and process CPU seconds (of which <paramref name="SystemCpuSeconds"/> in
/// the kernel: page faults and zeroing, mostly) and the process's minor page faults summed over the
/// <paramref name="Times"/> stretches that carried its name, and the resident set at the end of the last of them (the
/// two are null where <see cref="PageCounts"/> cannot be read). A fault is one page of 4 KiB or of 2 MiB (huge pages),
/// so the kernel's CPU says more about the cost than the count does.</summary>
public sealed record StagePart(string Name, double Seconds, double CpuSeconds, int Times, long? MinorFaults = null, long? RssBytes = null,
    double SystemCpuSeconds = 0);
