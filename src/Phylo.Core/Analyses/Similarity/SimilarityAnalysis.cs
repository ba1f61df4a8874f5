using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Genetic similarity (docs/definitions.md, "Similarity") as Compute (one shard of families) → Merge → Finish:
/// featurize the shard's models with vocabularies fitted over every model (<see cref="PreparedVocabularies"/>), measure
/// its edges, sum the exact cosine identities per block (blocks = <see cref="WorkUnits"/>, the same for
/// every shard count) — Phylo's pooled pair types in every view and the study's 24 design configurations on the
/// fine-tune view — evaluate the populations and samples of the measures without identity, and with <c>--sampled</c>
/// the study's own draws. Every shard enumerates the same draws keyed by (seed, design, index) and evaluates those whose
/// pair it owns. <see cref="Run"/> is the one-shard case; <see cref="SimilarityReport.Finish"/> turns the merged
/// partial into rows.
/// </summary>
public static class SimilarityAnalysis
{
    internal static readonly PairType[] FamilyPairs =
        [PairType.Siblings, PairType.GrandparentGrandchild, PairType.AuntNiece, PairType.ThreeGenerations];

    /// <summary>A population: genome, pair type, view (random pairs: view-independent, stored once). Not
    /// <paramref name="Reported"/>: a fine-tune population only the design configurations read (the fine-tune view is
    /// not among the reported views).</summary>
    public readonly record struct Design(Genome Genome, PairType Pair, GraphView View, ulong Id, bool Reported);

    /// <summary>The populations, in partial order: random per genome, then per view, genome and family pair type. The
    /// study's metadata genome (long strings, rendered per pair: ~3× a card pair's cost) has its Levenshtein
    /// populations on the fine-tune view only, where its design configurations read them.</summary>
    public static IReadOnlyList<Design> Populations(SimilarityOptions o)
    {
        var list = new List<Design>();
        foreach (Genome g in SimilarityNames.Genomes) list.Add(new(g, PairType.Random, GraphView.All, KeyedRandom.DesignId(g, PairType.Random, GraphView.All), true));
        foreach (GraphView v in GraphViews.All)
        {
            bool reported = o.ViewList.Contains(v);
            foreach (Genome g in SimilarityNames.Genomes)
                if (v == GraphView.Finetune ? reported || g.IsText() : reported && g != Genome.Metadata)
                    foreach (PairType t in FamilyPairs) list.Add(new(g, t, v, KeyedRandom.DesignId(g, t, v), reported));
        }
        return list;
    }

    /// <summary>The exact-mode samples of design configurations, in partial order: per text genome, every non-edge,
    /// non-random configuration whose distribution is not its shape's uniform population (trio_1 cfg 2 and trio_2
    /// cfg 1 are: they read that population's values). Used only where the shape has too many pairs to enumerate.</summary>
    public static IReadOnlyList<(Genome Genome, DesignConfig Config)> DesignSamples()
    {
        var list = new List<(Genome, DesignConfig)>();
        foreach (Genome g in SimilarityNames.TextGenomes)
            foreach (DesignConfig c in DesignConfig.All)
                if (c.Shape is not (PairShape.Edge or PairShape.Random) && !IsUniform(c)) list.Add((g, c));
        return list;
    }

    /// <summary>Whether every pair of the configuration's shape weighs the same (its exact distribution is the uniform
    /// population of the shape).</summary>
    public static bool IsUniform(DesignConfig c) =>
        c.Shape == PairShape.Random || (c.Design, c.Config) is (StudyDesign.Trio1, 2) or (StudyDesign.Trio2, 1);

    /// <summary>The study-mode draw sets (<c>--sampled</c>): every configuration × TF-IDF, BoW, Levenshtein.</summary>
    public static IReadOnlyList<(DesignConfig Config, SimilarityMeasure Measure)> StudyDrawSets(SimilarityOptions o)
    {
        var list = new List<(DesignConfig, SimilarityMeasure)>();
        if (!o.Sampled) return list;
        foreach (DesignConfig c in DesignConfig.All)
            foreach (SimilarityMeasure m in StudySampler.Measures) list.Add((c, m));
        return list;
    }

    /// <summary>Draws of a population of <paramref name="g"/> too large to enumerate: <see cref="SimilarityOptions.SampleSize"/>,
    /// but <see cref="SimilarityOptions.DesignSampleSize"/> for the study's metadata genome, whose pairs cost about four
    /// times a metadata-clean pair (longer strings, rendered per pair).</summary>
    public static int SampleSizeOf(Genome g, SimilarityOptions o) => g == Genome.Metadata ? Math.Min(o.SampleSize, o.DesignSampleSize) : o.SampleSize;

