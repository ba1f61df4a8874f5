using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Run;
using Phylo.Synth;
using Phylo.Table;

namespace Phylo.Tests.Run;

/// <summary>A shard drops the rows similarity and drift do not read (<see cref="ShardRunRows"/>): what stays is exactly the
/// needed models' rows, every column read across all models is untouched, and the merge of such
/// shards is the single-process report (also in <see cref="ShardedRunTests"/>, whose shards all drop rows).</summary>
[Trait("Speed", "Slow")]
public sealed class ShardRowsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-shard-rows-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_shard_keeps_the_rows_of_its_needed_models_only()
    {
        string csv = Path.Combine(_dir, "eco.csv");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(2_500, 11, CardMode.Full, 2));
        // Few random draws, so a shard's partners do not cover the table.
        var o = ShardedRun.Options([csv], _dir, sampled: true) with { Similarity = new SimilarityTuning(SampleSize: 300, StudyDraws: 100, BootstrapResamples: 200) };
        string single = Path.Combine(_dir, "single");
        AnalysisRun.Execute(o with { OutDir = single });
        ShardedRun.AssertSameReport(single, ShardedRun.Run(o, 3, _dir));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp")); // shard 0's spooled table image is gone

        for (int index = 0; index < 3; index++)
        {
            var (shard, _, _) = ShardRun.LoadShard(o, index, 3, Path.Combine(_dir, "prepared.phylopart"), new StageClock(), SilentObserver.Instance);
            ModelTable whole = shard.Table;
            Assert.True(ShardRunRows.Applies(shard));
            bool[] keep = ShardRunRows.Mask(shard);
            var cut = shard;
            ShardRunRows.Keep(ref cut, new StageClock(), SilentObserver.Instance);
            ModelTable t = cut.Table;
            Assert.InRange(keep.Count(k => k), 1, whole.Count - 1);
            Assert.Equal(whole.Count, t.Count);
            bool[] needed = SimilarityAnalysis.NeededModels(whole, shard.Scope, SimilarityShardedAnalysis.Options(o, SilentObserver.Instance))!;
            Assert.Equal(0, t.IndexOf.Count);
            Assert.Empty(t.CardFeatures!.GenomeTerms.Hashes); // the card vocabulary comes prepared
            for (int m = 0; m < whole.Count; m++)
            {
                Assert.Equal(needed[m], keep[m]);
                Assert.Equal(keep[m] ? whole.Ids[m] : null, t.Ids[m]);
                Assert.False(t.TryGetIndex(whole.Ids[m], out _));
                if (keep[m] && whole.Author[m] >= 0) Assert.Equal(whole.Authors[whole.Author[m]], t.Authors[t.Author[m]]);
                foreach (TraitKind k in TraitKinds.All)
                {
                    bool all = TraitGenome.Kinds.Contains(k);
                    Assert.True(t[k][m].SequenceEqual(keep[m] || all ? whole[k][m] : []), $"{k} of model {m} (kept: {keep[m]})");
                }
                Assert.True(t.Record!.TagsOf(m).SequenceEqual(keep[m] ? whole.Record!.TagsOf(m) : []), $"Hub tags of model {m}");
                Assert.Equal(keep[m] ? whole.Record!.ObjectIds[m] : null, t.Record.ObjectIds[m]);
                Assert.Equal(whole.Record!.TrendingScore[m], t.Record.TrendingScore[m]);
                Assert.Equal(whole.Likes[m], t.Likes[m]);
                Assert.Equal(whole.CardChars[m], t.CardChars[m]);
            }
            foreach (TraitKind k in TraitKinds.All)
            {
                Assert.Equal(whole[k].Vocabulary, t[k].Vocabulary);
                Assert.Equal(whole[k].ModelCounts, t[k].ModelCounts); // drift's orderings read them
            }
        }
    }

    /// <summary>Once a shard's rows are cut, nothing holds the whole table it loaded: not the run's own frame (its
    /// unoptimized frame kept the loaded input alive to the end, so the cut freed nothing), not a cache.</summary>
    [Fact]
    public void Nothing_holds_the_whole_table_when_similarity_starts()
    {
        string csv = Path.Combine(_dir, "eco.csv");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(600, 5, CardMode.Full, 2));
        var o = ShardedRun.Options([csv], _dir, sampled: false);
        string P(string name) => Path.Combine(_dir, name);
        var obs = SilentObserver.Instance;
        for (int i = 0; i < 2; i++) ShardRun.Prepare(o, i, 2, null, P($"counts-{i}.phylopart"), obs);
        ShardRun.MergePrepared([P("counts-0.phylopart"), P("counts-1.phylopart")], P("candidates.phylopart"));
        for (int i = 0; i < 2; i++) ShardRun.Prepare(o, i, 2, P("candidates.phylopart"), P($"stats-{i}.phylopart"), obs);
        ShardRun.MergePrepared([P("stats-0.phylopart"), P("stats-1.phylopart")], P("prepared.phylopart"));
        var watcher = new LoadWatcher();
        ShardRun.AnalyzeShard(o, 0, 2, Path.Combine(_dir, "prepared.phylopart"), Path.Combine(_dir, "part-0.phylopart"), watcher);
        Assert.Equal([true, false], watcher.AliveAtSimilarity);
    }

    private sealed class LoadWatcher : IRunObserver, IShardLoadWatcher
    {
        private WeakReference? _table;
        public List<bool> AliveAtSimilarity { get; } = [];

        public void Loaded(ShardInput shard) => _table = new WeakReference(shard.Table);

        public void StageStarted(string stage)
        {
            if (stage != "similarity") return;
            AliveAtSimilarity.Add(_table is not null);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            AliveAtSimilarity.Add(_table!.IsAlive);
        }

        public void IngestProgress(Phylo.Ingest.Pipeline.IngestProgress progress) { }
        public void StageFinished(StageTiming timing, string summary) { }
        public void Log(string line) { }
    }
}
