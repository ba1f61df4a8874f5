using System.CommandLine;
using Phylo.Cli.Output;
using Phylo.Output;
using Phylo.Run;
using Phylo.Store;

namespace Phylo.Cli.Commands;

/// <summary><c>phylo prepare</c>: the global first pass of a sharded run (vocabularies and document frequencies).</summary>
internal static class PrepareCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "The inputs (as for analyze); with --merge, the .phylopart files of one round (a pattern such as 'run/counts-*.phylopart' is expanded, for steps without a shell).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outPath = new Option<string>("--out", "-o") { Description = "The .phylopart to write ({shard} in it becomes the shard index).", Required = true };
        var merge = new Option<bool>("--merge") { Description = "Merge the parts of one round (round 1 → candidates, round 2 → prepared vocabularies)." };
        var candidates = new Option<string?>("--candidates") { Description = "Round 2: the merged round-1 file; count the candidates' document frequencies." };
        var marksFor = new Option<int[]>("--marks-for")
        {
            Description = "Round 2: also mark, for every shard of an analyze run with this many shards (repeatable), the models it must featurize, " +
                          "so that analyze --prepared reads them instead of enumerating every design's draws in each shard. Give round 2 the analysis " +
                          "options the marks depend on (--seed, --sampled, --exact-levenshtein, --sample-size, --with-inferred); a shard whose options differ marks itself.",
            AllowMultipleArgumentsPerToken = true,
        };
        var withInferred = new Option<string?>("--with-inferred") { Description = "With --marks-for: the analyze run's --with-inferred file." };
        var shard = ShardOptions.Shard();
        var count = ShardOptions.ShardCount();
        var cmd = new Command("prepare",
            "The mergeable global pass of a sharded run: the card, metadata and metadata-clean TF-IDF vocabularies are fitted over every model in two rounds " +
            "(ties at the 512-term cut are carried so that analyze can break them either way, --tie-break).\n" +
            "  1. phylo prepare INPUTS --shard i --shard-count n --out counts-i.phylopart        (each shard: term counts)\n" +
            "  2. phylo prepare --merge counts-*.phylopart --out candidates.phylopart              (once)\n" +
            "  3. phylo prepare INPUTS --shard i --shard-count n --candidates candidates.phylopart --out stats-i.phylopart\n" +
            "  4. phylo prepare --merge stats-*.phylopart --out prepared.phylopart                  (once; give it to analyze --prepared)\n" +
            "Step 3 with --marks-for N (and analyze's --seed/--sampled/--sample-size) also ships each analyze shard's marks.\n" +
            "The result equals a single process's vocabulary exactly.")
        {
            files, outPath, merge, candidates, shard, count, CommonOptions.NoCards, marksFor, CommonOptions.Sampled, CommonOptions.ExactLevenshtein,
            CommonOptions.SampleSize, withInferred,
        };
        cmd.SetAction(parse =>
        {
            bool quiet = parse.GetValue(CommonOptions.Quiet);
            var format = parse.GetValue(CommonOptions.Format);
            var observer = new ConsoleObserver(quiet || format == OutputFormat.Json);
            bool merging = parse.GetValue(merge);
            (int Index, int Count) selected = merging ? (0, 1) : ShardOptions.Resolve(parse, shard, count) ?? (0, 1);
            using var output = StagedOutput.ForFile(PathPatterns.ForShard(parse.GetValue(outPath)!, selected.Index));
            if (merging)
            {
                string[] parts = PathPatterns.Expand(parse.GetValue(files)!);
                PartKind kind = observer.Run(() => output.Write(path => ShardRun.MergePrepared(parts, path)));
                if (format == OutputFormat.Json)
                    JsonStdout.Write(w =>
                    {
                        w.WriteString("kind", kind.ToString());
                        w.WriteNumber("parts", parts.Length);
                        w.WriteString("part", output.Target);
                    });
                else if (!quiet) Console.WriteLine($"{kind} → {output.Target}");
                return 0;
            }
            var o = ShardOptions.Options(parse, parse.GetValue(files)!, output.StagedPath, keepCards: !parse.GetValue(CommonOptions.NoCards),
                parse.GetValue(CommonOptions.Sampled), parse.GetValue(CommonOptions.ExactLevenshtein)) with
            {
                Similarity = new Analyses.SimilarityTuning(SampleSize: parse.GetValue(CommonOptions.SampleSize)),
                InferredEdges = parse.GetValue(withInferred),
            };
            int[] marks = parse.GetValue(marksFor) ?? [];
            if (marks.Length > 0 && parse.GetValue(candidates) is null) throw new PhyloInputException("--marks-for: only round 2 (with --candidates) marks");
            var stages = observer.Run(() => output.Write(path => ShardRun.Prepare(o, selected.Index, selected.Count, parse.GetValue(candidates), path, observer, marks)));
            ShardOptions.PrintPart(format, quiet, parse.GetValue(candidates) is null ? "termCounts" : "candidateStats", selected, output.Target, stages);
            return 0;
        });
        return cmd;
    }
}