    /// <summary>The pair type of the populations a shape's configurations are read from.</summary>
    public static PairType PairOf(PairShape shape) => shape switch
    {
        PairShape.Random => PairType.Random,
        PairShape.Siblings => PairType.Siblings,
        PairShape.TwoPath => PairType.GrandparentGrandchild,
        PairShape.AuntNiece => PairType.AuntNiece,
        PairShape.ThreePath => PairType.ThreeGenerations,
        _ => PairType.ParentChild,
    };

    public static SimilaritySection Run(ModelTable table, FamilyGraph graph, SimilarityOptions options)
    {
        var scope = ShardScope.Whole(table, graph);
        return SimilarityReport.Finish(table, graph, options, Compute(table, graph, scope, null, options));
    }

    /// <summary>The models a shard featurizes, hence the only ones whose card text it reads: those it owns plus the
    /// partners of its random pairs (population and study draws of every genome); null for the whole table. When a
    /// family is cut into pieces (<see cref="ShardScope.SplitsFamilies"/>), also the relatives its owned models read from
    /// other pieces: parents, children and grandchildren (exact pair and design sums, edges) and the partners of its
    /// family draws (populations, design samples, study draws of every design).
    /// <paramref name="presence"/> is per genome (<see cref="GenomeFeatures.Presence(ModelTable, TraitGenome, Genome)"/>).</summary>
    public static bool[]? NeededModels(ShardScope scope, SimilarityOptions options, bool[][] presence, DesignWeights finetune)
    {
        if (scope.IsWhole) return null;
        // The loader (which cards to read) and Compute ask for the same scope: enumerate the draws once.
        string key = NeededKey(options);
        lock (NeededCache)
        {
            if (NeededCache.TryGetValue(scope, out var hit) && hit.Item1 == key) return (bool[])hit.Item2.Clone();
        }
        bool[] needed = MarkNeeded(scope, options, presence, finetune);
        lock (NeededCache) NeededCache.AddOrUpdate(scope, Tuple.Create(key, needed));
        return (bool[])needed.Clone();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ShardScope, Tuple<string, bool[]>> NeededCache = new();

    private static string NeededKey(SimilarityOptions options) =>
        $"{options.Seed};{options.SampleSize};{options.DesignSampleSize};{options.StudyDraws};{options.ExactLevenshtein};" +
        $"{options.Sampled};{string.Join(',', options.ViewList)}";

    /// <summary>Hands in <see cref="NeededModels(ShardScope, SimilarityOptions, bool[][], DesignWeights)"/> of
    /// <paramref name="scope"/> computed by another process (a sharded run's prepare step), so this one does not
    /// enumerate the draws again; the caller vouches that the table, graph and options are the same.</summary>
    public static void UseNeeded(ShardScope scope, SimilarityOptions options, bool[] needed)
    {
        lock (NeededCache) NeededCache.AddOrUpdate(scope, Tuple.Create(NeededKey(options), (bool[])needed.Clone()));
    }

    private static bool[] MarkNeeded(ShardScope scope, SimilarityOptions options, bool[][] presence, DesignWeights finetune)
    {
        var needed = new bool[presence[0].Length];
        for (int m = 0; m < needed.Length; m++) needed[m] = scope.OwnsModel(m);
        var marker = new PairSampler(null!, options.Seed, options.Parallelism);
        foreach (Genome g in SimilarityNames.Genomes)
            marker.MarkPartners(PairPopulation.Random(presence[(int)g]), KeyedRandom.DesignId(g, PairType.Random, GraphView.All),
                SampleSizeOf(g, options), options.ExactLevenshtein, scope.OwnsModel, needed);
        if (options.Sampled) StudySampler.MarkPartners(new StudyDraw(StudyDesign.Rando, finetune), options.StudyDraws, options.Seed, scope.OwnsModel, needed);
        if (scope.SplitsFamilies) MarkRelatives(scope, options, presence, finetune, marker, needed);
        return needed;
    }

    /// <summary>Relatives of owned models in other pieces of a split family (see
    /// <see cref="NeededModels(ShardScope, SimilarityOptions, bool[][], DesignWeights)"/>). Only models of pieces need
    /// this: a bucket holds whole families, and every family pair and family draw lies inside one family.</summary>
    private static void MarkRelatives(ShardScope scope, SimilarityOptions options, bool[][] presence, DesignWeights finetune,
        PairSampler marker, bool[] needed)
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
        Func<int, bool> ownsSplit = x => scope.OwnsModel(x) && scope.Units.UnitOfModel[x] >= WorkUnits.Buckets;
        var viewGraphs = new ViewGraph?[GraphViews.All.Length];
        viewGraphs[(int)GraphView.Finetune] = finetune.View;
        ViewGraph ViewOf(GraphView v) => viewGraphs[(int)v] ??= ViewGraph.Build(graph, v);
        // Family populations of every view (the fine-tune one too: the design configurations read it), as Compute draws them.
        var enumerated = new Dictionary<(Genome, PairType), bool>();
        PairArena? arena = new();
        ChildLists? children = new(arena);
        foreach (Design d in Populations(options))
        {
            if (d.Pair == PairType.Random) continue;
            var pop = PairPopulation.Build(d.Pair, children!.Of(ViewOf(d.View), presence[(int)d.Genome]), arena);
            if (d.Genome.IsText() && d.View == GraphView.Finetune)
                enumerated[(d.Genome, d.Pair)] = PairSampler.Enumerates(pop, SampleSizeOf(d.Genome, options), options.ExactLevenshtein);
            marker.MarkPartners(pop, d.Id, SampleSizeOf(d.Genome, options), options.ExactLevenshtein, ownsSplit, needed);
        }
        children = null;
        // Exact-mode samples of the design configurations whose population is not enumerated.
        ValidLists? valid = new(finetune.View);
        foreach ((Genome g, DesignConfig c) in DesignSamples())
        {
            if (enumerated[(g, PairOf(c.Shape))]) continue;
            marker.MarkPartners(DesignSampler.Build(c, finetune, valid!.Of(presence[(int)g]), presence[(int)g], arena), KeyedRandom.DesignSampleId(g, c),
                options.DesignSampleSize, ownsSplit, needed);
        }
        valid = null;
        arena = null;
        // Study draws of every design but rando (marked above for every owned model).
        if (!options.Sampled) return;
        var designs = new LastStudyDraw(finetune);
        foreach (DesignConfig c in DesignConfig.All)
            if (c.Design != StudyDesign.Rando) StudySampler.MarkPartners(designs.Of(c.Design), c, options.StudyDraws, options.Seed, ownsSplit, needed);
    }

