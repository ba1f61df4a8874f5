using System.Diagnostics;

namespace Phylo.Run;

/// <summary>Wall time and peak memory per pipeline stage, for run.json and the report header.</summary>
public sealed class StageClock
{
    private readonly List<StageTiming> _stages = [];

    public IReadOnlyList<StageTiming> Stages => _stages;

    public T Time<T>(string stage, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        T result = work();
        _stages.Add(new StageTiming(stage, sw.Elapsed.TotalSeconds, PeakRssBytes()));
        return result;
    }

    public void Time(string stage, Action work) => Time(stage, () => { work(); return 0; });

    /// <summary>Times one piece of work outside any clock (for stages a caller adds after the engine's own).</summary>
    public static StageTiming Timed(string stage, Action work)
    {
        var sw = Stopwatch.StartNew();
        work();
        return new StageTiming(stage, sw.Elapsed.TotalSeconds, PeakRssBytes());
    }

    public double TotalSeconds => _stages.Sum(s => s.Seconds);

    /// <summary>Peak resident set size of this process (VmHWM on Linux; peak working set elsewhere).</summary>
    public static long PeakRssBytes()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (string line in File.ReadLines("/proc/self/status"))
                {
                    if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException) { }
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }
}

public sealed record StageTiming(string Stage, double Seconds, long PeakRssBytes);
