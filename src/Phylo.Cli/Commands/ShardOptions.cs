using System.CommandLine;
using Phylo.Analyses;
using Phylo.Cli.Output;
using Phylo.Run;

namespace Phylo.Cli.Commands;

/// <summary>The options of the sharded steps (prepare, analyze --shard), declared once.</summary>
internal static class ShardOptions
{
    public static Option<int?> Shard() => new("--shard")
    {
        Description = "This process's shard index (0-based). Default: JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX " +
                      "(several set with different values is an error). Work goes to shards in units (families bucketed by a stable hash of their root's model id; a very large family is cut into pieces), about equal per shard.",
    };

    public static Option<int?> ShardCount() => new("--shard-count")
    {
        Description = "How many shards the run has. Default: PHYLO_SHARD_COUNT, then SLURM_ARRAY_TASK_COUNT.",
    };

    /// <summary>The shard from options and environment, or null for an unsharded run.</summary>
    public static (int Index, int Count)? Resolve(ParseResult parse, Option<int?> shard, Option<int?> count) =>
        ShardSelection.Resolve(parse.GetValue(shard), parse.GetValue(count), Environment.GetEnvironmentVariable);

    /// <summary>What a shard step prints when its part is written: a line, or with --format json one document.</summary>
    public static void PrintPart(OutputFormat format, bool quiet, string kind, (int Index, int Count) shard, string part, IReadOnlyList<StageTiming> stages)
    {
        if (format == OutputFormat.Json)
            JsonStdout.Write(w =>
            {
                w.WriteString("kind", kind);
                w.WriteNumber("shard", shard.Index);
                w.WriteNumber("shardCount", shard.Count);
                w.WriteString("part", part);
                JsonStdout.Seconds(w, stages);
            });
        else if (!quiet) Console.WriteLine($"shard {shard.Index} of {shard.Count} → {part}");
    }

    public static AnalyzeOptions Options(ParseResult parse, string[] inputs, string outPath, bool keepCards = true, bool sampled = false, bool exactLevenshtein = false) =>
        new(inputs, outPath, parse.GetValue(CommonOptions.Threads), parse.GetValue(CommonOptions.Seed), parse.GetValue(CommonOptions.Strict),
            keepCards, sampled, exactLevenshtein);
}
