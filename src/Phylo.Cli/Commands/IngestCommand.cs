using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Output;
using Phylo.Run;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo ingest &lt;inputs…&gt; --out eco.phylo</c>: parse the inputs once, save a snapshot that
/// <c>phylo analyze eco.phylo</c> (or any command taking inputs) reads instead.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs();
        var outFile = new Option<string>("--out", "-o")
        {
            Description = "Snapshot file to write (all or nothing: a failed or killed run leaves the file as it was).",
            DefaultValueFactory = _ => "eco.phylo",
        };
        var fits = new Option<bool>("--fits")
        {
            Description = "Also fit the similarity vocabularies and count rows once and store them (~0.75 GB in memory, ~+50 % file " +
                          "size at 1.86M models): every analysis of the snapshot then skips its longest featurize part.",
        };
        var cmd = new Command("ingest", "Parse the inputs once and save the model table as a snapshot that later runs load in seconds.")
        {
            inputs, outFile, CommonOptions.NoCards, CommonOptions.KeepCards, fits,
        };
        cmd.SetAction(parse => Execute(parse.GetValue(inputs)!, parse.GetValue(outFile)!, parse.GetValue(CommonOptions.Threads),
            parse.GetValue(CommonOptions.Strict), !parse.GetValue(CommonOptions.NoCards), parse.GetValue(CommonOptions.KeepCards),
            parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Format), parse.GetValue(fits)));
        return cmd;
    }

    private static int Execute(string[] inputs, string outPath, int threads, bool strict, bool keepCards, bool keepCardText, bool quiet,
        OutputFormat format, bool fits)
    {
        var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
        using var output = StagedOutput.ForFile(outPath);
        var outcome = observer.Run(() => output.Write(path => SnapshotRun.Execute(inputs, path, threads, strict, keepCards, observer,
            (done, total) => observer.Advance(done, total, done, "chunks"), shownAs: output.Target, keepCardText: keepCardText, fits: fits)));
        double seconds = outcome.Stages.Sum(s => s.Seconds);
        if (format == OutputFormat.Json)
            JsonStdout.Write(w =>
            {
                w.WriteNumber("models", outcome.Table.Count);
                w.WriteNumber("rowsRejected", outcome.Rejects.RowsDropped);
                w.WriteNumber("bytesIn", outcome.BytesIn);
                w.WriteNumber("bytesOut", outcome.BytesOut);
                w.WriteString("snapshot", output.Target);
                JsonStdout.Seconds(w, outcome.Stages);
            });
        else if (!quiet)
        {
            Console.WriteLine($"{outcome.Table.Count:N0} models, {outcome.Rejects.RowsDropped:N0} rows rejected; " +
                              $"{outcome.BytesIn / 1e6:N0} MB in → {outcome.BytesOut / 1e6:N0} MB out in {seconds:F1} s.");
            Console.WriteLine($"Snapshot: {outPath}");
        }
        return 0;
    }
}
