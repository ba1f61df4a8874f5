using Phylo.Report;

namespace Phylo.Tests.Report;

public class StudyFactsTests
{
    [Fact]
    public void Edge_types_add_up_to_the_published_total()
    {
        double sum = 0;
        foreach (var t in new[] { "finetune", "quantized", "adapter", "mergeOrUntyped" })
            sum += StudyFacts.Number($"graph.edgesByType.{t}") ?? double.NaN;
        Assert.Equal(StudyFacts.Number("graph.edges"), sum);
    }

    [Fact]
    public void Every_published_similarity_configuration_is_present()
    {
        int means = 0;
        foreach (string genome in new[] { "card", "metadata" })
            foreach (string measure in new[] { "tfidf", "bow", "levenshtein" })
                foreach (var c in Phylo.Similarity.DesignConfig.All)
                {
                    Assert.True(StudyFacts.TryGet($"similarity.{genome}.{measure}.{c.Key}", out _), $"{genome}.{measure}.{c.Key}");
                    double? mean = StudyFacts.Number($"similarity.{genome}.{measure}.{c.Key}.mean");
                    double? low = StudyFacts.Number($"similarity.{genome}.{measure}.{c.Key}.ciLow"), high = StudyFacts.Number($"similarity.{genome}.{measure}.{c.Key}.ciHigh");
                    if (mean is { } m) { means++; Assert.InRange(m, 0, 1); }
                    if (low is { } l && high is { } h && mean is { } mm) Assert.True(l <= mm + 0.005 && mm <= h + 0.005, $"{genome}.{measure}.{c.Key}");
                }
        Assert.Equal(2 * 3 * 24 - 3, means);       // three card Levenshtein points are hidden under the legend
        Assert.Equal(4_074, StudyFacts.Number("similarity.card.keptPairs.quad_3.6.bow"));
    }

    [Fact]
    public void Lookups_reach_nested_values_and_miss_cleanly()
    {
        Assert.Equal(0.893, StudyFacts.Number("similarity.card.tfidf.trio_1.2.mean"));        // a key with a dot: "trio_1.2"
        Assert.Null(StudyFacts.Number("similarity.card.levenshtein.quad_3.2.mean"));        // hidden under the legend: null
        Assert.Null(StudyFacts.Number("similarity.card.levenshtein.siblings"));
        Assert.Equal(298_442, StudyFacts.Number("traits.licenseCounts.apache-2.0"));   // a key with a dot in it
        Assert.Null(StudyFacts.Number("traits.licenseCounts.apache-2.1"));
        Assert.Contains("2508.06811", StudyFacts.Source, StringComparison.Ordinal);
    }
}
