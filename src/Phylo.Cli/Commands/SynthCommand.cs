using System.CommandLine;
using System.Diagnostics;
using Phylo.Cli.Output;
using Phylo.Output;
using Phylo.Report;
using Phylo.Synth;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo synth</c>: the seeded synthetic ecosystem in the published CSV layout, plus its planted truth.</summary>
internal static class SynthCommand
{
    public const int FullScale = 1_860_411;

    public static readonly Option<int> Models = new("--models", "-n")
    {
        Description = $"How many models to generate (the study's snapshot has {FullScale:N0}).",
        DefaultValueFactory = _ => FullScale,
    };

    public static readonly Option<CardMode> Cards = new("--cards")
    {
        Description = "Card text: full, prefix (first 512 code points: a smaller file, same similarity results) or none.",
        DefaultValueFactory = _ => CardMode.Full,
    };

    /// <summary>synth's own <c>--format</c> (it shadows the common one): the file form, or what goes to stdout.</summary>
    private static readonly Option<string> Format = new("--format")
    {
        Description = "File form: csv, parquet (the Hub's Parquet conversion, list columns as strings), parquet-lists (native "
            + "list columns) or arrow (an Arrow IPC stream, as a datasets cache file); by default taken from --out (.parquet, .arrow, "
            + ".csv.gz, .csv.zst, else CSV). Or json: one JSON document on stdout.",
        DefaultValueFactory = _ => "text",
        Validators =
        {
            r =>
            {
                if (r.GetValueOrDefault<string>() is not ("text" or "json" or "csv" or "parquet" or "parquet-lists" or "arrow"))
                    r.AddError($"--format must be csv, parquet, parquet-lists, arrow, text or json (got '{r.GetValueOrDefault<string>()}')");
            },
        },
    };

    public static Command Create()
    {
        var outFile = new Option<string>("--out", "-o")
        {
            Description = "File to write (.csv, .csv.gz, .csv.zst, .parquet or .arrow); the planted truth goes beside it as <name>.truth.json.",
            DefaultValueFactory = _ => "eco.csv",
        };
        var cmd = new Command("synth", "Generate the seeded synthetic Hugging Face ecosystem (published CSV layout, compressed, or as Parquet).")
        {
            Models, Cards, outFile, Format,
        };
        cmd.SetAction(parse =>
        {
            var o = new SynthOptions(parse.GetValue(Models), parse.GetValue(CommonOptions.Seed), parse.GetValue(Cards), parse.GetValue(CommonOptions.Threads));
            string asked = parse.GetValue(Format)!;
            var format = asked == "json" ? OutputFormat.Json : OutputFormat.Text;
            var observer = new ConsoleObserver(parse.GetValue(CommonOptions.Quiet) || format == OutputFormat.Json);
            string csv = parse.GetValue(outFile)!;
            using var output = StagedOutput.ForFile(csv, TruthPath(csv));
            var sw = Stopwatch.StartNew();
            var form = asked switch { "csv" => SynthForm.Csv, "parquet" => SynthForm.Parquet, "parquet-lists" => SynthForm.ParquetNativeLists, "arrow" => SynthForm.Arrow, _ => SynthForms.FromPath(csv) };
            long bytes = observer.Run(() => output.Write(path => { Generate(o, path, observer, output.Target, form); return new FileInfo(path).Length; }));
            if (format == OutputFormat.Json)
                JsonStdout.Write(w =>
                {
                    w.WriteNumber("models", o.Models);
                    w.WriteNumber("seed", o.Seed);
                    w.WriteString("cards", o.Cards.ToString().ToLowerInvariant());
                    w.WriteString("form", form.ToString());
                    w.WriteString("csv", output.Target);
                    w.WriteString("truth", Path.GetFullPath(TruthPath(csv)));
                    w.WriteNumber("bytes", bytes);
                    w.WriteNumber("seconds", Math.Round(sw.Elapsed.TotalSeconds, 3));
                });
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the CSV and its truth file (<see cref="TruthPath"/>); returns the CSV path.</summary>
    /// <param name="shownAs">The CSV's path once published, for the stage line.</param>
    public static string Generate(SynthOptions o, string csvPath, ConsoleObserver observer, string shownAs, SynthForm form = SynthForm.Csv)
    {
        if (o.Models < 1) throw new ArgumentException($"--models must be at least 1 (got {o.Models})");
        observer.StageStarted("synth");
        var sw = Stopwatch.StartNew();
        SynthTruth truth = null!;
        var progress = new SyncProgress(rows => observer.Advance(rows, o.Models, rows, "models"));
        AtomicFile.Write(csvPath, s => truth = SynthForms.Write(s, o, form, progress));
        AtomicFile.Write(TruthPath(csvPath), truth.WriteJson);
        observer.StageFinished(new Run.StageTiming("synth", sw.Elapsed.TotalSeconds, Run.StageClock.PeakRssBytes()),
            $"{o.Models:N0} models, {new FileInfo(csvPath).Length / 1e6:N0} MB → {shownAs}");
        return csvPath;
    }

    /// <summary><c>eco.truth.json</c> beside <c>eco.csv</c>, <c>eco.csv.zst</c> or <c>eco.parquet</c>.</summary>
    public static string TruthPath(string csvPath)
    {
        string path = csvPath;
        if (Path.GetExtension(path).ToLowerInvariant() is ".gz" or ".zst") path = Path.ChangeExtension(path, null);
        return Path.ChangeExtension(path, ".truth.json");
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
