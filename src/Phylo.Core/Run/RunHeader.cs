using System.Globalization;
using Phylo.Analyses;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>
/// The block at the top of report.md that says how this run went: input, models, rejected rows, seed,
/// threads, wall time and peak memory per stage, Phylo version. It varies between runs, so every line
/// starts with "> " (a Markdown quote) and report.json never contains it.
/// </summary>
public static class RunHeader
{
    public const string LinePrefix = "> ";

    /// <summary>How the run's 512-term vocabularies break ties at the cut (<c>--tie-break</c>; numpy's with <c>--sampled</c>).</summary>
    public static string TieBreakName(AnalyzeOptions o) =>
        (o.TieBreak ?? (o.Sampled ? Text.TieBreak.NumpyQuicksort : Text.TieBreak.Lexicographic)) == Text.TieBreak.NumpyQuicksort ? "numpy" : "lexicographic";

    public static IReadOnlyList<string> Lines(AnalyzeOptions o, IReadOnlyList<InputSummary> inputs, int models, long rowsRejected, IReadOnlyList<StageTiming> stages)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"input: {string.Join(", ", inputs.Select(i => $"{Path.GetFileName(i.Path)} ({i.Format}, {i.Bytes / 1e6:F1} MB)"))}",
            string.Create(inv, $"models: {models:N0}; rejected rows: {rowsRejected:N0}; seed: {o.Seed}; threads: {(o.Threads > 0 ? o.Threads : Environment.ProcessorCount)}; vocabulary tie-break: {TieBreakName(o)}"),
            string.Join("; ", stages.Select(s => string.Create(inv, $"{s.Stage} {s.Seconds:F2} s"))) +
                string.Create(inv, $"; peak RSS {StageClock.PeakRssBytes() / (1 << 20):N0} MiB"),
            $"Phylo {RunManifest.Version}; SIMD {Kernels.Simd.Level}; details in run.json",
        };
        return lines.Select(l => LinePrefix + l).ToArray();
    }
}
