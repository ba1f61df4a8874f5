using System.CommandLine;
using System.Diagnostics;
using Phylo.Cli.Output;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Ingest.Pipeline;
using Phylo.Lineage;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Ranking;
using Phylo.Output;

namespace Phylo.Cli.Commands;

/// <summary>
/// <c>phylo lineage train|evaluate|infer</c>: infer parents of models that declare none (native-notes/lineage.md).
/// Progress lines go to stderr (unless <c>--quiet</c>); results to stdout (Markdown, or one JSON document with
/// <c>--format json</c>) and the one file each command writes (<see cref="WriteOutput"/>).
/// </summary>
internal static class LineageCommand
{
    private static readonly Option<int> K = new("--candidates", "-k") { Description = "Candidate parents kept per child.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> Trees = new("--trees") { Description = "Boosting rounds of the LightGBM ranker.", DefaultValueFactory = _ => new RankerOptions().Trees };
    private static readonly Option<int> Folds = new("--folds") { Description = "Cross-validation folds of whole families (at least 2): the evaluation, and the out-of-fold predictions the probability map is fitted on.", DefaultValueFactory = _ => FamilySplit.DefaultFolds };
    private static readonly Option<bool> GraphFeatures = new("--graph-features") { Description = "Also use parents' declared child counts and generations as features (unobservable for held-out families; off by default)." };

    public static Command Create()
    {
        var cmd = new Command("lineage", "Infer the parents of models that declare none: candidates from card mentions, names, cards, architecture, tags and popularity, ranked by a Microsoft.ML model trained on declared edges, scored as calibrated probabilities.");
        cmd.Subcommands.Add(Train());
        cmd.Subcommands.Add(Evaluate());
        cmd.Subcommands.Add(Infer());
        return cmd;
    }

    private static Command Train()
    {
        var inputs = CommonOptions.Inputs();
        var model = new Option<string>("--model", "-m") { Description = "Where to write the ranker and its probability map (zip).", DefaultValueFactory = _ => "lineage.zip" };
        var cmd = new Command("train", "Cross-validate by family, fit the probability map on the out-of-fold predictions, train the ranker on every declared parent link, and write both.") { inputs, model, K, Trees, Folds, GraphFeatures };
        cmd.SetAction(parse =>
        {
            var session = Open(parse, parse.GetValue(inputs)!);
            var trained = session.Train();
            string path = parse.GetValue(model)!;
            WriteOutput(path, s => trained.Model.Save(s));
            if (Json(parse))
                JsonStdout.Write(w =>
                {
                    w.WriteString("model", Path.GetFullPath(path));
                    w.WriteNumber("trees", trained.Model.Ensemble.Trees);
                    w.WriteNumber("trainingChildren", trained.TrainingChildren);
                    w.WriteNumber("trainingRows", trained.TrainingRows);
                    w.WritePropertyName("crossValidation");
                    EvaluationReport.WriteJson(w, trained.CrossValidation);
                });
            else
            {
                Console.WriteLine($"Ranker: {path} ({trained.Model.Ensemble.Trees} trees, {trained.TrainingChildren:N0} children, {trained.TrainingRows:N0} training pairs; " +
                                  $"probability map fitted on {trained.CrossValidation.Calibration.Predictions:N0} out-of-fold predictions)");
                Console.WriteLine();
                EvaluationReport.WriteText(Console.Out, trained.CrossValidation);
            }
            return 0;
        });
        return cmd;
    }

    private static Command Evaluate()
    {
        var inputs = CommonOptions.Inputs();
        var cmd = new Command("evaluate", "Cross-validate by family (--folds, default 5): per fold, hold its families out, train on the rest, rank the held-out children's candidates; report each metric's mean and 95% interval over folds beside the card-similarity baseline, each candidate source's recall, a per-relation breakdown and the calibration of the probabilities.")
        {
            inputs, K, Trees, Folds, GraphFeatures,
        };
        cmd.SetAction(parse =>
        {
            var result = Open(parse, parse.GetValue(inputs)!).Evaluate();
            if (Json(parse)) JsonStdout.Write(w => EvaluationReport.WriteJsonProperties(w, result));
            else EvaluationReport.WriteText(Console.Out, result);
            return 0;
        });
        return cmd;
    }

    private static Command Infer()
    {
        var inputs = CommonOptions.Inputs();
        var model = new Option<string>("--model", "-m") { Description = "The ranker's zip file (from 'phylo lineage train').", Required = true };
        var minScore = new Option<double>("--min-score") { Description = "Smallest probability written: the calibrated chance that the model's best candidate is its parent (roots included: a model with no parent gets a low one).", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string>("--out", "-o") { Description = "CSV of inferred edges (child, parent, score, relation).", DefaultValueFactory = _ => "tables/inferred_edges.csv" };
        var cmd = new Command("infer", "Score candidate parents of every model that declares none and write the best one per model when its probability reaches --min-score.") { inputs, model, minScore, output, K, GraphFeatures };
        cmd.SetAction(parse =>
        {
            double min = parse.GetValue(minScore);
            if (!(min >= 0 && min <= 1)) throw new ArgumentException("--min-score is a probability: between 0 and 1");
            var ranker = LineageModel.Load(parse.GetValue(model)!);
            var session = Open(parse, parse.GetValue(inputs)!);
            var edges = session.Infer(ranker, min);
            string path = parse.GetValue(output)!;
            WriteOutput(path, s =>
            {
                using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                InferredEdgesCsv.Write(w, session.Table, edges);
            });
            if (Json(parse))
                JsonStdout.Write(w =>
                {
                    w.WriteString("out", Path.GetFullPath(path));
                    w.WriteNumber("edges", edges.Count);
                    w.WriteNumber("minScore", min);
                    w.WriteNumber("models", session.Table.Count);
                });
            else Console.WriteLine($"{edges.Count:N0} inferred edges → {path}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Every file a lineage command writes goes through here: staged beside the target and published whole.</summary>
    private static void WriteOutput(string path, Action<Stream> write)
    {
        using var output = Phylo.Output.StagedOutput.ForFile(path);
        output.Write(staged => AtomicFile.Write(staged, write));
    }

    private static bool Json(ParseResult parse) => parse.GetValue(CommonOptions.Format) == OutputFormat.Json;

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
        else if (table.CardFeatures.Mentions is null) Log("this snapshot predates card mentions: run 'phylo ingest' again to use them");
        var graph = FamilyGraphBuilder.Build(table);
        Log($"read {table.Count:N0} models, {graph.EdgeCount:N0} declared edges ({sw.Elapsed.TotalSeconds:F1} s)");
        var options = new LineageOptions
        {
            K = parse.GetValue(K), Seed = parse.GetValue(CommonOptions.Seed), Threads = parse.GetValue(CommonOptions.Threads),
            Folds = parse.CommandResult.Command.Options.Contains(Folds) ? parse.GetValue(Folds) : FamilySplit.DefaultFolds,
            Ranker = new RankerOptions(Trees: parse.GetValue(Trees)),
            GraphFeatures = parse.GetValue(GraphFeatures),
            CardBaseline = parse.CommandResult.Command.Name != "infer",
        };
        if (options.K <= 0) throw new ArgumentException("--candidates must be positive");
        if (options.Folds < 2) throw new ArgumentException("--folds must be at least 2");
        return new LineageSession(table, graph, options, Log);
    }
}
