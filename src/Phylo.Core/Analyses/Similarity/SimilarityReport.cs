using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Finish of the similarity analysis: the merged partial of every shard as report rows — Phylo's pooled pair types in
/// every reported view, then for each text genome and measure the study's 24 design configurations on the fine-tune
/// view, Phylo exact (every pair under the design's weights) and, with <c>--sampled</c>, Phylo study mode (the study's
/// draws, bootstrap CI). See docs/definitions.md, "Exact mode of a design" and "Study mode".
/// </summary>
public static class SimilarityReport
{
    public static SimilaritySection Finish(ModelTable table, FamilyGraph graph, SimilarityOptions options, SimilarityShardPartial merged)
    {
        if (merged.Edges.Length != graph.EdgeCount)
            throw new Phylo.PhyloInputException($"the parts measured {merged.Edges.Length:N0} of {graph.EdgeCount:N0} edges: a shard is missing");
        var edgeValues = new double[MeasureSlot.Count][];
        for (int sl = 0; sl < edgeValues.Length; sl++)
        {
            edgeValues[sl] = new double[graph.EdgeCount];
            for (int k = 0; k < merged.Edges.Length; k++) edgeValues[sl][merged.Edges[k]] = merged.EdgeValues[k * MeasureSlot.Count + sl];
        }
        var values = new List<SimilarityValue>();
        var populations = SimilarityAnalysis.Populations(options);
        foreach (GraphView view in options.ViewList)
        {
            Pooled(merged.Exact, view, values);
            for (int i = 0; i < populations.Count; i++)
            {
                SimilarityAnalysis.Design d = populations[i];
                if (d.Reported && (d.Pair == PairType.Random || d.View == view)) AddPairwise(d.Genome, d.Pair, view, merged.Populations[i].Means(), values);
            }
        }
        var finetune = new DesignWeights(ViewGraph.Build(graph, GraphView.Finetune));
        DesignRows(finetune, edgeValues, merged, populations, values);
        if (options.Sampled) StudyRows(options, merged, values);
        values.Sort(Order);
        return new SimilaritySection(values, table, graph, EdgeSimilarities.FromValues(edgeValues)) { TieBreak = options.Ties, Sampled = options.Sampled };
    }

