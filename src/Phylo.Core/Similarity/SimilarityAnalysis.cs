using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Similarity;

/// <summary>
/// Genetic similarity by pair type (SPEC §4, issue 4): featurize → per-edge measures → exact partials per family
/// block (Compute), merged in block order (Merge) → means (Finish), plus the sampled parts. Shaped for sharding:
/// the vocabulary fit is the mergeable first pass (<see cref="Text.TermCounts"/>/<see cref="Text.CandidateStats"/>),
/// a shard computes <see cref="Compute"/> over its contiguous range of <see cref="FamilyBlocks"/>, and partials merge
/// by integer addition; sampled draws are keyed by (seed, design, draw index), never by shard or thread.
/// </summary>
public static class SimilarityAnalysis
{
    private static readonly PairType[] FamilyPairs =
        [PairType.Siblings, PairType.GrandparentGrandchild, PairType.AuntNiece, PairType.ThreeGenerations];

    private static readonly Genome[] Genomes = [Genome.Card, Genome.Metadata, Genome.Traits];

    public static SimilaritySection Run(ModelTable table, FamilyGraph graph, SimilarityOptions options)
    {
        int threads = options.Parallelism;
        FamilyBlocks blocks = FamilyBlocks.Build(graph, options.BlockModels);
        var progress = ProgressSteps(options, blocks, out long featureSteps);
        GenomeFeatures features = GenomeFeatures.Build(table, threads);
        progress.Step(featureSteps);
        ViewGraph[] views = options.ViewList.Select(v => ViewGraph.Build(graph, v)).ToArray();
        EdgeSimilarities edges = EdgeSimilarities.Compute(features, graph, threads);
        progress.Step();
        SimilarityPartial exact = Compute(features, views, edges, blocks, 0, blocks.Count, threads, progress);
        var values = new List<SimilarityValue>();
        var sampler = new PairSampler(features, options.Seed, threads);
        var presence = Genomes.Select(features.Presence).ToArray();
        var random = new PairMean[Genomes.Length][];
        foreach (Genome g in Genomes)
            random[(int)g] = sampler.Population(g, PairPopulation.Random(presence[(int)g]),
                KeyedRandom.DesignId(SampleDesign.Population, g, PairType.Random, GraphView.All), options.SampleSize, options.ExactLevenshtein);
        foreach (ViewGraph view in views)
        {
            Finish(exact, view.View, values);
            foreach (Genome g in Genomes)
            {
                AddPairwise(g, PairType.Random, view.View, SampleDesign.Population, random[(int)g], values);
                foreach (PairType t in FamilyPairs)
                {
                    var pop = PairPopulation.Build(t, view, presence[(int)g]);
                    ulong design = KeyedRandom.DesignId(SampleDesign.Population, g, t, view.View);
                    AddPairwise(g, t, view.View, SampleDesign.Population, sampler.Population(g, pop, design, options.SampleSize, options.ExactLevenshtein), values);
                    progress.Step();
                }
            }
        }
        if (options.Sampled) AddStudy(options, views, presence, sampler, values, progress);
        values.Sort(Order);
        progress.Complete();
        return new SimilaritySection(values, table, graph, edges);
    }

    /// <summary>Progress in steps: one per block, per sampled population and for the edge measures; the featurize pass
    /// (most of the stage's time at full scale) counts as many steps as all the rest together.</summary>
    private static Analyses.ProgressCounter ProgressSteps(SimilarityOptions o, FamilyBlocks blocks, out long featureSteps)
    {
        int views = o.ViewList.Count;
        long populations = Genomes.Length * (1 + views * FamilyPairs.Length);
        if (o.Sampled) populations += Genomes.Length * (1 + views * (PairTypes.Count - 1));
        featureSteps = blocks.Count + populations + 1;
        return new Analyses.ProgressCounter(2 * featureSteps, o.Progress);
    }

    /// <summary>Exact partial of blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>): blocks in
    /// parallel, merged in block order.</summary>
    public static SimilarityPartial Compute(GenomeFeatures features, ViewGraph[] views, EdgeSimilarities edges,
        FamilyBlocks blocks, int firstBlock, int endBlock, int threads, Analyses.ProgressCounter? progress = null)
    {
        int[] columns = ColumnsPerSlot(features);
        var kernels = new CosinePairSums?[MeasureSlot.Count];
        for (int s = 0; s < MeasureSlot.Count; s++)
            if (MeasureSlot.All[s].IsVector) kernels[s] = new CosinePairSums(features.Vectors(MeasureSlot.All[s].Genome), MeasureSlot.All[s].Measure);
        int width = Math.Max(1, columns.Max());
        var partials = new SimilarityPartial[endBlock - firstBlock];
        Parallel.For(firstBlock, endBlock, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new CosinePairSums.Scratch(width, features.ModelCount),
            (b, _, scratch) =>
            {
                partials[b - firstBlock] = ComputeBlock(blocks[b], views, edges, kernels, columns, scratch);
                progress?.Step();
                return scratch;
            }, _ => { });
        var total = new SimilarityPartial(columns);
        foreach (SimilarityPartial p in partials) total = SimilarityPartial.Merge(total, p);
        return total;
    }

