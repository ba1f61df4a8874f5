using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Phylo.Analyses;
using Phylo.Kernels;
using Phylo.Output;
using Phylo.Report;

namespace Phylo.Run;

/// <summary>
/// run.json: everything about a run that varies between runs of the same input (times, memory, host,
/// absolute paths). Kept out of report.json so that report stays byte-identical. Stages that ran at the same time
/// (the output writers, <see cref="OutputWave"/>) each carry <c>overlap</c> (all of their names) and
/// <c>overlapSeconds</c> (the wall time of the overlap); their <c>peakRssBytes</c> is the overlap's, and
/// <c>totalSeconds</c> counts an overlap once, by its wall time.
/// </summary>
public static class RunManifest
{
    public static string Version =>
        typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static void Write(string path, string command, AnalyzeOptions o, IReadOnlyList<StageTiming> stages, DateTimeOffset started)
    {
        AtomicFile.Write(path, s =>
        {
            using var w = new Utf8JsonWriter(s, ReportWriter.JsonOptions);
            w.WriteStartObject();
            w.WriteString("phylo", Version);
            w.WriteString("command", command);
            w.WriteString("startedUtc", started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartArray("inputs");
            foreach (var i in o.Inputs) w.WriteStringValue(Path.GetFullPath(i));
            w.WriteEndArray();
            w.WriteString("out", Path.GetFullPath(o.OutDir));
            w.WriteNumber("seed", o.Seed);
            w.WriteNumber("threads", o.Threads > 0 ? o.Threads : Environment.ProcessorCount);
            w.WriteString("host", Environment.MachineName);
            w.WriteString("os", RuntimeInformation.OSDescription);
            w.WriteString("runtime", RuntimeInformation.FrameworkDescription);
            w.WriteNumber("cores", Environment.ProcessorCount);
            w.WriteString("simd", Simd.Level.ToString());
            w.WriteString("hugePages", HugePages.Status);
            w.WriteStartArray("stages");
            foreach (var st in stages)
            {
                w.WriteStartObject();
                w.WriteString("stage", st.Stage);
                w.WriteNumber("seconds", Math.Round(st.Seconds, 3));
                w.WriteNumber("peakRssBytes", st.PeakRssBytes);
                if (st.Overlap is { } overlap)
                {
                    w.WriteString("overlap", overlap);
                    w.WriteNumber("overlapSeconds", Math.Round(st.OverlapSeconds, 3));
                }
                if (st.Parts is { } parts) WriteParts(w, parts);
                if (st.Collections is { } gc)
                {
                    w.WriteStartObject("gcCollections");
                    w.WriteNumber("gen0", gc.Gen0);
                    w.WriteNumber("gen1", gc.Gen1);
                    w.WriteNumber("gen2", gc.Gen2);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("totalSeconds", Math.Round(TotalSeconds(stages), 3));
            w.WriteNumber("peakRssBytes", StageClock.PeakRssBytes());
            w.WriteEndObject();
        });
    }

    // A stage's parts (StageParts): wall and process CPU seconds each (and the kernel's share), how many stretches carried the name, and where
    // /proc/self/stat is readable the minor page faults and the resident set at the part's end.
    private static void WriteParts(Utf8JsonWriter w, IReadOnlyList<StagePart> parts)
    {
        w.WriteStartArray("parts");
        foreach (StagePart p in parts)
        {
            w.WriteStartObject();
            w.WriteString("part", p.Name);
            w.WriteNumber("seconds", Math.Round(p.Seconds, 3));
            w.WriteNumber("cpuSeconds", Math.Round(p.CpuSeconds, 3));
            w.WriteNumber("systemCpuSeconds", Math.Round(p.SystemCpuSeconds, 3));
            w.WriteNumber("times", p.Times);
            if (p.MinorFaults is long faults) w.WriteNumber("minorFaults", faults);
            if (p.RssBytes is long rss) w.WriteNumber("rssBytes", rss);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The stages' wall time: each stage's seconds, an overlap's once (stages of one overlap are adjacent).</summary>
    public static double TotalSeconds(IReadOnlyList<StageTiming> stages)
    {
        double total = 0;
        for (int i = 0; i < stages.Count; i++)
        {
            if (stages[i].Overlap is null) total += stages[i].Seconds;
            else if (i == 0 || stages[i - 1].Overlap != stages[i].Overlap) total += stages[i].OverlapSeconds;
        }
        return total;
    }
}
