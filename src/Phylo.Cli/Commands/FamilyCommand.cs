using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Graph;
using Phylo.Ingest.Parsing;
using Phylo.Ingest.Pipeline;
using Phylo.Output;
using Phylo.Plots.Figures;
using Phylo.Table;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo family &lt;model-id&gt; &lt;inputs…&gt;</c>: print a model's family tree, or draw it (<c>--png</c>).</summary>
internal static class FamilyCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model-id") { Description = "A model id (owner/name) or its Hub URL." };
        var inputs = CommonOptions.Inputs();
        var depth = new Option<int>("--depth", "-d") { Description = "Generations to show below the root.", DefaultValueFactory = _ => 3 };
        var width = new Option<int>("--max-children") { Description = "Children shown per model before '… N more'.", DefaultValueFactory = _ => 25 };
        var png = new Option<string?>("--png")
        {
            Description = "Draw the whole family (every model linked to this one by any relation) as a layered tree into this PNG instead of printing it: " +
                          "roots on top, edges coloured by relation, the family size in the title.",
        };
        var maxWidth = new Option<int>("--max-width")
        {
            Description = "With --png: a generation wider than this many models draws its leaves as one '+N' mark per parent (the figure says so).",
            DefaultValueFactory = _ => FamilyTreeLayout.MaxWidth,
        };
        var noMerges = new Option<bool>("--no-merges")
        {
            Description = "With --png: draw the study's family instead (the models linked to this one by non-merge edges: the no-merge view's component).",
        };
        var cmd = new Command("family", "Print the family tree of a model: from its root, with relation types, licenses and generations; or draw it with --png.")
        {
            model, inputs, depth, width, png, maxWidth, noMerges,
        };
        cmd.SetAction(parse =>
        {
            var (table, m) = Load(parse.GetValue(inputs)!, parse.GetValue(model)!, parse.GetValue(CommonOptions.Threads), parse.GetValue(CommonOptions.Strict));
            var graph = FamilyGraphBuilder.Build(table);
            if (parse.GetValue(png) is { } path)
            {
                if (parse.GetValue(maxWidth) < 1) throw new PhyloInputException("--max-width: must be at least 1");
                TreeLayout layout;
                string root;
                if (parse.GetValue(noMerges))
                {
                    var nm = StudyNoMerge.Of(graph);
                    layout = FamilyTreeLayout.OfStudyFamily(graph, nm.ComponentOf[m], parse.GetValue(maxWidth));
                    root = table.Ids[nm.Named[nm.ComponentOf[m]]];
                }
                else
                {
                    layout = FamilyTreeLayout.Of(graph, graph.FamilyOf[m], parse.GetValue(maxWidth));
                    root = table.Ids[graph.Families[graph.FamilyOf[m]].Root];
                }
                string view = parse.GetValue(noMerges) ? "; no-merge view" : "";
                string title = $"Family of {root} ({layout.FamilySize:N0} models, depth {layout.Depth}{view})";
                using (var output = StagedOutput.ForFile(path))
                    output.Write(staged => TreeFigure.Render(layout, table.Ids, new FigureText(title, "", "generation"), staged));
                if (parse.GetValue(CommonOptions.Format) == OutputFormat.Json)
                    JsonStdout.Write(w =>
                    {
                        w.WriteString("png", Path.GetFullPath(path));
                        w.WriteString("model", table.Ids[m]);
                        w.WriteString("root", root);
                        w.WriteNumber("familySize", layout.FamilySize);
                        w.WriteNumber("depth", layout.Depth);
                        w.WriteNumber("marksDrawn", layout.Nodes.Length);
                    });
                else if (!parse.GetValue(CommonOptions.Quiet))
                    Console.WriteLine($"{path}: family of {table.Ids[m]}, {layout.FamilySize:N0} models, {layout.Nodes.Length:N0} marks drawn");
                return 0;
            }
            var printer = new FamilyTreePrinter(table, graph, parse.GetValue(depth), parse.GetValue(width));
            if (parse.GetValue(CommonOptions.Format) == OutputFormat.Json) JsonStdout.Write(w => printer.WriteJson(w, m));
            else printer.Print(Console.Out, m);
            return 0;
        });
        return cmd;
    }

    /// <summary>Ingests the inputs (card facts only) and finds the model.</summary>
    internal static (ModelTable Table, int Model) Load(IReadOnlyList<string> inputs, string model, int threads, bool strict)
    {
        var table = Ingest(inputs, threads, strict, cardGenomes: false);
        return (table, Find(table, model));
    }

    /// <param name="cardGenomes">Keep the card features (each card's genome, its first 512 characters) besides the facts.</param>
    internal static ModelTable Ingest(IReadOnlyList<string> inputs, int threads, bool strict, bool cardGenomes)
    {
        var rejects = new RejectLog(null, strict);
        var ingestor = new Ingestor(new IngestOptions(threads, KeepCards: cardGenomes), rejects);
        foreach (string input in inputs) ingestor.Add(input);
        return ingestor.Build();
    }

    internal static int Find(ModelTable table, string model)
    {
        string id = ModelIds.Normalize(model);
        return table.TryGetIndex(id, out int m) ? m : throw new PhyloInputException($"{id}: not among the {table.Count:N0} models read");
    }
}
