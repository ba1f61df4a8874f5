using System.Diagnostics;

namespace Phylo.Analyses;

/// <summary>Wall time and peak memory per pipeline stage, for run.json and the report header. On Linux a stage's peak
/// is its own: the kernel's high-water mark (VmHWM) is reset to the current RSS when the stage starts
/// (<c>/proc/self/clear_refs</c>, value 5), and the process peak is the largest of all marks read. Elsewhere, or where the
/// reset is refused, a stage's figure is the peak of the process so far.</summary>
public sealed class StageClock
{
    private readonly List<StageTiming> _stages = [];
    private static long s_processPeak;

    public IReadOnlyList<StageTiming> Stages => _stages;

    public T Time<T>(string stage, Func<T> work)
    {
        ResetPeak();
        var gc = GcCollections.Now();
        var sw = Stopwatch.StartNew();
        (T result, IReadOnlyList<StagePart> parts) = StageParts.Record(work);
        _stages.Add(new StageTiming(stage, sw.Elapsed.TotalSeconds, StagePeakRssBytes())
        {
            Parts = parts.Count > 0 ? parts : null,
            Collections = GcCollections.Now() - gc,
        });
        return result;
    }

    public void Time(string stage, Action work) => Time(stage, () => { work(); return 0; });

    /// <summary>Times one piece of work outside any clock (for stages a caller adds after the engine's own).</summary>
    public static StageTiming Timed(string stage, Action work)
    {
        ResetPeak();
        var gc = GcCollections.Now();
        var sw = Stopwatch.StartNew();
        work();
        return new StageTiming(stage, sw.Elapsed.TotalSeconds, StagePeakRssBytes()) { Collections = GcCollections.Now() - gc };
    }

    /// <summary>Starts a new high-water mark (the old one is folded into the process peak first).</summary>
    internal static bool ResetPeak()
    {
        if (!OperatingSystem.IsLinux()) return false;
        StagePeakRssBytes();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The high-water mark since the last <see cref="ResetPeak"/> (VmHWM; the peak working set elsewhere).</summary>
    public static long StagePeakRssBytes()
    {
        long mark = HighWaterMark();
        InterlockedMax(ref s_processPeak, mark);
        return mark;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen)
        {
            long was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen) return;
            seen = was;
        }
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

    /// <summary>Peak resident set size of this process over its whole life.</summary>
    public static long PeakRssBytes()
    {
        StagePeakRssBytes();
        return Volatile.Read(ref s_processPeak);
    }

    private static long HighWaterMark()
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

public sealed record StageTiming(string Stage, double Seconds, long PeakRssBytes)
{
    /// <summary>The stages that ran at the same time as this one (itself included), joined with " + "; null when it ran
    /// alone. Such stages share one <see cref="PeakRssBytes"/>, the peak of the overlap: a process has one high-water mark.</summary>
    public string? Overlap { get; init; }

    /// <summary>Wall time of the overlap as a whole, from the first of its stages starting to the last one ending.</summary>
    public double OverlapSeconds { get; init; }

    /// <summary>Where the stage's time went (<see cref="StageParts"/>), null when it marked no parts.</summary>
    public IReadOnlyList<StagePart>? Parts { get; init; }

    /// <summary>The process's garbage collections while the stage ran, null for stages timed together (an overlap).</summary>
    public GcCollections? Collections { get; init; }
}

/// <summary>Garbage collections of each generation (<see cref="GC.CollectionCount"/>: a gen-2 collection counts in all
/// three, a gen-1 one in gen 0 and 1). The CSV ingest's are nearly all full blocking ones triggered by the large-object
/// heap (native-notes/ingest.md, "The GC's share"), so run.json carries them per stage.</summary>
public readonly record struct GcCollections(int Gen0, int Gen1, int Gen2)
{
    public static GcCollections Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public static GcCollections operator -(GcCollections a, GcCollections b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2);
}
