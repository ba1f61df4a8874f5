using System.Text.Json;
using Phylo.Analyses;
using Phylo.Run;
using Phylo.Tests.Plots;

namespace Phylo.Tests.Run;

/// <summary>Sub-stage parts (<see cref="StageParts"/>): named and summed as marked, kept per recording, and written
/// under the similarity stage of run.json beside the stage's unchanged fields.</summary>
public sealed class StagePartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-parts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parts_are_named_by_their_scope_and_repeated_names_add_up_in_first_mark_order()
    {
        StageParts.Mark("outside"); // no recorder: nothing to record into, nothing thrown
        (int result, IReadOnlyList<StagePart> parts) = StageParts.Record(() =>
        {
            StageParts.Mark("setup");
            using (StageParts.Within("card"))
            {
                StageParts.Mark("pass 1");
                using (StageParts.Within("inner")) StageParts.Mark("x");
                StageParts.Mark("pass 2");
            }
            StageParts.Mark("setup");
            StageParts.Mark("populations");
            return 7;
        });
        Assert.Equal(7, result);
        Assert.Equal(["setup", "card: pass 1", "card: inner: x", "card: pass 2", "populations"], parts.Select(p => p.Name));
        Assert.Equal([2, 1, 1, 1, 1], parts.Select(p => p.Times));
        Assert.All(parts, p => Assert.True(p.Seconds >= 0 && p.CpuSeconds >= p.SystemCpuSeconds && p.SystemCpuSeconds >= 0, p.Name));
    }

    [Fact]
    public void A_recording_inside_another_keeps_its_own_parts_and_the_outer_one_continues()
    {
        (IReadOnlyList<StagePart> inner, IReadOnlyList<StagePart> outer) = StageParts.Record(() =>
        {
            StageParts.Mark("before");
            (_, IReadOnlyList<StagePart> nested) = StageParts.Record(() => { StageParts.Mark("nested"); return 0; });
            StageParts.Mark("after");
            return nested;
        });
        Assert.Equal(["nested"], inner.Select(p => p.Name));
        Assert.Equal(["before", "after"], outer.Select(p => p.Name));
    }

    [Fact]
    public void A_stage_counts_the_collections_it_ran()
    {
        var clock = new StageClock();
        clock.Time("collects", () => GC.Collect(2, GCCollectionMode.Forced, blocking: true));
        GcCollections gc = Assert.Single(clock.Stages).Collections!.Value;
        // Other tests collect meanwhile and the GC may condemn an older generation than asked: only lower bounds hold.
        Assert.True(gc.Gen2 >= 1 && gc.Gen1 >= gc.Gen2 && gc.Gen0 >= gc.Gen1, gc.ToString());
        StageTiming timed = StageClock.Timed("collects", () => GC.Collect(1, GCCollectionMode.Forced, blocking: true));
        Assert.True(timed.Collections!.Value.Gen1 >= 1, timed.ToString());
    }

    [Fact]
    public void Run_json_lists_the_similarity_stage_parts_and_leaves_the_other_fields_as_they_were()
    {
        string target = Path.Combine(_dir, "out");
        var run = AnalysisRun.Publish(RunJob.Analyze(new AnalyzeOptions([ReportOutputTests.SmallCsv()], target, Threads: 2), []));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(run.Manifest));
        JsonElement[] stages = [.. manifest.RootElement.GetProperty("stages").EnumerateArray()];
        foreach (JsonElement s in stages)
        {
            string[] fields = [.. s.EnumerateObject().Select(p => p.Name)];
            Assert.Equal(["stage", "seconds", "peakRssBytes"], fields.Where(f => f is not ("overlap" or "overlapSeconds" or "parts" or "gcCollections")));
            // A stage timed on its own carries its collections; the output writers' overlap shares one clock and has none.
            Assert.Equal(!s.TryGetProperty("overlap", out _), s.TryGetProperty("gcCollections", out _));
            if (s.TryGetProperty("gcCollections", out JsonElement gc))
            {
                int gen0 = gc.GetProperty("gen0").GetInt32(), gen1 = gc.GetProperty("gen1").GetInt32(), gen2 = gc.GetProperty("gen2").GetInt32();
                Assert.True(gen0 >= gen1 && gen1 >= gen2 && gen2 >= 0, $"{gen0}/{gen1}/{gen2}");
            }
        }
        JsonElement similarity = Assert.Single(stages, s => s.GetProperty("stage").GetString() == "similarity");
        JsonElement[] parts = [.. similarity.GetProperty("parts").EnumerateArray()];
        string[] names = [.. parts.Select(p => p.GetProperty("part").GetString()!)];
        foreach (string expected in new[]
        {
            "setup", "card: candidates", "card: pass 2", "card: vocabulary + rows", "card: norms",
            "metadata: pass 1", "metadata: pass 2", "metadata: vocabulary + rows", "metadata: norms",
            "metadata-clean: pass 1", "metadata-clean: pass 2", "metadata-clean: vocabulary + rows", "metadata-clean: norms",
            "edges", "exact blocks", "populations: card", "populations: metadata", "populations: metadata-clean",
            "populations: traits", "report sums",
        })
            Assert.Contains(expected, names);
        Assert.Equal(names.Length, names.Distinct().Count());
        double sum = parts.Sum(p => p.GetProperty("seconds").GetDouble());
        Assert.True(sum <= similarity.GetProperty("seconds").GetDouble() + 0.0005 * parts.Length, $"parts {sum} s");
        Assert.All(parts, p => Assert.True(p.GetProperty("cpuSeconds").GetDouble() >= p.GetProperty("systemCpuSeconds").GetDouble()
            && p.GetProperty("systemCpuSeconds").GetDouble() >= 0 && p.GetProperty("times").GetInt32() >= 1));
        // Where /proc is readable every part carries its page faults and the resident set at its end (PageCountsTests).
        Assert.All(parts, p => Assert.Equal(OperatingSystem.IsLinux(), p.TryGetProperty("minorFaults", out JsonElement f) && f.GetInt64() >= 0
            && p.GetProperty("rssBytes").GetInt64() > 0));
        Assert.All(stages.Where(s => s.GetProperty("stage").GetString() != "similarity"), s => Assert.False(s.TryGetProperty("parts", out _)));
    }
}