    /// <summary><see cref="NeededModels(ShardScope, SimilarityOptions, bool[][], DesignWeights)"/> computed from the table.</summary>
    public static bool[]? NeededModels(ModelTable table, ShardScope scope, SimilarityOptions options)
    {
        if (scope.IsWhole) return null;
        var traits = TraitGenome.Build(table);
        var finetune = new DesignWeights(ViewGraph.Build(scope.Graph, GraphView.Finetune));
        return NeededModels(scope, options, Array.ConvertAll(SimilarityNames.Genomes, g => GenomeFeatures.Presence(table, traits, g)), finetune);
    }

    /// <summary>One shard's partial: only the families <paramref name="scope"/> owns are featurized and measured.</summary>
    /// <param name="vocab">The prepared vocabularies of a sharded run; null fits them here, over every model.</param>
    /// <remarks>The features (rows, rendered texts, scorer inputs) are unreachable when this returns; when they were large
    /// (<see cref="FeatureMemory"/>) the heap is collected and decommitted before returning, so the stages after this one
    /// (report, tables, figures) do not run on top of memory that holds nothing.</remarks>
    public static SimilarityShardPartial Compute(ModelTable table, FamilyGraph graph, ShardScope scope, PreparedVocabularies? vocab, SimilarityOptions options)
    {
        SimilarityShardPartial partial = Compute(table, graph, scope, vocab, options, out long featureBytes);
        if (FeatureMemory.Release(featureBytes)) StageParts.Mark("release features");
        return partial;
    }

