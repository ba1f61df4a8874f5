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
    public void Lookups_reach_nested_values_and_miss_cleanly()
    {
        Assert.Equal(0.89, StudyFacts.Number("similarity.card.tfidf.siblings"));
        Assert.Null(StudyFacts.Number("similarity.card.levenshtein.siblings"));
        Assert.Equal(298_442, StudyFacts.Number("traits.licenseCounts.apache-2.0"));   // a key with a dot in it
        Assert.Null(StudyFacts.Number("traits.licenseCounts.apache-2.1"));
        Assert.Contains("2508.06811", StudyFacts.Source, StringComparison.Ordinal);
    }
}
