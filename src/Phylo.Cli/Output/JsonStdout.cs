using System.Text.Json;

namespace Phylo.Cli.Output;

/// <summary>A command's <c>--format json</c> result: one JSON object on stdout, then a newline; nothing else goes there.</summary>
internal static class JsonStdout
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, Report.ReportWriter.JsonOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>Wall seconds of the stages (stages that ran together counted once, as run.json's totalSeconds), rounded to
    /// milliseconds, as every summary reports them.</summary>
    public static void Seconds(Utf8JsonWriter w, IEnumerable<Phylo.Analyses.StageTiming> stages) =>
        w.WriteNumber("seconds", Math.Round(Phylo.Run.RunManifest.TotalSeconds([.. stages]), 3));
}
