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

    /// <summary>The kB value of a /proc status line such as <c>"VmHWM:\t10074300 kB"</c>, or null for another key.</summary>
    internal static long? ParseStatusKiB(string line, string key)
    {
        if (!line.StartsWith(key, StringComparison.Ordinal)) return null;
        var parts = line.AsSpan(key.Length).Trim();
        int end = parts.IndexOfAny(' ', '\t');
        return long.Parse(end < 0 ? parts : parts[..end], System.Globalization.CultureInfo.InvariantCulture);
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
                    if (ParseStatusKiB(line, "VmHWM:") is { } kib) return kib * 1024;
            }
        }
        catch (IOException) { }
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }
}

public sealed record StageTiming(string Stage, double Seconds, long PeakRssBytes);
