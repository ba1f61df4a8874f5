using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Ingest;
using Phylo.Ingest.Parsing;
using Phylo.Ingest.Pipeline;
using Phylo.Graph;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo family &lt;model-id&gt; &lt;inputs…&gt;</c>: print a model's family tree.</summary>
internal static class FamilyCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model-id") { Description = "A model id (owner/name) or its Hub URL." };
        var inputs = CommonOptions.Inputs();
        var depth = new Option<int>("--depth", "-d") { Description = "Generations to show below the root.", DefaultValueFactory = _ => 3 };
        var width = new Option<int>("--max-children") { Description = "Children shown per model before '… N more'.", DefaultValueFactory = _ => 25 };
        var cmd = new Command("family", "Print the family tree of a model: from its root, with relation types, licenses and generations.")
        {
            model, inputs, depth, width,
        };
        cmd.SetAction(parse =>
        {
            var rejects = new RejectLog(null, parse.GetValue(CommonOptions.Strict));
            var ingestor = new Ingestor(new IngestOptions(parse.GetValue(CommonOptions.Threads), KeepCards: false), rejects);
            foreach (string input in parse.GetValue(inputs)!) ingestor.Add(input);
            var table = ingestor.Build();
            string id = ModelIds.Normalize(parse.GetValue(model));
            if (!table.TryGetIndex(id, out int m))
                throw new PhyloInputException($"{id}: not among the {table.Count:N0} models read");
            var graph = FamilyGraphBuilder.Build(table);
            var printer = new FamilyTreePrinter(table, graph, parse.GetValue(depth), parse.GetValue(width));
            if (parse.GetValue(CommonOptions.Format) == OutputFormat.Json) JsonStdout.Write(w => printer.WriteJson(w, m));
            else printer.Print(Console.Out, m);
            return 0;
        });
        return cmd;
    }
}
