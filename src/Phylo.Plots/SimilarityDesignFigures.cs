using Phylo.Plots.Figures;
using Phylo.Similarity;

namespace Phylo.Plots;

/// <summary>The nine design figures of a similarity section: card, metadata, metadata-clean × TF-IDF, BoW, Levenshtein,
/// each the study's 24 configurations with the published value, Phylo exact and Phylo study mode.</summary>
public static class SimilarityDesignFigures
{
    public static IReadOnlyList<string> Render(SimilaritySection section, string figuresDir)
    {
        var written = new List<string>();
        foreach (Genome g in SimilarityNames.TextGenomes)
            foreach (SimilarityMeasure m in StudySampler.Measures)
            {
                var points = new List<DesignPoint>();
                foreach (DesignConfig c in DesignConfig.All)
                {
                    (double? mean, double? low, double? high) = SimilaritySection.Published(g, m, c);
                    var study = new Estimate(mean ?? double.NaN, low ?? double.NaN, high ?? double.NaN);
                    points.Add(new DesignPoint(c.DesignName, $"{c.Config} {Short(c.Kinship)}", study,
                        Of(section.Find(g, m, c, SampleDesign.Population)), Of(section.Find(g, m, c, SampleDesign.Study))));
                }
                written.Add(FigureSet.RenderDesigns(g.Name(), m.Name(), Title(m), points, figuresDir));
            }
        return written;
    }

    private static Estimate Of(SimilarityValue? v) => v is null ? Estimate.Missing : new Estimate(v.Mean, v.CiLow, v.CiHigh);

    private static string Title(SimilarityMeasure m) => m switch
    {
        SimilarityMeasure.TfIdf => "TF-IDF cosine",
        SimilarityMeasure.Bow => "bag-of-words cosine",
        _ => "normalized Levenshtein similarity",
    };

    /// <summary>The kinship as a tick label: random, parent, sibling, grand, aunt, 3 gen.</summary>
    private static string Short(PairType t) => t switch
    {
        PairType.Random => "random",
        PairType.ParentChild => "parent",
        PairType.Siblings => "sibling",
        PairType.GrandparentGrandchild => "grand",
        PairType.AuntNiece => "aunt",
        _ => "3 gen",
    };
}
