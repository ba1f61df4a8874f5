using Phylo.Analyses;
using Phylo.Run;
using Phylo.Synth;

namespace Phylo.Tests.Run;

/// <summary>
/// The marking of a split family's draws, checked where it matters: a shard of a snapshot decodes the card genomes of
/// only the models it marks, so a design-configuration sample or population draw whose partner in another piece is not
/// marked reads an empty genome and its Levenshtein/MinHash sums differ from one process. Each case makes one kind of
/// draw numerous (400) and the other nearly absent (2), through the options a sharded run carries in its parts
/// (<see cref="ShardRun.OptionsKey"/>), and compares the merged report with the single-process one byte for byte. The
/// marks are computed in prepare round 2 and shipped in the prepared part (<see cref="ShardRunMarks"/>).
/// Checked to fail: without the design-sample marking the n = 7 samples case fails; without the population marking
/// both populations cases and the n = 7 samples case fail.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class SnapshotShardDrawTests
{
    /// <summary>2,500 synthetic models with full cards as a snapshot; its largest family is cut into pieces at n = 3 and 7.</summary>
    private static readonly Lazy<string> Ecosystem = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("phylo-snapshot-draws-").FullName;
        string csv = Path.Combine(dir, "eco.csv"), snapshot = Path.Combine(dir, "eco.phylo");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(2_500, 7, CardMode.Full, 2));
        SnapshotRun.Execute([csv], snapshot, threads: 2, strict: false, keepCards: true, SilentObserver.Instance);
        File.Delete(csv);
        return snapshot;
    });

    private static AnalyzeOptions Options(string outDir, string draws) =>
        new([Ecosystem.Value], outDir, Threads: 2, Seed: 5)
        {
            Similarity = new SimilarityTuning(SampleSize: draws == "populations" ? 400 : 2, StudyDraws: 100, BootstrapResamples: 200,
                DesignSampleSize: draws == "samples" ? 400 : 2),
        };

    [Theory]
    [InlineData(3, "samples")]
    [InlineData(7, "samples")]
    [InlineData(3, "populations")]
    [InlineData(7, "populations")]
    public void Shards_of_a_snapshot_mark_the_partners_of_every_split_family_draw(int n, string draws)
    {
        string dir = Directory.CreateTempSubdirectory("phylo-snapshot-draws-run-").FullName;
        try
        {
            string single = Path.Combine(dir, "single");
            AnalysisRun.Execute(Options(single, draws));
            var o = Options(dir, draws);
            var (shard, _, _) = ShardRun.LoadShard(o, 0, n, null, new StageClock(), SilentObserver.Instance);
            Assert.True(shard.Scope.SplitsFamilies, "no family is cut into pieces");
            ShardedRun.AssertSameReport(single, ShardedRun.Run(o, n, Path.Combine(dir, "sharded")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Shipped_marks_are_the_ones_a_shard_computes_and_are_ignored_under_other_options()
    {
        string dir = Directory.CreateTempSubdirectory("phylo-snapshot-marks-").FullName;
        try
        {
            var o = Options(dir, "samples");
            ShardedRun.Run(o, 3, dir);
            var prepared = Phylo.Store.PartFile.Read(Path.Combine(dir, "prepared.phylopart"));
            var whole = Phylo.Store.Snapshot.Read(Ecosystem.Value);
            var graph = Phylo.Graph.FamilyGraphBuilder.Build(whole);
            for (int i = 0; i < 3; i++)
            {
                var scope = ShardScope.Of(whole, graph, i, 3);
                bool[] own = Phylo.Analyses.Similarity.SimilarityAnalysis.NeededModels(whole, scope,
                    Phylo.Analyses.Similarity.SimilarityShardedAnalysis.Options(o, SilentObserver.Instance))!;
                Assert.Equal(own, ShardRunMarks.Find(prepared, o, i, 3, whole.Count));
                Assert.Contains(false, own); // a shard needs only part of the table
            }
            Assert.Null(ShardRunMarks.Find(prepared, o, 0, 2, whole.Count));
            Assert.Null(ShardRunMarks.Find(prepared, o with { Seed = 6 }, 0, 3, whole.Count));
            Assert.Null(ShardRunMarks.Find(prepared, o with { Similarity = o.Similarity with { DesignSampleSize = 3 } }, 0, 3, whole.Count));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Design_sample_size_is_part_of_the_options_parts_merge_on()
    {
        var a = Options("x", "samples");
        Assert.NotEqual(ShardRun.OptionsKey(a), ShardRun.OptionsKey(a with { Similarity = a.Similarity with { DesignSampleSize = 401 } }));
    }
}
