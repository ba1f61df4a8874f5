using Phylo.Run;

using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

public class StageClockTests
{
    [Theory]
    [InlineData("VmHWM:\t   93292 kB", 93292L)]
    [InlineData("VmHWM:\t10074300 kB", 10074300L)] // 8 digits: no space after the tab
    [InlineData("VmHWM: 5 kB", 5L)]
    public void Status_lines_parse_whatever_the_padding(string line, long kib) =>
        Assert.Equal(kib, StageClock.ParseStatusKiB(line, "VmHWM:"));

    [Fact]
    public void Other_keys_are_ignored() => Assert.Null(StageClock.ParseStatusKiB("VmRSS:\t1 kB", "VmHWM:"));

    [Fact]
    public void Peak_rss_of_this_process_is_positive() => Assert.True(StageClock.PeakRssBytes() > 0);

    [LinuxFact]
    public void A_stage_reports_its_own_peak_and_the_process_keeps_the_largest()
    {
        Assert.True(StageClock.ResetPeak(), "clear_refs 5 (peak reset) refused");
        var clock = new StageClock();
        long big = 0;
        clock.Time("big", () =>
        {
            var a = GC.AllocateUninitializedArray<byte>(256 << 20, pinned: true);
            for (int i = 0; i < a.Length; i += 4096) a[i] = 1; // resident
            big = StageClock.StagePeakRssBytes();
            GC.KeepAlive(a);
        });
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        clock.Time("small", () => { });
        Assert.True(clock.Stages[0].PeakRssBytes >= big);
        Assert.True(StageClock.PeakRssBytes() >= clock.Stages[0].PeakRssBytes);
        // The array's pages may stay resident after the collection, so "small" is bounded by "big", not far below it.
        Assert.True(clock.Stages[1].PeakRssBytes <= StageClock.PeakRssBytes());
    }
}
