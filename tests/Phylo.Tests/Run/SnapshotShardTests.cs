using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Run;
using Phylo.Synth;

namespace Phylo.Tests.Run;

/// <summary>A sharded run over a snapshot loads only the cards a shard reads, and still merges to the single-process bytes.</summary>
[Trait("Speed", "Slow")]
public sealed class SnapshotShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-snapshot-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Shards_of_a_snapshot_hold_only_the_genomes_they_read_and_merge_to_the_single_process_report()
    {
        string csv = Path.Combine(_dir, "eco.csv"), snapshot = Path.Combine(_dir, "eco.phylo");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(2_500, 11, CardMode.Full, 2));
        SnapshotRun.Execute([csv], snapshot, threads: 2, strict: false, keepCards: true, SilentObserver.Instance);
        // Few random draws, so a shard's partners do not cover the table.
        AnalyzeOptions Options(string input, string outDir) =>
            ShardedRun.Options([input], outDir, sampled: true) with { Similarity = new SimilarityTuning(SampleSize: 300, StudyDraws: 100, BootstrapResamples: 200) };

        string single = Path.Combine(_dir, "single");
        AnalysisRun.Execute(Options(csv, single));
        string merged = ShardedRun.Run(Options(snapshot, _dir), 3, _dir, shipMarks: false); // each shard marks its own (SnapshotShardDrawTests ships them)
        ShardedRun.AssertSameReport(single, merged);

        var whole = Phylo.Store.Snapshot.Read(snapshot);
        var (shard, _, _) = ShardRun.LoadShard(Options(snapshot, _dir), 1, 3, Path.Combine(_dir, "prepared.phylopart"), new StageClock(), SilentObserver.Instance);
        var genomes = shard.Table.CardFeatures!.Genomes;
        Assert.InRange(genomes.TotalBytes, 1, whole.CardFeatures!.Genomes.TotalBytes - 1);
        Assert.InRange(shard.Table.CardFeatures!.Signatures.Length, 1, whole.CardFeatures.Signatures.Length - 1); // signatures: the same subset
        for (int m = 0; m < whole.Count; m++)
        {
            if (shard.Scope.OwnsModel(m)) Assert.True(genomes[m].SequenceEqual(whole.CardFeatures.Genomes[m]), $"owned model {m} lost its genome");
            if (shard.Scope.OwnsModel(m)) Assert.True(shard.Table.CardFeatures.Signature(m).SequenceEqual(whole.CardFeatures.Signature(m)), $"owned model {m} lost its signature");
            // Card facts stay for every model: drift, shares and the graph tables read them.
            Assert.Equal(whole.CardChars[m], shard.Table.CardChars[m]);
            Assert.Equal(whole.HasCard[m], shard.Table.HasCard[m]);
            Assert.Equal(CardGenome.Has(whole, m), CardGenome.Has(shard.Table, m));
        }
    }
}
