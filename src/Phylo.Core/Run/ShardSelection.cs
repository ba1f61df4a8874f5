namespace Phylo.Run;

/// <summary>
/// Which shard this process is. Index: <c>--shard</c>, else the first set of <c>JOB_COMPLETION_INDEX</c> (Kubernetes
/// Indexed Job), <c>SLURM_ARRAY_TASK_ID</c> (Slurm array, submit with <c>--array=0-(n-1)</c>),
/// <c>AWS_BATCH_JOB_ARRAY_INDEX</c> (AWS Batch array); several set with different values is an error. Count:
/// <c>--shard-count</c>, else <c>PHYLO_SHARD_COUNT</c>, else <c>SLURM_ARRAY_TASK_COUNT</c>. Any inconsistency is a
/// one-line <see cref="PhyloInputException"/> (exit 2).
/// </summary>
public static class ShardSelection
{
    public static readonly string[] IndexVariables = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX"];
    public static readonly string[] CountVariables = ["PHYLO_SHARD_COUNT", "SLURM_ARRAY_TASK_COUNT"];

    /// <returns>(index, count), or null when neither <c>--shard</c> nor a count was given (not a sharded run).</returns>
    public static (int Index, int Count)? Resolve(int? index, int? count, Func<string, string?> env)
    {
        int? fromEnv = null;
        string? source = null;
        foreach (string v in IndexVariables)
        {
            if (env(v) is not { Length: > 0 } text) continue;
            int value = Parse(v, text);
            if (fromEnv is { } seen && seen != value) throw new PhyloInputException($"shard index: {source}={seen} and {v}={value} disagree (pass --shard)");
            fromEnv ??= value;
            source ??= v;
        }
        int? c = count;
        string countSource = "--shard-count";
        if (c is null)
            foreach (string v in CountVariables)
                if (env(v) is { Length: > 0 } text) { c = Parse(v, text); countSource = v; break; }
        int? i = index ?? fromEnv;
        string indexSource = index is not null ? "--shard" : source ?? "";
        if (index is null && c is null) return null; // an array index alone (a plain run inside an array job) is not a shard
        if (i is null) throw new PhyloInputException($"{countSource} given but no shard index (--shard, or one of {string.Join(", ", IndexVariables)})");
        if (c is null) throw new PhyloInputException($"shard index {i} from {indexSource} but no shard count (--shard-count or PHYLO_SHARD_COUNT)");
        if (c < 1) throw new PhyloInputException($"{countSource}: shard count {c} must be at least 1");
        if (i < 0 || i >= c) throw new PhyloInputException($"{indexSource}: shard index {i} is outside 0..{c - 1} ({countSource}={c})");
        return (i.Value, c.Value);
    }

    private static int Parse(string name, string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v)
            ? v : throw new PhyloInputException($"{name}={text} is not a non-negative integer");
}
