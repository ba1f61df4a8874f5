using System.CommandLine;
using Phylo.Cli.Output;
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
            Description = "The inputs (as for analyze); with --merge, the .phylopart files of one round.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outPath = new Option<string>("--out", "-o") { Description = "The .phylopart to write.", Required = true };
        var merge = new Option<bool>("--merge") { Description = "Merge the parts of one round (round 1 → candidates, round 2 → prepared vocabularies)." };
        var candidates = new Option<string?>("--candidates") { Description = "Round 2: the merged round-1 file; count the candidates' document frequencies." };
        var shard = ShardOptions.Shard();
        var count = ShardOptions.ShardCount();
        var cmd = new Command("prepare",
            "The mergeable global pass of a sharded run: the card, metadata and metadata-clean TF-IDF vocabularies are fitted over every model in two rounds " +
            "(ties at the 512-term cut are carried so that analyze can break them either way, --tie-break).\n" +
            "  1. phylo prepare INPUTS --shard i --shard-count n --out counts-i.phylopart        (each shard: term counts)\n" +
            "  2. phylo prepare --merge counts-*.phylopart --out candidates.phylopart              (once)\n" +
            "  3. phylo prepare INPUTS --shard i --shard-count n --candidates candidates.phylopart --out stats-i.phylopart\n" +
            "  4. phylo prepare --merge stats-*.phylopart --out prepared.phylopart                  (once; give it to analyze --prepared)\n" +
            "The result equals a single process's vocabulary exactly.")
        {
            files, outPath, merge, candidates, shard, count, CommonOptions.NoCards,
        };
        cmd.SetAction(parse =>
        {
            var observer = new ConsoleObserver(parse.GetValue(CommonOptions.Quiet));
            string outFile = parse.GetValue(outPath)!;
            if (parse.GetValue(merge))
            {
                PartKind kind = observer.Run(() => ShardRun.MergePrepared(parse.GetValue(files)!, outFile));
                if (!parse.GetValue(CommonOptions.Quiet)) Console.WriteLine($"{kind} → {outFile}");
                return 0;
            }
            var selected = ShardOptions.Resolve(parse, shard, count) ?? (0, 1);
            var o = ShardOptions.Options(parse, parse.GetValue(files)!, outFile, keepCards: !parse.GetValue(CommonOptions.NoCards));
            observer.Run(() => { ShardRun.Prepare(o, selected.Index, selected.Count, parse.GetValue(candidates), outFile, observer); return 0; });
            if (!parse.GetValue(CommonOptions.Quiet)) Console.WriteLine($"shard {selected.Index} of {selected.Count} → {outFile}");
            return 0;
        });
        return cmd;
    }
}