    // Not inlined: the features must be out of every live frame when the caller collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static SimilarityShardPartial Compute(ModelTable table, FamilyGraph graph, ShardScope scope, PreparedVocabularies? vocab, SimilarityOptions options,
        out long featureBytes)
    {
        int threads = options.Parallelism;
        FamilyBlocks blocks = FamilyBlocks.ByUnit(graph, scope.Units);
        int[] ownBlocks = [.. Enumerable.Range(0, blocks.Count).Where(scope.OwnsUnit)];
        var populations = Populations(options);
        var samples = DesignSamples();
        var study = StudyDrawSets(options);
        // Steps: one per block, population, sample and study draw set, one for the edge measures; featurizing
        // (vocabulary fits included, most of the stage at full scale) counts as many steps as all the rest together.
        long featureSteps = ownBlocks.Length + populations.Count + samples.Count + study.Count + 1;
        var progress = new ProgressCounter(2 * featureSteps, options.Progress);
        if (vocab is null && !scope.IsWhole) vocab = PreparedVocabularies.Fit(table, graph, threads);
        var traits = TraitGenome.Build(table);
        var presence = Array.ConvertAll(SimilarityNames.Genomes, g => GenomeFeatures.Presence(table, traits, g));
        var viewGraphs = new ViewGraph?[GraphViews.All.Length];
        ViewGraph ViewOf(GraphView v) => viewGraphs[(int)v] ??= ViewGraph.Build(graph, v);
        ViewGraph[] reported = [.. options.ViewList.Select(ViewOf)];
        var finetune = new DesignWeights(ViewOf(GraphView.Finetune));
        Func<int, bool>? owns = scope.IsWhole ? null : scope.OwnsModel;
        bool[]? needed = NeededModels(scope, options, presence, finetune);
        StageParts.Mark("setup");
        GenomeFeatures features = GenomeFeatures.Build(table, threads, vocab, needed, traits, options.Ties);
        featureBytes = features.RowBytes;
        progress.Step(featureSteps);
        Func<int, bool>? ownsEdge = owns is null ? null : e => owns(graph.EdgeChild[e]);
        // The shard reports the edges whose child it owns; its exact parent–child sums (per parent) also read the edges
        // from its parents to children in another piece of a split family.
        Func<int, bool>? measured = owns is null ? null : e => owns(graph.EdgeChild[e]) || owns(graph.EdgeParent[e]);
        long allocated = FeatureMemory.AllocatedMark;
        EdgeSimilarities edges = EdgeSimilarities.Compute(features, graph, threads, measured);
        progress.Step();
        StageParts.Mark("edges");
        SimilarityPartial exact = ExactBlocks.Compute(features, reported, finetune, edges, blocks, ownBlocks, threads, progress);
        (int[] ownEdges, double[] values) = OwnEdgeValues(graph, edges, ownsEdge);
        StageParts.Mark("exact blocks");
        // The stage's caches go as soon as their last reader is done (explicitly: this method runs once, unoptimized, and
        // its locals would otherwise stay reachable to its end): edge values of every measured edge, the blocks, the
        // reported views' graphs (each view's after its last population; the fine-tune one stays with the design
        // weights). At full scale ~100 MB of large objects live through the pair phase otherwise (more in a shard:
        // the edge values of its neighbours' edges).
        edges = null!;
        blocks = null!;
        reported = null!;
        var lastOfView = new int[GraphViews.All.Length];
        for (int i = 0; i < populations.Count; i++) lastOfView[(int)populations[i].View] = i;

        var sampler = new PairSampler(features, options.Seed, threads);
        var sums = new PopulationSums[populations.Count];
        var enumerated = new Dictionary<(Genome, PairType), bool>();
        PairArena? arena = new();
        ChildLists? children = new(arena);
        for (int i = 0; i < sums.Length; i++)
        {
            Design d = populations[i];
            var pop = d.Pair == PairType.Random ? PairPopulation.Random(presence[(int)d.Genome], arena)
                : PairPopulation.Build(d.Pair, children!.Of(ViewOf(d.View), presence[(int)d.Genome]), arena);
            PairSampler.DesignReader? reader = null;
            if (d.Genome.IsText() && (d.Pair == PairType.Random || d.View == GraphView.Finetune))
            {
                reader = new PairSampler.DesignReader(finetune, Array.FindAll(DesignConfig.All, c => c.Shape != PairShape.Edge && PairOf(c.Shape) == d.Pair));
                enumerated[(d.Genome, d.Pair)] = PairSampler.Enumerates(pop, SampleSizeOf(d.Genome, options), options.ExactLevenshtein);
            }
            sums[i] = sampler.Population(d.Genome, pop, d.Id, SampleSizeOf(d.Genome, options), options.ExactLevenshtein, owns, reader);
            if (i == lastOfView[(int)d.View] && d.View != GraphView.Finetune) viewGraphs[(int)d.View] = null;
            StageParts.Mark($"populations: {d.Genome.Name()}");
            if (FeatureMemory.SettleAfter(ref allocated, table.Count)) StageParts.Mark(PairCollections);
            progress.Step();
        }
        children = null;

        var sampled = new PopulationSums[samples.Count];
        ValidLists? valid = new(finetune.View);
        for (int i = 0; i < sampled.Length; i++)
        {
            (Genome g, DesignConfig c) = samples[i];
            if (enumerated[(g, PairOf(c.Shape))]) sampled[i] = Empty(g);
            else
            {
                var designSampler = DesignSampler.Build(c, finetune, valid!.Of(presence[(int)g]), presence[(int)g], arena);
                sampled[i] = sampler.DesignSample(g, designSampler, KeyedRandom.DesignSampleId(g, c), options.DesignSampleSize, owns);
            }
            StageParts.Mark($"design samples: {g.Name()}");
            if (FeatureMemory.SettleAfter(ref allocated, table.Count)) StageParts.Mark(PairCollections);
            progress.Step();
        }
        valid = null;
        arena = null;

        var draws = new StudyDraws[study.Count];
        var designs = new LastStudyDraw(finetune);
        var studySampler = new StudySampler(features, options.Seed, threads);
        for (int i = 0; i < draws.Length; i++)
        {
            (DesignConfig c, SimilarityMeasure m) = study[i];
            draws[i] = studySampler.Evaluate(designs.Of(c.Design), c, m, options.StudyDraws, owns);
            StageParts.Mark($"study draws: {m.Name()}");
            if (FeatureMemory.SettleAfter(ref allocated, table.Count)) StageParts.Mark(PairCollections);
            progress.Step();
        }
        progress.Complete();
        return new SimilarityShardPartial(exact, ownEdges, values, sums, sampled, draws);
    }

    // The pair phase's collections (FeatureMemory.SettleAfter), one part in run.json.
    private const string PairCollections = "pairs: collections";

    /// <summary>The edges this shard reports (ids ascending) and their <see cref="MeasureSlot.Count"/> values each.</summary>
    private static (int[] Edges, double[] Values) OwnEdgeValues(FamilyGraph graph, EdgeSimilarities edges, Func<int, bool>? ownsEdge)
    {
        var own = new List<int>();
        for (int e = 0; e < graph.EdgeCount; e++) if (ownsEdge is null || ownsEdge(e)) own.Add(e);
        var values = new double[own.Count * MeasureSlot.Count];
        for (int k = 0; k < own.Count; k++)
            for (int sl = 0; sl < MeasureSlot.Count; sl++) values[k * MeasureSlot.Count + sl] = edges.Values[sl][own[k]];
        return ([.. own], values);
    }

    /// <summary>The valid-children lists of the last (view, presence) asked for: the populations come grouped by view
    /// and genome, and genomes every model has (both metadata genomes) share one list per view. Only the last list is
    /// kept, in the arena's arrays: the one before is garbage once its populations are done.</summary>
    private sealed class ChildLists(PairArena arena)
    {
        private PairPopulation.ValidChildren? _last;

        public PairPopulation.ValidChildren Of(ViewGraph view, bool[] present)
        {
            if (_last is { } l && l.View == view && SamePresence(l.Present, present)) return _last;
            _last = null; // its arrays are about to be rewritten
            return _last = new PairPopulation.ValidChildren(view, present, arena);
        }
    }

    /// <summary>The design samplers' valid lists (fine-tune view) of the last presence asked for: samples come grouped by
    /// genome, and the two metadata genomes (every model has them) share one. One genome's lists at a time, not three
    /// kept to the end of the stage.</summary>
    private sealed class ValidLists(ViewGraph view)
    {
        private (bool[] Present, DesignSampler.ValidLists Lists)? _last;

        public DesignSampler.ValidLists Of(bool[] present)
        {
            if (_last is { } l && SamePresence(l.Present, present)) return l.Lists;
            _last = null;
            var lists = new DesignSampler.ValidLists(view, present);
            _last = (present, lists);
            return lists;
        }
    }

    /// <summary>The study draw of the last design asked for: draw sets come grouped by design (configurations in the
    /// study's order), so one design's cumulative weights at a time, not eight kept to the end of the stage.</summary>
    private sealed class LastStudyDraw(DesignWeights finetune)
    {
        private StudyDraw? _last;
        private StudyDesign _design;

        public StudyDraw Of(StudyDesign design)
        {
            if (_last is not null && _design == design) return _last;
            _last = null;
            (_last, _design) = (new StudyDraw(design, finetune), design);
            return _last;
        }
    }

    private static bool SamePresence(bool[] a, bool[] b) => a == b || a.AsSpan().SequenceEqual(b);

    private static PopulationSums Empty(Genome g)
    {
        int slots = MeasureSlot.Of(g).Count;
        return new PopulationSums(false, 0, new FixedSum[slots], new FixedSum[slots]);
    }
}
