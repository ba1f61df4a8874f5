using Phylo.Analyses;
using Phylo.Graph;
using Phylo.Report;
using Phylo.Run;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Similarity;

/// <summary>
/// Genetic similarity by pair type (SPEC §4, issue 4) as Compute (one shard of families) → Merge → Finish:
/// featurize the shard's models with vocabularies fitted over every model (<see cref="PreparedVocabularies"/>), measure
/// its edges, sum the exact cosine identities per family block (blocks = <see cref="ShardScope"/> buckets, the same for
/// every shard count), and evaluate the sampled draws whose pair it owns — every shard enumerates the same draws keyed
/// by (seed, design, index). <see cref="Run"/> is the one-shard case.
/// </summary>
public static class SimilarityAnalysis
{
    private static readonly PairType[] FamilyPairs =
        [PairType.Siblings, PairType.GrandparentGrandchild, PairType.AuntNiece, PairType.ThreeGenerations];

    private static readonly Genome[] Genomes = [Genome.Card, Genome.Metadata, Genome.Traits];

    /// <summary>A population or study design: genome, pair type, view (random pairs: view-independent, stored once).</summary>
    public readonly record struct Design(Genome Genome, PairType Pair, GraphView View, ulong Id);

    /// <summary>The population designs, in partial order: random per genome, then per view, genome and family pair type.</summary>
    public static IReadOnlyList<Design> Populations(SimilarityOptions o)
    {
        var list = new List<Design>();
        foreach (Genome g in Genomes) list.Add(new(g, PairType.Random, GraphView.All, KeyedRandom.DesignId(SampleDesign.Population, g, PairType.Random, GraphView.All)));
        foreach (GraphView v in o.ViewList)
            foreach (Genome g in Genomes)
                foreach (PairType t in FamilyPairs) list.Add(new(g, t, v, KeyedRandom.DesignId(SampleDesign.Population, g, t, v)));
        return list;
    }

    /// <summary>The study designs (<c>--sampled</c>), in partial order: per genome, random, then per view every other pair type.</summary>
    public static IReadOnlyList<Design> StudyDesigns(SimilarityOptions o)
    {
        var list = new List<Design>();
        if (!o.Sampled) return list;
        foreach (Genome g in Genomes)
        {
            list.Add(new(g, PairType.Random, GraphView.All, KeyedRandom.DesignId(SampleDesign.Study, g, PairType.Random, GraphView.All)));
            foreach (GraphView v in o.ViewList)
                foreach (PairType t in PairTypes.All)
                    if (t != PairType.Random) list.Add(new(g, t, v, KeyedRandom.DesignId(SampleDesign.Study, g, t, v)));
        }
        return list;
    }

    public static SimilaritySection Run(ModelTable table, FamilyGraph graph, SimilarityOptions options)
    {
        var scope = ShardScope.Whole(table, graph);
        return Finish(table, graph, options, Compute(table, graph, scope, null, options));
    }

