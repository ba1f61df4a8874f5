using Phylo.Store;

namespace Phylo.Similarity;

/// <summary>
/// Everything one shard contributes to the similarity section: the exact cosine partial of its family blocks, the
/// measures of its edges (edge ids ascending, <see cref="MeasureSlot.Count"/> values each), the fixed-point sums of
/// every population (in <see cref="SimilarityAnalysis.Populations"/> order), the exact-mode samples of design
/// configurations (<see cref="SimilarityAnalysis.DesignSamples"/> order) and the study draws it evaluated (in
/// <see cref="SimilarityAnalysis.StudyDrawSets"/> order). Merge: integer addition and unions keyed by edge id or
/// draw number, so any split merges to the same bytes.
/// </summary>
public sealed record SimilarityShardPartial(SimilarityPartial Exact, int[] Edges, double[] EdgeValues, PopulationSums[] Populations,
    PopulationSums[] DesignSamples, StudyDraws[] Study)
{
    public static SimilarityShardPartial Merge(SimilarityShardPartial a, SimilarityShardPartial b)
    {
        if (a.Populations.Length != b.Populations.Length || a.DesignSamples.Length != b.DesignSamples.Length || a.Study.Length != b.Study.Length)
            throw new InvalidDataException("similarity partials of different designs");
        var (edges, values) = MergeEdges(a, b);
        return new SimilarityShardPartial(
            SimilarityPartial.Merge(a.Exact, b.Exact), edges, values,
            [.. a.Populations.Zip(b.Populations, PopulationSums.Merge)],
            [.. a.DesignSamples.Zip(b.DesignSamples, PopulationSums.Merge)],
            [.. a.Study.Zip(b.Study, StudyDraws.Merge)]);
    }

    private static (int[], double[]) MergeEdges(SimilarityShardPartial a, SimilarityShardPartial b)
    {
        const int w = MeasureSlot.Count;
        var edges = new int[a.Edges.Length + b.Edges.Length];
        var values = new double[edges.Length * w];
        int i = 0, j = 0, k = 0;
        while (i < a.Edges.Length || j < b.Edges.Length)
        {
            bool left = j == b.Edges.Length || (i < a.Edges.Length && a.Edges[i] < b.Edges[j]);
            if (i < a.Edges.Length && j < b.Edges.Length && a.Edges[i] == b.Edges[j]) throw new InvalidDataException($"edge {a.Edges[i]} measured by two shards");
            (int[] src, double[] vals, int at) = left ? (a.Edges, a.EdgeValues, i++) : (b.Edges, b.EdgeValues, j++);
            edges[k] = src[at];
            vals.AsSpan(at * w, w).CopyTo(values.AsSpan(k * w));
            k++;
        }
        return (edges, values);
    }

    public void Write(PartWriter w)
    {
        w.Array(Exact.Sums);
        w.Array(Exact.Counts);
        w.Int(Exact.RandomColumns.Length);
        foreach (FixedSum[] c in Exact.RandomColumns) w.Array(c);
        w.Array(Exact.RandomSelf);
        w.Array(Exact.RandomCount);
        w.Array(Exact.DesignSums);
        w.Array(Exact.DesignWeights);
        w.Array(Exact.DesignCounts);
        w.Array(Edges);
        w.Array(EdgeValues);
        foreach (PopulationSums[] list in (PopulationSums[][])[Populations, DesignSamples])
        {
            w.Int(list.Length);
            foreach (PopulationSums p in list)
            {
                w.Bool(p.Exhaustive);
                w.Int(p.N);
                w.Array(p.Sum);
                w.Array(p.SumOfSquares);
                w.Array(p.Designs.Sum);
                w.Array(p.Designs.Weight);
                w.Array(p.Designs.Count);
            }
        }
        w.Int(Study.Length);
        foreach (StudyDraws s in Study)
        {
            w.Int(s.Slots);
            w.Array(s.Draws);
            w.Array(s.Values);
        }
    }

    public static SimilarityShardPartial Read(PartReader r)
    {
        FixedSum[] sums = r.Array<FixedSum>();
        long[] counts = r.Array<long>();
        var columns = new FixedSum[r.Int32()][];
        for (int s = 0; s < columns.Length; s++) columns[s] = r.Array<FixedSum>();
        var exact = new SimilarityPartial(Array.ConvertAll(columns, c => c.Length));
        Copy(sums, exact.Sums);
        Copy(counts, exact.Counts);
        if (columns.Length != exact.RandomColumns.Length) throw new InvalidDataException("wrong number of measure slots");
        for (int s = 0; s < columns.Length; s++) Copy(columns[s], exact.RandomColumns[s]);
        Copy(r.Array<FixedSum>(), exact.RandomSelf);
        Copy(r.Array<long>(), exact.RandomCount);
        Copy(r.Array<FixedSum>(), exact.DesignSums);
        Copy(r.Array<FixedSum>(), exact.DesignWeights);
        Copy(r.Array<long>(), exact.DesignCounts);
        int[] edges = r.Array<int>();
        double[] values = r.Array<double>();
        if (values.Length != edges.Length * MeasureSlot.Count) throw new InvalidDataException("edge values do not match the edges");
        PopulationSums[] pops = ReadSums(r), samples = ReadSums(r);
        var study = new StudyDraws[r.Int32()];
        for (int i = 0; i < study.Length; i++) study[i] = new StudyDraws(r.Int32(), r.Array<int>(), r.Array<double>());
        return new SimilarityShardPartial(exact, edges, values, pops, samples, study);
    }

    private static PopulationSums[] ReadSums(PartReader r)
    {
        var list = new PopulationSums[r.Int32()];
        for (int i = 0; i < list.Length; i++)
            list[i] = new PopulationSums(r.Bool(), r.Int(), r.Array<FixedSum>(), r.Array<FixedSum>())
            {
                Designs = new DesignSums(r.Array<FixedSum>(), r.Array<FixedSum>(), r.Array<long>()),
            };
        return list;
    }

    private static void Copy<T>(T[] from, T[] into)
    {
        if (from.Length != into.Length) throw new InvalidDataException($"{from.Length} values where {into.Length} were expected");
        from.CopyTo(into, 0);
    }
}
