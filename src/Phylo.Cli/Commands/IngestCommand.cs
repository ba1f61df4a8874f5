using System.CommandLine;
using Phylo.Cli.Output;
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
            Description = "Snapshot file to write (atomically: a killed run leaves no file).",
            DefaultValueFactory = _ => "eco.phylo",
        };
        var cmd = new Command("ingest", "Parse the inputs once and save the model table as a snapshot that later runs load in seconds.")
        {
            inputs, outFile, CommonOptions.NoCards, CommonOptions.KeepCards,
        };
        cmd.SetAction(parse => Execute(parse.GetValue(inputs)!, parse.GetValue(outFile)!, parse.GetValue(CommonOptions.Threads),
            parse.GetValue(CommonOptions.Strict), !parse.GetValue(CommonOptions.NoCards), parse.GetValue(CommonOptions.KeepCards), parse.GetValue(CommonOptions.Quiet)));
        return cmd;
    }

    private static int Execute(string[] inputs, string outPath, int threads, bool strict, bool keepCards, bool keepCardText, bool quiet)
    {
        var observer = new ConsoleObserver(quiet);
        var outcome = observer.Run(() => SnapshotRun.Execute(inputs, outPath, threads, strict, keepCards, observer,
            (done, total) => observer.Advance(done, total, done, "chunks"), keepCardText: keepCardText));
        if (!quiet)
        {
            double seconds = 0;
            foreach (var s in outcome.Stages) seconds += s.Seconds;
            Console.WriteLine($"{outcome.Table.Count:N0} models, {outcome.Rejects.RowsDropped:N0} rows rejected; " +
                              $"{outcome.BytesIn / 1e6:N0} MB in → {outcome.BytesOut / 1e6:N0} MB out in {seconds:F1} s.");
            Console.WriteLine($"Snapshot: {outPath}");
        }
        return 0;
    }
}
