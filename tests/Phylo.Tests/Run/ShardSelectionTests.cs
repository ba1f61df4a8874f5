using Phylo.Run;

namespace Phylo.Tests.Run;

/// <summary>Where a process learns its shard: option first, then the array-job variables, consistent or refused.</summary>
public sealed class ShardSelectionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void No_shard_anywhere_is_an_unsharded_run_even_inside_an_array_job() =>
        Assert.Null(ShardSelection.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "3"))));

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX")]
    [InlineData("SLURM_ARRAY_TASK_ID")]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX")]
    public void Each_array_engine_index_is_read(string variable) =>
        Assert.Equal((2, 4), ShardSelection.Resolve(null, 4, Env((variable, "2"))));

    [Fact]
    public void The_option_wins_over_the_environment_and_the_count_comes_from_the_option_then_the_environment()
    {
        Assert.Equal((1, 4), ShardSelection.Resolve(1, 4, Env(("JOB_COMPLETION_INDEX", "3"), ("PHYLO_SHARD_COUNT", "9"))));
        Assert.Equal((3, 9), ShardSelection.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "3"), ("PHYLO_SHARD_COUNT", "9"))));
        Assert.Equal((3, 5), ShardSelection.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "5"))));
        Assert.Equal((2, 4), ShardSelection.Resolve(null, 4, Env(("JOB_COMPLETION_INDEX", "2"), ("SLURM_ARRAY_TASK_ID", "2"))));
    }

    [Theory]
    [InlineData(null, 4, "JOB_COMPLETION_INDEX=1 and SLURM_ARRAY_TASK_ID=2 disagree")]
    [InlineData(5, 4, "shard index 5 is outside 0..3")]
    [InlineData(0, 0, "shard count 0 must be at least 1")]
    [InlineData(1, null, "no shard count")]
    public void Inconsistent_selections_are_one_line_errors(int? index, int? count, string message)
    {
        var e = Assert.Throws<PhyloInputException>(() =>
            ShardSelection.Resolve(index, count, Env(("JOB_COMPLETION_INDEX", "1"), ("SLURM_ARRAY_TASK_ID", index is null ? "2" : "1"))));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_non_numeric_index_is_refused() =>
        Assert.Contains("AWS_BATCH_JOB_ARRAY_INDEX=x1", Assert.Throws<PhyloInputException>(() =>
            ShardSelection.Resolve(null, 2, Env(("AWS_BATCH_JOB_ARRAY_INDEX", "x1")))).Message);
}
