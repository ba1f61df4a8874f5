using Phylo.Analyses;
using Phylo.Plots;
using Phylo.Run;

namespace Phylo.Tests.Plots;

/// <summary>tables/*.parquet written on two lanes are the bytes one lane writes; the lanes hold their bound and report the
/// first failure.</summary>
[Trait("Speed", "Slow")]
public sealed class ParquetLanesTests
{
    [Fact]
    public void Two_lanes_write_the_same_files_as_one()
    {
        var (outcome, _) = ReportOutputTests.SharedSmall;
        (string Name, byte[] Bytes)[] Files(int threads)
        {
            string dir = FigureTests.TempDir();
            var o = new AnalyzeOptions([], dir, Threads: threads);
            var written = new ParquetTablesWriter().Write(new OutputContext(outcome, o, dir, []), (_, _) => { });
            return [.. written.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];
        }
        var one = Files(1);
        var two = Files(2);
        Assert.True(one.Length > 5);
        Assert.Equal(one.Select(f => f.Name), two.Select(f => f.Name));
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i].Bytes, two[i].Bytes);
    }

    [Fact]
    public void At_most_n_jobs_run_at_once_and_the_first_failure_in_job_order_is_thrown()
    {
        int active = 0, most = 0, ran = 0;
        using (var lanes = new ParquetLanes(2))
        {
            for (int i = 0; i < 12; i++)
                lanes.Run(() =>
                {
                    int now = Interlocked.Increment(ref active);
                    InterlockedMax(ref most, now);
                    Thread.SpinWait(200_000);
                    Interlocked.Increment(ref ran);
                    Interlocked.Decrement(ref active);
                });
            lanes.Join();
            lanes.ThrowFirstFailure();
        }
        Assert.Equal(12, ran);
        Assert.InRange(most, 1, 2);

        using var failing = new ParquetLanes(2);
        for (int i = 0; i < 6; i++)
        {
            int k = i;
            failing.Run(() => { if (k is 1 or 3) throw new IOException($"job {k}"); });
        }
        failing.Join();
        var e = Assert.Throws<IOException>(failing.ThrowFirstFailure);
        Assert.Equal("job 1", e.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (int seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }
}
