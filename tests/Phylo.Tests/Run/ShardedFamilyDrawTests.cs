using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>
/// Similarity over a family cut into pieces: a shard must featurize the partners of every owned family draw — study
/// designs, design-configuration samples, populations — that lie in other pieces. Each case makes one kind of draw
/// numerous and the others nearly absent (2 draws), so only that kind's own marking covers its partners. The study
/// case fails when a design's partners are not marked (its TF-IDF/BoW rows exist only for featurized models); the
/// samples and populations cases read Levenshtein only: switching their marking off did not fail them on this in-memory
/// table (every card loaded), so they check the merged sums, not the marking (<see cref="SnapshotShardDrawTests"/> does).
/// </summary>
public sealed class ShardedFamilyDrawTests
{
    /// <summary>2,500 synthetic models with full cards; the largest family (~18 %) is cut into pieces.</summary>
    private static readonly Lazy<TestIngest.Result> Ecosystem = new(() =>
    {
        string csv = Path.Combine(Directory.CreateTempSubdirectory("phylo-study-shards-").FullName, "eco.csv");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(2_500, 7, CardMode.Full, 2));
        return TestIngest.Run(csv);
    });

    private static SimilarityOptions Options(string draws) => new(Seed: 5, Threads: 2, Sampled: draws == "study")
    {
        SampleSize = draws == "populations" ? 400 : 2,
        DesignSampleSize = draws == "samples" ? 400 : 2,
        StudyDraws = 400,
        BootstrapResamples = 200,
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<SimilarityValue>> Singles = new();

    [Theory]
    [InlineData(3, "study")]
    [InlineData(7, "study")]
    [InlineData(3, "samples")]
    [InlineData(7, "samples")]
    [InlineData(3, "populations")]
    [InlineData(7, "populations")]
    public void Shards_of_a_split_family_give_the_single_process_rows(int n, string draws)
    {
        var r = Ecosystem.Value;
        SimilarityOptions options = Options(draws);
        var single = Singles.GetOrAdd(draws, _ => SimilarityAnalysis.Run(r.Table, r.Graph, options).Values);
        Assert.True(ShardScope.Of(r.Table, r.Graph, 0, n).SplitsFamilies, "no family is cut into pieces");
        SimilarityShardPartial? merged = null;
        for (int i = 0; i < n; i++)
        {
            var part = SimilarityAnalysis.Compute(r.Table, r.Graph, ShardScope.Of(r.Table, r.Graph, i, n), null, options);
            merged = merged is null ? part : SimilarityShardPartial.Merge(merged, part);
        }
        var rows = SimilarityReport.Finish(r.Table, r.Graph, options, merged!).Values;
        Assert.Equal(options.Sampled, rows.Any(v => v.Design == SampleDesign.Study));
        Assert.Equal(single.Count, rows.Count);
        for (int k = 0; k < rows.Count; k++) Assert.Equal(single[k], rows[k]);
    }
}