    private static int[] ColumnsPerSlot(GenomeFeatures f) =>
        Array.ConvertAll(MeasureSlot.All, s => s.IsVector ? f.Vectors(s.Genome).Columns : 0);

    private static SimilarityPartial ComputeBlock(ReadOnlySpan<int> models, ViewGraph[] views, EdgeSimilarities edges,
        CosinePairSums?[] kernels, int[] columns, CosinePairSums.Scratch scratch)
    {
        var partial = new SimilarityPartial(columns);
        Span<double> sums = stackalloc double[PairTypes.Count];
        Span<long> counts = stackalloc long[PairTypes.Count];
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            CosinePairSums? kernel = kernels[s];
            if (kernel is null) continue;
            foreach (ViewGraph view in views)
            {
                sums.Clear();
                counts.Clear();
                kernel.Accumulate(view, models, scratch, sums, counts);
                foreach (PairType t in FamilyPairs) partial.Add(s, view.View, t, sums[(int)t], counts[(int)t]);
            }
            var dense = new double[columns[s]];
            (double self, long m) = kernel.AccumulateRandom(models, dense);
            for (int c = 0; c < dense.Length; c++) partial.RandomColumns[s][c] = FixedSum.Of(dense[c]);
            partial.RandomSelf[s] = FixedSum.Of(self);
            partial.RandomCount[s] = m;
        }
        foreach (ViewGraph view in views)
            for (int s = 0; s < MeasureSlot.Count; s++)
            {
                double sum = 0;
                long n = 0;
                double[] v = edges.Values[s];
                foreach (int p in models)
                    for (int i = view.ChildStart[p]; i < view.ChildStart[p + 1]; i++)
                    {
                        double x = v[view.ChildEdge[i]];
                        if (double.IsNaN(x)) continue;
                        sum += x;
                        n++;
                    }
                partial.Add(s, view.View, PairType.ParentChild, sum, n);
            }
        return partial;
    }

    /// <summary>Exact values of a merged partial: cosine measures for every pair type, the others for parent–child.</summary>
    private static void Finish(SimilarityPartial exact, GraphView view, List<SimilarityValue> into)
    {
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            MeasureSlot slot = MeasureSlot.All[s];
            foreach (PairType t in PairTypes.All)
            {
                if (!slot.IsVector && t != PairType.ParentChild) continue;
                (double mean, long n) = exact.Mean(s, view, t);
                into.Add(SimilarityValue.From(slot, t, view, SampleDesign.Population, PairMean.Exact(mean, n)));
            }
        }
    }

    /// <summary>Adds the non-cosine measures of a genome (the cosine ones are exact from the partial).</summary>
    private static void AddPairwise(Genome g, PairType t, GraphView view, SampleDesign design, PairMean[] means, List<SimilarityValue> into)
    {
        (int first, int count) = MeasureSlot.Of(g);
        for (int i = 0; i < count; i++)
        {
            MeasureSlot slot = MeasureSlot.All[first + i];
            if (design == SampleDesign.Population && slot.IsVector) continue;
            into.Add(SimilarityValue.From(slot, t, view, design, means[i]));
        }
    }

    private static void AddStudy(SimilarityOptions o, ViewGraph[] views, bool[][] presence, PairSampler sampler, List<SimilarityValue> into,
        Analyses.ProgressCounter progress)
    {
        foreach (Genome g in Genomes)
        {
            PairMean[] random = sampler.Study(g, PairPopulation.Random(presence[(int)g]),
                KeyedRandom.DesignId(SampleDesign.Study, g, PairType.Random, GraphView.All), o.StudyDraws, o.BootstrapResamples);
            foreach (ViewGraph view in views)
                foreach (PairType t in PairTypes.All)
                {
                    PairMean[] means = t == PairType.Random ? random
                        : sampler.Study(g, PairPopulation.Build(t, view, presence[(int)g]),
                            KeyedRandom.DesignId(SampleDesign.Study, g, t, view.View), o.StudyDraws, o.BootstrapResamples);
                    AddPairwise(g, t, view.View, SampleDesign.Study, means, into);
                    if (t != PairType.Random || view.View == GraphView.All) progress.Step();
                }
        }
    }

    /// <summary>Report order: genome, measure, pair type, view, design.</summary>
    private static int Order(SimilarityValue a, SimilarityValue b)
    {
        int c = a.Genome.CompareTo(b.Genome);
        if (c == 0) c = a.Measure.CompareTo(b.Measure);
        if (c == 0) c = a.Pair.CompareTo(b.Pair);
        if (c == 0) c = a.View.CompareTo(b.View);
        if (c == 0) c = a.Design.CompareTo(b.Design);
        return c;
    }
}
