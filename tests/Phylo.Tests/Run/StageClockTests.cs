using Phylo.Run;

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
}
