using Phylo.Graph;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The exact part of a shard's similarity partial: per family block, the cosine identities of every pooled pair type
/// in every reported view (<see cref="CosinePairSums"/>), those of the study's non-edge design configurations on the
/// fine-tune view (<see cref="DesignCosineSums"/>), the random-pair column sums, and the parent–child sums of every
/// measure from the edge values. Blocks run in parallel; their partials merge in list order (integer addition).
/// </summary>
public static class ExactBlocks
{
    /// <summary>Exact partial of blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>) (tests, benchmarks);
    /// the design sums are taken on <paramref name="views"/>' fine-tune view when it is one of them.</summary>
    public static SimilarityPartial Compute(GenomeFeatures features, ViewGraph[] views, EdgeSimilarities edges,
        FamilyBlocks blocks, int firstBlock, int endBlock, int threads)
    {
        ViewGraph? finetune = Array.Find(views, v => v.View == GraphView.Finetune);
        return Compute(features, views, finetune is null ? null : new DesignWeights(finetune), edges, blocks,
            [.. Enumerable.Range(firstBlock, endBlock - firstBlock)], threads, null);
    }

    internal static SimilarityPartial Compute(GenomeFeatures features, ViewGraph[] views, DesignWeights? designs, EdgeSimilarities edges,
        FamilyBlocks blocks, int[] blockList, int threads, Phylo.ProgressCounter? progress)
    {
        int[] columns = Array.ConvertAll(MeasureSlot.All, s => s.IsVector ? features.Vectors(s.Genome).Columns : 0);
        var kernels = new CosinePairSums?[MeasureSlot.Count];
        var designKernels = new DesignCosineSums?[MeasureSlot.Count];
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            if (!MeasureSlot.All[s].IsVector) continue;
            kernels[s] = new CosinePairSums(features.Vectors(MeasureSlot.All[s].Genome), MeasureSlot.All[s].Measure);
            if (designs is not null) designKernels[s] = new DesignCosineSums(kernels[s]!, designs);
        }
        int width = Math.Max(1, columns.Max());
        var partials = new SimilarityPartial[blockList.Length];
        // Parallel.For starts a replica (and its localInit) per task it schedules, far more than the workers; a scratch
        // holds an int per model (7 MB at full scale), so replicas take theirs from a pool of at most one per worker.
        var idle = new System.Collections.Concurrent.ConcurrentBag<(CosinePairSums.Scratch Pairs, DesignCosineSums.Scratch Designs)>();
        Parallel.For(0, blockList.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => idle.TryTake(out var s) ? s : (Pairs: new CosinePairSums.Scratch(width, features.ModelCount), Designs: new DesignCosineSums.Scratch(width)),
            (i, _, scratch) =>
            {
                partials[i] = ComputeBlock(blocks[blockList[i]], views, edges, kernels, designKernels, columns, scratch.Pairs, scratch.Designs);
                progress?.Step();
                return scratch;
            }, idle.Add);
        var total = new SimilarityPartial(columns);
        foreach (SimilarityPartial p in partials) total = SimilarityPartial.Merge(total, p);
        return total;
    }

    private static SimilarityPartial ComputeBlock(ReadOnlySpan<int> models, ViewGraph[] views, EdgeSimilarities edges,
        CosinePairSums?[] kernels, DesignCosineSums?[] designKernels, int[] columns, CosinePairSums.Scratch scratch, DesignCosineSums.Scratch designScratch)
    {
        var partial = new SimilarityPartial(columns);
        Span<double> sums = stackalloc double[PairTypes.Count];
        Span<long> counts = stackalloc long[PairTypes.Count];
        Span<double> designSums = stackalloc double[DesignConfig.Count], designWeights = stackalloc double[DesignConfig.Count];
        Span<long> designCounts = stackalloc long[DesignConfig.Count];
        Span<double> otherSums = stackalloc double[PairTypes.Count];
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            CosinePairSums? kernel = kernels[s];
            if (kernel is null) continue;
            int pair = PairedSlot(s);
            if (pair > s)
                foreach (ViewGraph view in views)
                {
                    sums.Clear();
                    otherSums.Clear();
                    counts.Clear();
                    CosinePairSums.Accumulate(view, models, scratch, kernel, sums, kernels[pair]!, otherSums, counts);
                    foreach (PairType t in SimilarityAnalysis.FamilyPairs)
                    {
                        partial.Add(s, view.View, t, sums[(int)t], counts[(int)t]);
                        partial.Add(pair, view.View, t, otherSums[(int)t], counts[(int)t]);
                    }
                }
            else if (pair == s) throw new InvalidOperationException($"vector slot {s} has no second measure of its genome");
            if (designKernels[s] is { } design)
            {
                designSums.Clear();
                designWeights.Clear();
                designCounts.Clear();
                design.Accumulate(models, designScratch, designSums, designWeights, designCounts);
                partial.AddDesigns(s, designSums, designWeights, designCounts);
            }
        }
        for (int s = 0; s < MeasureSlot.Count; s++)
        {
            if (kernels[s] is not { } kernel) continue;
            int pair = PairedSlot(s);
            if (pair < s) continue; // done with its first slot
            var dense = new double[columns[s]];
            if (pair == s) SetRandom(partial, s, dense, kernel.AccumulateRandom(models, dense));
            else
            {
                var other = new double[columns[pair]];
                var (a, b) = CosinePairSums.AccumulateRandom(models, kernel, dense, kernels[pair]!, other);
                SetRandom(partial, s, dense, a);
                SetRandom(partial, pair, other, b);
            }
        }
        EdgeSums(models, views, edges, partial);
        return partial;
    }

    /// <summary>The other vector slot of slot <paramref name="s"/>'s genome (TF-IDF and BoW share their rows), or
    /// <paramref name="s"/> itself.</summary>
    private static int PairedSlot(int s)
    {
        for (int t = 0; t < MeasureSlot.Count; t++)
            if (t != s && MeasureSlot.All[t].IsVector && MeasureSlot.All[t].Genome == MeasureSlot.All[s].Genome) return t;
        return s;
    }

    private static void SetRandom(SimilarityPartial partial, int s, double[] dense, (double Self, long Count) sums)
    {
        for (int c = 0; c < dense.Length; c++) partial.RandomColumns[s][c] = FixedSum.Of(dense[c]);
        partial.RandomSelf[s] = FixedSum.Of(sums.Self);
        partial.RandomCount[s] = sums.Count;
    }

    /// <summary>Parent–child sums of every measured slot and view from the edge values.</summary>
    private static void EdgeSums(ReadOnlySpan<int> models, ViewGraph[] views, EdgeSimilarities edges, SimilarityPartial partial)
    {
        foreach (ViewGraph view in views)
            for (int s = 0; s < MeasureSlot.Count; s++)
            {
                if (!EdgeSimilarities.Measured(MeasureSlot.All[s], view.View)) continue;
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
    }
}
