using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Ingest.Pipeline;
using Phylo.Lineage;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Ranking;
using Phylo.Report;

namespace Phylo.Cli.Commands;

/// <summary>
/// <c>phylo lineage train|evaluate|infer</c>: infer parents of models that declare none (SPEC §7). Progress lines go
/// to stderr (unless <c>--quiet</c>); results to stdout or the named files.
/// </summary>
internal static class LineageCommand
{
    private static readonly Option<int> K = new("--candidates", "-k") { Description = "Candidate parents kept per child.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> Trees = new("--trees") { Description = "Boosting rounds of the LightGBM ranker.", DefaultValueFactory = _ => 100 };
    private static readonly Option<bool> GraphFeatures = new("--graph-features") { Description = "Also use parents' declared child counts and generations as features (unobservable for held-out families; off by default)." };
    private static readonly Option<double> HoldOut = new("--holdout") { Description = "Share of declared edges held out, by whole family.", DefaultValueFactory = _ => 0.2 };

    public static Command Create()
    {
        var cmd = new Command("lineage", "Infer the parents of models that declare none: candidates by card and name similarity, ranked by a Microsoft.ML model trained on declared edges.");
        cmd.Subcommands.Add(Train());
        cmd.Subcommands.Add(Evaluate());
        cmd.Subcommands.Add(Infer());
        return cmd;
    }

    private static Option<string> ModelOption(bool required) => new("--model", "-m")
    {
        Description = "The ranker's zip file.",
        Required = required,
        DefaultValueFactory = required ? null! : _ => "",
    };

    private static Command Train()
    {
        var inputs = CommonOptions.Inputs();
        var model = new Option<string>("--model", "-m") { Description = "Where to write the ranker (zip).", DefaultValueFactory = _ => "lineage.zip" };
        var holdOut = new Option<bool>("--exclude-holdout") { Description = "Train only on the families 'evaluate' does not hold out (default: every declared edge)." };
        var cmd = new Command("train", "Train the ranker on the inputs' declared parent links.") { inputs, model, holdOut, K, Trees, HoldOut, GraphFeatures };
        cmd.SetAction(parse =>
        {
            var session = Open(parse, parse.GetValue(inputs)!);
            bool[]? held = parse.GetValue(holdOut) ? FamilySplit.HeldOut(session.Graph, session.Options.HoldOutFraction, session.Options.Seed) : null;
            var trained = session.Train(held);
            string path = parse.GetValue(model)!;
            using (var output = Phylo.Output.StagedOutput.ForFile(path)) output.Write(trained.Save);
            Console.WriteLine($"Ranker: {path} ({trained.Ensemble.Trees} trees, {session.LastTrainingRows:N0} training pairs)");
            return 0;
        });
        return cmd;
    }

    private static Command Evaluate()
    {
        var inputs = CommonOptions.Inputs();
        var model = ModelOption(required: false);
        var cmd = new Command("evaluate", "Hold out whole families (20% of declared edges), train on the rest (or use --model), and report precision@1, recall@10 and MRR against the card-similarity baseline.")
        {
            inputs, model, K, Trees, HoldOut, GraphFeatures,
        };
        cmd.SetAction(parse =>
        {
            var session = Open(parse, parse.GetValue(inputs)!);
            string path = parse.GetValue(model)!;
            var result = session.Evaluate(path.Length == 0 ? null : LineageModel.Load(path));
            Print(result);
            return 0;
        });
        return cmd;
    }

    private static Command Infer()
    {
        var inputs = CommonOptions.Inputs();
        var model = ModelOption(required: true);
        var minScore = new Option<double>("--min-score") { Description = "Smallest calibrated probability written.", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string>("--out", "-o") { Description = "CSV of inferred edges (child, parent, score, relation).", DefaultValueFactory = _ => "tables/inferred_edges.csv" };
        var cmd = new Command("infer", "Score candidate parents of every model that declares none and write the best one per model.") { inputs, model, minScore, output, K, GraphFeatures };
        cmd.SetAction(parse =>
        {
            var ranker = LineageModel.Load(parse.GetValue(model)!);
            var session = Open(parse, parse.GetValue(inputs)!);
            var edges = session.Infer(ranker, parse.GetValue(minScore));
            string path = parse.GetValue(output)!;
            using (var staged = Phylo.Output.StagedOutput.ForFile(path))
                staged.Write(p => AtomicFile.WriteText(p, w => InferredEdgesCsv.Write(w, session.Table, edges)));
            Console.WriteLine($"{edges.Count:N0} inferred edges → {path}");
            return 0;
        });
        return cmd;
    }

    private static LineageSession Open(ParseResult parse, string[] inputs)
    {
        bool quiet = parse.GetValue(CommonOptions.Quiet);
        void Log(string line) { if (!quiet) Console.Error.WriteLine($"lineage: {line}"); }
        var sw = Stopwatch.StartNew();
        var rejects = new RejectLog(null, parse.GetValue(CommonOptions.Strict));
        var ingestor = new Ingestor(new IngestOptions(parse.GetValue(CommonOptions.Threads), KeepCards: true) { KeepCardBodies = true }, rejects, log: Log);
        foreach (string input in inputs) ingestor.Add(input);
        var table = ingestor.Build();
        if (table.CardFeatures?.Bodies is null) Log("the inputs carry no card bodies: card features are missing (−1) for every pair");
        var graph = FamilyGraphBuilder.Build(table);
        Log($"read {table.Count:N0} models, {graph.EdgeCount:N0} declared edges ({sw.Elapsed.TotalSeconds:F1} s)");
        var options = new LineageOptions
        {
            K = parse.GetValue(K), Seed = parse.GetValue(CommonOptions.Seed), Threads = parse.GetValue(CommonOptions.Threads),
            HoldOutFraction = parse.GetResult(HoldOut) is null ? FamilySplit.DefaultFraction
                : parse.GetValue(HoldOut) is var h and > 0 and < 1 ? h : throw new ArgumentException("--holdout must be between 0 and 1"),
            Ranker = new RankerOptions(Trees: parse.GetValue(Trees)),
            GraphFeatures = parse.GetValue(GraphFeatures),
        };
        if (options.K <= 0) throw new ArgumentException("--candidates must be positive");
        return new LineageSession(table, graph, options, Log);
    }

    private static void Print(LineageEvaluation r)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Held out {r.HeldOutFamilies:N0} families: {r.HeldOutChildren:N0} children to recover; trained on {r.TrainingChildren:N0} children ({r.TrainingRows:N0} pairs).");
        Console.WriteLine();
        Console.WriteLine("| ranking | children | candidate recall | precision@1 | recall@10 | MRR |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, m) in new[] { ("LightGBM ranker", r.Model), ("baseline: card TF-IDF cosine", r.Baseline) })
            Console.WriteLine(string.Format(c, "| {0} | {1:N0} | {2:F3} | {3:F3} | {4:F3} | {5:F3} |", name, m.Children, m.CandidateRecall, m.PrecisionAt1, m.RecallAt10, m.Mrr));
        Console.WriteLine();
        Console.WriteLine("| predicted | pairs | declared edges | mean predicted | observed precision |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var b in r.Calibration)
            Console.WriteLine(string.Format(c, "| {0:F1}–{1:F1} | {2:N0} | {3:N0} | {4:F3} | {5:F3} |", b.Low, b.High, b.Pairs, b.DeclaredEdges, b.MeanPredicted, b.ObservedPrecision));
    }
}