    /// <summary>Exact pooled values: cosine measures for every pair type, the others for parent–child.</summary>
    private static void Pooled(SimilarityPartial exact, GraphView view, List<SimilarityValue> into)
    {
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            MeasureSlot slot = MeasureSlot.All[s];
            foreach (PairType t in PairTypes.All)
            {
                if (!slot.IsVector && t != PairType.ParentChild) continue;
                if (!EdgeSimilarities.Measured(slot, view)) continue;
                (double mean, long n) = exact.Mean(s, view, t);
                into.Add(SimilarityValue.From(slot, t, view, SampleDesign.Population, PairMean.Exact(mean, n)));
            }
        }
    }

    /// <summary>Adds the non-cosine measures of a population (the cosine ones are exact from the partial).</summary>
    private static void AddPairwise(Genome g, PairType t, GraphView view, PairMean[] means, List<SimilarityValue> into)
    {
        (int first, int count) = MeasureSlot.Of(g);
        for (int i = 0; i < count; i++)
        {
            MeasureSlot slot = MeasureSlot.All[first + i];
            if (!slot.IsVector) into.Add(SimilarityValue.From(slot, t, view, SampleDesign.Population, means[i]));
        }
    }

    /// <summary>Phylo exact of every (text genome, configuration, measure): edges weighted from the edge values (exact for
    /// every measure), cosines of the other shapes from the identities, Levenshtein from the enumerated population of the
    /// shape when it was enumerated, else from a seeded sample (the shape's uniform population for trio_1 cfg 2, trio_2
    /// cfg 1 and rando; the configuration's own weighted sample otherwise).</summary>
    private static void DesignRows(DesignWeights w, double[][] edgeValues, SimilarityShardPartial merged, IReadOnlyList<SimilarityAnalysis.Design> populations,
        List<SimilarityValue> into)
    {
        var samples = SimilarityAnalysis.DesignSamples();
        var edgeMeans = new Dictionary<int, PairMean[]>();
        foreach (Genome g in SimilarityNames.TextGenomes)
            foreach (DesignConfig c in DesignConfig.All)
                foreach (SimilarityMeasure m in StudySampler.Measures)
                {
                    int slot = MeasureSlot.IndexOf(g, m);
                    PairMean mean;
                    if (c.Shape == PairShape.Edge)
                    {
                        if (!edgeMeans.TryGetValue(c.Index, out PairMean[]? means)) edgeMeans[c.Index] = means = EdgeMeans(w, c, edgeValues);
                        mean = means[slot];
                    }
                    else if (m != SimilarityMeasure.Levenshtein)
                        mean = c.Shape == PairShape.Random ? Exact(merged.Exact.Mean(slot, GraphView.All, PairType.Random)) : merged.Exact.DesignMean(slot, c.Index);
                    else
                    {
                        PairType pair = SimilarityAnalysis.PairOf(c.Shape);
                        int p = IndexOf(populations, d => d.Genome == g && d.Pair == pair && (pair == PairType.Random || d.View == GraphView.Finetune));
                        PopulationSums pop = merged.Populations[p];
                        if (pop.Exhaustive)
                            mean = pop.Designs.Mean(Array.FindIndex(DesignConfig.All.Where(x => x.Shape == c.Shape).ToArray(), x => x.Index == c.Index));
                        else if (SimilarityAnalysis.IsUniform(c)) mean = pop.Means()[2];
                        else mean = merged.DesignSamples[IndexOf(samples, s => s.Genome == g && s.Config.Index == c.Index)].Means()[2];
                    }
                    into.Add(SimilarityValue.Of(c, g, m, SampleDesign.Population, mean));
                }
    }

    private static PairMean Exact((double Mean, long N) v) => v.N == 0 ? PairMean.None : PairMean.Exact(v.Mean, v.N);

    private static int IndexOf<T>(IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (int i = 0; i < list.Count; i++) if (match(list[i])) return i;
        throw new InvalidOperationException("no such population");
    }

    /// <summary>The weighted means of an edge configuration over the fine-tune edges both of whose ends have the genome, of
    /// every measure slot at once (one walk of the edges and their weights instead of one per slot; each slot's sums run
    /// in the same edge order as a walk of its own, so the means are the same doubles).</summary>
    private static PairMean[] EdgeMeans(DesignWeights w, DesignConfig c, double[][] edgeValues)
    {
        ViewGraph view = w.View;
        int slots = edgeValues.Length;
        var sum = new double[slots];
        var weight = new double[slots];
        var n = new long[slots];
        for (int p = 0; p < view.ChildStart.Length - 1; p++)
            for (int i = view.ChildStart[p]; i < view.ChildStart[p + 1]; i++)
            {
                double wt = w.Edge(c, p, view.Children[i]);
                if (wt <= 0) continue;
                int e = view.ChildEdge[i];
                for (int s = 0; s < slots; s++)
                {
                    double v = edgeValues[s][e];
                    if (double.IsNaN(v)) continue;
                    sum[s] += wt * v;
                    weight[s] += wt;
                    n[s]++;
                }
            }
        var means = new PairMean[slots];
        for (int s = 0; s < slots; s++) means[s] = n[s] == 0 ? PairMean.None : PairMean.Exact(sum[s] / weight[s], n[s]);
        return means;
    }

    /// <summary>Phylo study mode: the kept draws of every (configuration, measure) and genome, bootstrapped together.</summary>
    private static void StudyRows(SimilarityOptions options, SimilarityShardPartial merged, List<SimilarityValue> into)
    {
        var sets = SimilarityAnalysis.StudyDrawSets(options);
        var lists = new List<double[]>();
        for (int i = 0; i < sets.Count; i++) lists.AddRange(merged.Study[i].Kept(options.StudyDraws));
        PairMean[] means = Bootstrap.MeansWithCi(lists, options.Seed, options.BootstrapResamples, options.Parallelism);
        Genome[] genomes = SimilarityNames.TextGenomes;
        for (int i = 0; i < sets.Count; i++)
            for (int g = 0; g < genomes.Length; g++)
                into.Add(SimilarityValue.Of(sets[i].Config, genomes[g], sets[i].Measure, SampleDesign.Study, means[i * genomes.Length + g]));
    }

    /// <summary>Report order: genome, measure, design configurations (in the study's order) before pooled pair types,
    /// then pair type, view, procedure.</summary>
    private static int Order(SimilarityValue a, SimilarityValue b)
    {
        int c = a.Genome.CompareTo(b.Genome);
        if (c == 0) c = a.Measure.CompareTo(b.Measure);
        if (c == 0) c = (a.Config is null).CompareTo(b.Config is null);
        if (c == 0) c = (a.Config?.Index ?? 0).CompareTo(b.Config?.Index ?? 0);
        if (c == 0) c = a.Pair.CompareTo(b.Pair);
        if (c == 0) c = a.View.CompareTo(b.View);
        if (c == 0) c = a.Design.CompareTo(b.Design);
        return c;
    }
}
