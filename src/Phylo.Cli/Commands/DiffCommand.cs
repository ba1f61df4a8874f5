using System.CommandLine;
using Phylo.Analyses.Diff;
using Phylo.Cli.Output;
using Phylo.Ingest.Parsing;
using Phylo.Output;
using Phylo.Plots.Figures;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo diff &lt;parent&gt; &lt;child&gt; &lt;inputs…&gt;</c>: the character alignment of two models' genomes (the study's "diff DNA").</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var parent = new Argument<string>("parent") { Description = "The first model (drawn on top), owner/name or its Hub URL." };
        var child = new Argument<string>("child") { Description = "The second model (drawn below)." };
        var inputs = CommonOptions.Inputs();
        var png = new Option<string?>("--png") { Description = "Draw the alignment into this PNG (two rows of character boxes: equal, replaced, deleted, inserted)." };
        var genome = new Option<DiffGenome>("--genome")
        {
            Description = "metadata: the model's Hub record serialized; card: its card's first 512 characters (a card of at least 512 characters, not auto-generated).",
            DefaultValueFactory = _ => DiffGenome.Metadata,
        };
        var cmd = new Command("diff", "Align two models' genomes character by character (Levenshtein traceback) and print the edit distance; --png draws it.")
        {
            parent, child, inputs, png, genome,
        };
        cmd.SetAction(parse =>
        {
            string p = ModelIds.Normalize(parse.GetValue(parent)), c = ModelIds.Normalize(parse.GetValue(child));
            DiffGenome g = parse.GetValue(genome);
            // Card text is never held: the card genome comes from the card features ingest keeps (each card's first 512 characters).
            var table = FamilyCommand.Ingest(parse.GetValue(inputs)!, parse.GetValue(CommonOptions.Threads), parse.GetValue(CommonOptions.Strict),
                cardGenomes: g == DiffGenome.Card);
            int pi = FamilyCommand.Find(table, p), ci = FamilyCommand.Find(table, c);
            string a = DiffGenomes.Of(table, pi, g), b = DiffGenomes.Of(table, ci, g);
            var segments = GenomeDiff.Align(a, b);
            int distance = GenomeDiff.Cost(segments);
            if (parse.GetValue(png) is { } path)
            {
                using var output = StagedOutput.ForFile(path);
                output.Write(staged => DiffDnaFigure.Render(a, b, segments, "parent", "child",
                    new FigureText($"Diff DNA ({g.Name()} genome): {p} → {c}", "", ""), staged));
            }
            int a0 = GenomeDiff.CodePoints(a).Length, b0 = GenomeDiff.CodePoints(b).Length;
            double similarity = 1 - distance / (double)Math.Max(1, Math.Max(a0, b0));
            var byOp = Enum.GetValues<DiffOp>().Select(op => (Op: op.ToString().ToLowerInvariant(),
                Characters: segments.Where(s => s.Op == op).Sum(s => Math.Max(s.ParentLength, s.ChildLength)))).ToArray();
            if (parse.GetValue(CommonOptions.Format) == OutputFormat.Json)
            {
                JsonStdout.Write(w =>
                {
                    w.WriteString("parent", p);
                    w.WriteString("child", c);
                    w.WriteString("genome", g.Name());
                    w.WriteNumber("parentCharacters", a0);
                    w.WriteNumber("childCharacters", b0);
                    w.WriteNumber("distance", distance);
                    w.WriteNumber("similarity", similarity);
                    w.WriteStartObject("characters");
                    foreach (var (op, n) in byOp) w.WriteNumber(op, n);
                    w.WriteEndObject();
                    if (parse.GetValue(png) is { } written) w.WriteString("png", Path.GetFullPath(written));
                });
            }
            else if (!parse.GetValue(CommonOptions.Quiet))
            {
                Console.WriteLine($"{p} → {c} ({g.Name()} genome): {a0:N0} → {b0:N0} characters, edit distance {distance:N0}, " +
                                  $"similarity {similarity:F4}; " + string.Join(", ", byOp.Select(o => $"{o.Op} {o.Characters:N0}")) +
                                  (parse.GetValue(png) is { } written ? $" → {written}" : ""));
            }
            return 0;
        });
        return cmd;
    }
}