    /// <summary>The models a shard featurizes, hence the only ones whose card text it reads: those it owns plus the
    /// partners of its random pairs (population and study design of every genome); null for the whole table. When a
    /// family is cut into pieces (<see cref="ShardScope.SplitsFamilies"/>), also the relatives its owned models read from
    /// other pieces: parents, children and grandchildren (exact pair sums, edges) and the partners of its family draws.
    /// <paramref name="presence"/> is per genome (<see cref="GenomeFeatures.Presence(ModelTable, TraitGenome, Genome)"/>).</summary>
    public static bool[]? NeededModels(ShardScope scope, SimilarityOptions options, bool[][] presence)
    {
        if (scope.IsWhole) return null;
        // The loader (which cards to read) and Compute ask for the same scope: enumerate the draws once.
        string key = $"{options.Seed};{options.SampleSize};{options.StudyDraws};{options.ExactLevenshtein};{options.Sampled};{string.Join(',', options.ViewList)}";
        lock (NeededCache)
        {
            if (NeededCache.TryGetValue(scope, out var hit) && hit.Item1 == key) return (bool[])hit.Item2.Clone();
        }
        bool[] needed = MarkNeeded(scope, options, presence);
        lock (NeededCache) NeededCache.AddOrUpdate(scope, Tuple.Create(key, needed));
        return (bool[])needed.Clone();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ShardScope, Tuple<string, bool[]>> NeededCache = new();

    private static bool[] MarkNeeded(ShardScope scope, SimilarityOptions options, bool[][] presence)
    {
        var populations = Populations(options);
        var study = StudyDesigns(options);
        var needed = new bool[presence[0].Length];
        for (int m = 0; m < needed.Length; m++) needed[m] = scope.OwnsModel(m);
        var marker = new PairSampler(null!, options.Seed, options.Parallelism);
        foreach (Genome g in Genomes)
        {
            Design? sd = study.Count > 0 ? study.First(d => d.Genome == g && d.Pair == PairType.Random) : null;
            marker.MarkPartners(PairPopulation.Random(presence[(int)g]), populations[(int)g].Id, options.SampleSize, options.ExactLevenshtein,
                sd?.Id, options.StudyDraws, scope.OwnsModel, needed);
        }
        if (scope.SplitsFamilies) MarkRelatives(scope, options, presence, populations, study, marker, needed);
        return needed;
    }

    /// <summary>Relatives of owned models in other pieces of a split family (see <see cref="NeededModels(ShardScope, SimilarityOptions, bool[][])"/>).</summary>
    private static void MarkRelatives(ShardScope scope, SimilarityOptions options, bool[][] presence, IReadOnlyList<Design> populations,
        IReadOnlyList<Design> study, PairSampler marker, bool[] needed)
    {
        FamilyGraph graph = scope.Graph;
        var mark = new bool[needed.Length];
        for (int m = 0; m < graph.NodeCount; m++)
        {
            if (!scope.OwnsModel(m)) continue;
            foreach (int e in graph.InEdges(m)) mark[graph.EdgeParent[e]] = true;
            foreach (int c in graph.ChildrenOf(m))
            {
                mark[c] = true;
                foreach (int d in graph.ChildrenOf(c)) mark[d] = true;
            }
        }
        for (int m = 0; m < mark.Length; m++) needed[m] |= mark[m];
        ViewGraph[] views = [.. options.ViewList.Select(v => ViewGraph.Build(graph, v))];
        Func<int, bool> ownsSplit = x => scope.OwnsModel(x) && scope.Units.UnitOfModel[x] >= WorkUnits.Buckets;
        foreach (Design d in populations)
            if (d.Pair != PairType.Random)
                marker.MarkPartners(PairPopulation.Build(d.Pair, views[IndexOf(options, d.View)], presence[(int)d.Genome]), d.Id,
                    options.SampleSize, options.ExactLevenshtein, null, 0, ownsSplit, needed);
        foreach (Design d in study)
            if (d.Pair != PairType.Random) // sample size 0: only the study draws are marked
                marker.MarkPartners(PairPopulation.Build(d.Pair, views[IndexOf(options, d.View)], presence[(int)d.Genome]), 0,
                    0, false, d.Id, options.StudyDraws, ownsSplit, needed);
    }

    /// <summary><see cref="NeededModels(ShardScope, SimilarityOptions, bool[][])"/> computed from the table.</summary>
    public static bool[]? NeededModels(ModelTable table, ShardScope scope, SimilarityOptions options)
    {
        if (scope.IsWhole) return null;
        var traits = TraitGenome.Build(table);
        return NeededModels(scope, options, Array.ConvertAll(Genomes, g => GenomeFeatures.Presence(table, traits, g)));
    }

    /// <summary>One shard's partial: only the families <paramref name="scope"/> owns are featurized and measured.</summary>
    /// <param name="vocab">The prepared vocabularies of a sharded run; null fits them here, over every model.</param>
    public static SimilarityShardPartial Compute(ModelTable table, FamilyGraph graph, ShardScope scope, PreparedVocabularies? vocab, SimilarityOptions options)
    {
        int threads = options.Parallelism;
        FamilyBlocks blocks = FamilyBlocks.ByUnit(graph, scope.Units);
        int[] ownBlocks = [.. Enumerable.Range(0, blocks.Count).Where(scope.OwnsUnit)];
        var populations = Populations(options);
        var study = StudyDesigns(options);
        // Steps: one per block, population and study design, one for the edge measures; featurizing (vocabulary fit
        // included, most of the stage at full scale) counts as many steps as all the rest together.
        long featureSteps = ownBlocks.Length + populations.Count + study.Count + 1;
        var progress = new Analyses.ProgressCounter(2 * featureSteps, options.Progress);
        if (vocab is null && !scope.IsWhole) vocab = PreparedVocabularies.Fit(table, graph, threads);
        var traits = TraitGenome.Build(table);
        var presence = Array.ConvertAll(Genomes, g => GenomeFeatures.Presence(table, traits, g));
        ViewGraph[] views = options.ViewList.Select(v => ViewGraph.Build(graph, v)).ToArray();
        Func<int, bool>? owns = scope.IsWhole ? null : scope.OwnsModel;
        bool[]? needed = NeededModels(scope, options, presence);
        GenomeFeatures features = GenomeFeatures.Build(table, threads, vocab, needed, traits);
        progress.Step(featureSteps);
        Func<int, bool>? ownsEdge = owns is null ? null : e => owns(graph.EdgeChild[e]);
        // The shard reports the edges whose child it owns; its exact parent–child sums (per parent) also read the edges
        // from its parents to children in another piece of a split family.
        Func<int, bool>? measured = owns is null ? null : e => owns(graph.EdgeChild[e]) || owns(graph.EdgeParent[e]);
        EdgeSimilarities edges = EdgeSimilarities.Compute(features, graph, threads, measured);
        progress.Step();
        SimilarityPartial exact = Compute(features, views, edges, blocks, ownBlocks, threads, progress);

        var sampler = new PairSampler(features, options.Seed, threads);
        var sums = new PopulationSums[populations.Count];
        for (int i = 0; i < sums.Length; i++)
        {
            Design d = populations[i];
            var pop = d.Pair == PairType.Random ? PairPopulation.Random(presence[(int)d.Genome])
                : PairPopulation.Build(d.Pair, views[IndexOf(options, d.View)], presence[(int)d.Genome]);
            sums[i] = sampler.Population(d.Genome, pop, d.Id, options.SampleSize, options.ExactLevenshtein, owns);
            progress.Step();
        }
        var draws = new StudyDraws[study.Count];
        for (int i = 0; i < draws.Length; i++)
        {
            Design d = study[i];
            var pop = d.Pair == PairType.Random ? PairPopulation.Random(presence[(int)d.Genome])
                : PairPopulation.Build(d.Pair, views[IndexOf(options, d.View)], presence[(int)d.Genome]);
            draws[i] = sampler.Study(d.Genome, pop, d.Id, options.StudyDraws, owns);
            progress.Step();
        }
        var own = new List<int>();
        for (int e = 0; e < graph.EdgeCount; e++) if (ownsEdge is null || ownsEdge(e)) own.Add(e);
        var values = new double[own.Count * MeasureSlot.Count];
        for (int k = 0; k < own.Count; k++)
            for (int sl = 0; sl < MeasureSlot.Count; sl++) values[k * MeasureSlot.Count + sl] = edges.Values[sl][own[k]];
        progress.Complete();
        return new SimilarityShardPartial(exact, [.. own], values, sums, draws);
    }

    private static int IndexOf(SimilarityOptions o, GraphView v)
    {
        for (int i = 0; i < o.ViewList.Count; i++) if (o.ViewList[i] == v) return i;
        throw new ArgumentOutOfRangeException(nameof(v));
    }

    /// <summary>The section from the merged partial of every shard.</summary>
    public static SimilaritySection Finish(ModelTable table, FamilyGraph graph, SimilarityOptions options, SimilarityShardPartial merged)
    {
        if (merged.Edges.Length != graph.EdgeCount)
            throw new Ingest.PhyloInputException($"the parts measured {merged.Edges.Length:N0} of {graph.EdgeCount:N0} edges: a shard is missing");
        var edgeValues = new double[MeasureSlot.Count][];
        for (int sl = 0; sl < edgeValues.Length; sl++)
        {
            edgeValues[sl] = new double[graph.EdgeCount];
            for (int k = 0; k < merged.Edges.Length; k++) edgeValues[sl][merged.Edges[k]] = merged.EdgeValues[k * MeasureSlot.Count + sl];
        }
        var values = new List<SimilarityValue>();
        var populations = Populations(options);
        foreach (GraphView view in options.ViewList)
        {
            Finish(merged.Exact, view, values);
            for (int i = 0; i < populations.Count; i++)
            {
                Design d = populations[i];
                if (d.Pair == PairType.Random || d.View == view)
                    AddPairwise(d.Genome, d.Pair, view, SampleDesign.Population, merged.Populations[i].Means(), values);
            }
        }
        var study = StudyDesigns(options);
        var randomStudy = new PairMean[Genomes.Length][];
        for (int i = 0; i < study.Count; i++)
        {
            Design d = study[i];
            PairMean[] means = merged.Study[i].Means(options.StudyDraws, options.Seed, d.Id, options.BootstrapResamples, options.Parallelism);
            if (d.Pair == PairType.Random) randomStudy[(int)d.Genome] = means;
            else AddPairwise(d.Genome, d.Pair, d.View, SampleDesign.Study, means, values);
        }
        foreach (Genome g in Genomes)
            if (randomStudy[(int)g] is { } r)
                foreach (GraphView view in options.ViewList) AddPairwise(g, PairType.Random, view, SampleDesign.Study, r, values);
        values.Sort(Order);
        return new SimilaritySection(values, table, graph, EdgeSimilarities.FromValues(edgeValues));
    }

    /// <summary>Exact partial of the listed blocks: blocks in parallel, merged in list order.</summary>
    public static SimilarityPartial Compute(GenomeFeatures features, ViewGraph[] views, EdgeSimilarities edges,
        FamilyBlocks blocks, int firstBlock, int endBlock, int threads) =>
        Compute(features, views, edges, blocks, [.. Enumerable.Range(firstBlock, endBlock - firstBlock)], threads, null);

    private static SimilarityPartial Compute(GenomeFeatures features, ViewGraph[] views, EdgeSimilarities edges,
        FamilyBlocks blocks, int[] blockList, int threads, Analyses.ProgressCounter? progress)
    {
        int[] columns = ColumnsPerSlot(features);
        var kernels = new CosinePairSums?[MeasureSlot.Count];
        for (int s = 0; s < MeasureSlot.Count; s++)
            if (MeasureSlot.All[s].IsVector) kernels[s] = new CosinePairSums(features.Vectors(MeasureSlot.All[s].Genome), MeasureSlot.All[s].Measure);
        int width = Math.Max(1, columns.Max());
        var partials = new SimilarityPartial[blockList.Length];
        Parallel.For(0, blockList.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new CosinePairSums.Scratch(width, features.ModelCount),
            (i, _, scratch) =>
            {
                partials[i] = ComputeBlock(blocks[blockList[i]], views, edges, kernels, columns, scratch);
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

/// <summary>The similarity analyses on the sharded contract (<see cref="IShardedAnalysis"/>).</summary>
public sealed class SimilarityShardedAnalysis : ShardedAnalysis<SimilarityShardPartial>
{
    public override string Name => "similarity";

    private static SimilarityOptions Options(ShardInput s) => Options(s.Options, s.Observer);

    /// <summary>The similarity options of a run (<paramref name="obs"/> receives the stage's progress).</summary>
    public static SimilarityOptions Options(AnalyzeOptions o, IRunObserver obs) => new(o.Seed, o.Threads, o.Sampled, o.ExactLevenshtein)
    {
        Progress = (done, total) => obs.StageProgress("similarity", done, total),
        SampleSize = o.Similarity.SampleSize,
        StudyDraws = o.Similarity.StudyDraws,
        BootstrapResamples = o.Similarity.BootstrapResamples,
    };

    public override SimilarityShardPartial Compute(ShardInput shard) =>
        SimilarityAnalysis.Compute(shard.Table, shard.Graph, shard.Scope, shard.Prepared, Options(shard));

    public override SimilarityShardPartial Merge(SimilarityShardPartial left, SimilarityShardPartial right) => SimilarityShardPartial.Merge(left, right);

    public override IReportSection Finish(ShardInput whole, SimilarityShardPartial merged) => SimilarityAnalysis.Finish(whole.Table, whole.Graph, Options(whole), merged);

    public override void Write(PartWriter w, SimilarityShardPartial partial) => partial.Write(w);

    public override SimilarityShardPartial Read(PartReader r) => SimilarityShardPartial.Read(r);

    public override string Describe(IReportSection section) => section is SimilaritySection s ? $"{s.Values.Count:N0} pair-type means" : "";
}
