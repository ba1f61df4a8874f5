using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Phylo.Analyses;
using Phylo.Run;

namespace Phylo.Tests.Run;

/// <summary>The page counts of run.json's stage parts (<see cref="PageCounts"/>): fields 10 and 24 of a stat line, this
/// process's faults growing as it touches fresh memory, and nothing recorded or written where <c>/proc</c> is absent.</summary>
public sealed class PageCountsTests
{
    // A real line's layout (fields 3–24 and a few after), with a command name holding spaces and parentheses.
    private const string Line = "4242 (dotnet (a) b) S 1 4242 4242 0 -1 4194560 123456 0 7 0 88 9 0 0 20 0 12 0 3614559 9123456789 54321 18446744073709551615 1 2 0\n";

    [Fact]
    public void A_stat_line_gives_minor_faults_and_resident_bytes_counted_after_the_command_name()
    {
        Assert.Equal(new PageCounts(123456, 54321L * 4096), PageCounts.Parse(Encoding.ASCII.GetBytes(Line), 4096));
        Assert.Equal(new PageCounts(123456, 54321L * 16384), PageCounts.Parse(Encoding.ASCII.GetBytes(Line), 16384));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 dotnet S 1 2 3")] // no command name in parentheses
    [InlineData("4242 (dotnet) S 1 4242 4242 0 -1 4194560 123456 0 7 0 88 9 0 0 20 0 12 0 3614559 9123456789")] // ends before rss
    [InlineData("4242 (dotnet) S 1 4242 4242 0 -1 4194560 12x456 0 7 0 88 9 0 0 20 0 12 0 3614559 9123456789 54321 0")]
    [InlineData("4242 (dotnet) S 1 4242 4242 0 -1 4194560 -5 0 7 0 88 9 0 0 20 0 12 0 3614559 9123456789 54321 0")]
    public void A_line_that_is_not_a_stat_line_gives_nothing(string line) =>
        Assert.Null(PageCounts.Parse(Encoding.ASCII.GetBytes(line), 4096));

    [Fact]
    public void A_missing_stat_file_gives_nothing() =>
        Assert.Null(PageCounts.Read(Path.Combine(Path.GetTempPath(), $"phylo-no-stat-{Guid.NewGuid():N}")));

    [Fact]
    public unsafe void This_process_faults_once_a_fresh_small_page_it_touches()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(PageCounts.Read());
            return;
        }
        const int bytes = 64 << 20, page = 4096; // malloc maps this fresh, outside the GC heap and its huge-page advice
        PageCounts before = PageCounts.Read()!.Value;
        byte* p = (byte*)NativeMemory.Alloc(bytes);
        try
        {
            for (int i = 0; i < bytes; i += page) p[i] = 1;
            PageCounts after = PageCounts.Read()!.Value;
            // 16,384 small pages (fewer only if the kernel gave huge pages anyway, which THP "always" would: then skip).
            if (File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
                && File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[always]", StringComparison.Ordinal)) return;
            Assert.InRange(after.MinorFaults - before.MinorFaults, bytes / page / 2, long.MaxValue);
            Assert.InRange(after.RssBytes, bytes / 2, long.MaxValue);
        }
        finally { NativeMemory.Free(p); }
    }

    [Fact]
    public void Parts_carry_the_faults_between_marks_and_the_resident_set_at_their_end()
    {
        long faults = 1000;
        PageCounts? Pages() => new PageCounts(faults, faults * 10);
        (_, IReadOnlyList<StagePart> parts) = StageParts.Record(() =>
        {
            faults += 5;
            StageParts.Mark("a");
            faults += 7;
            StageParts.Mark("b");
            faults += 11;
            StageParts.Mark("a");
            return 0;
        }, Pages);
        Assert.Equal([16L, 7L], parts.Select(p => p.MinorFaults!.Value));
        Assert.Equal([10_230L, 10_120L], parts.Select(p => p.RssBytes!.Value)); // "a" ended last at 1,023 faults
    }

    [Fact]
    public void Without_page_counts_parts_record_none_and_run_json_writes_none()
    {
        (_, IReadOnlyList<StagePart> parts) = StageParts.Record(() => { StageParts.Mark("a"); StageParts.Mark("b"); return 0; }, () => null);
        Assert.All(parts, p => Assert.True(p.MinorFaults is null && p.RssBytes is null, p.Name));
        StagePart[] counted = [new("c", 1, 1, 1, 42, 4096)];
        JsonElement[] written = Written(parts), writtenCounted = Written(counted);
        Assert.All(written, p => Assert.Equal(["part", "seconds", "cpuSeconds", "systemCpuSeconds", "times"], p.EnumerateObject().Select(f => f.Name)));
        Assert.Equal(42, writtenCounted[0].GetProperty("minorFaults").GetInt64());
        Assert.Equal(4096, writtenCounted[0].GetProperty("rssBytes").GetInt64());
    }

    private static JsonElement[] Written(IReadOnlyList<StagePart> parts)
    {
        string dir = Directory.CreateTempSubdirectory("phylo-pages-").FullName;
        try
        {
            string path = Path.Combine(dir, "run.json");
            RunManifest.Write(path, "analyze", new AnalyzeOptions(["in.csv"], dir), [new StageTiming("similarity", 1, 1) { Parts = parts }], DateTimeOffset.UnixEpoch);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement stage = doc.RootElement.GetProperty("stages")[0];
            return [.. stage.GetProperty("parts").EnumerateArray().Select(p => p.Clone())];
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
