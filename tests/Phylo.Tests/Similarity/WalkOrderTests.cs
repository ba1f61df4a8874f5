using Phylo.Analyses.Similarity;
using Phylo.Graph;
using Phylo.Kernels;

namespace Phylo.Tests.Similarity;

/// <summary>The family walks take their adds from a <see cref="WalkOrder"/> list (to prefetch the rows further down it)
/// and keep their chains in locals: every family and three-generation sum must still be the bits of a plain walk of the
/// graph that adds each row straight from its values, in the formulas' order, for blocks that cut families (relatives
/// outside the block) as well as whole ones.</summary>
public class WalkOrderTests
{
    [Fact]
    public void Family_walk_sums_are_the_bits_of_a_plain_walk_of_the_graph()
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 17);
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        int[] familyMajor = FamilyBlocks.Build(g, 100).Models;
        long pairs = 0;
        foreach (Genome genome in new[] { Genome.Card, Genome.Metadata, Genome.MetadataClean })
        {
            VectorGenome rows = f.Vectors(genome);
            var tfidf = new CosinePairSums(rows, SimilarityMeasure.TfIdf);
            var bow = new CosinePairSums(rows, SimilarityMeasure.Bow);
            var scratch = new CosinePairSums.Scratch(rows.Columns, t.Count);
            foreach (GraphView v in GraphViews.All)
            {
                ViewGraph view = ViewGraph.Build(g, v);
                foreach (int stride in new[] { 37, 500, familyMajor.Length })
                    for (int start = 0; start < familyMajor.Length; start += stride)
                    {
                        ReadOnlySpan<int> block = familyMajor.AsSpan(start, Math.Min(stride, familyMajor.Length - start));
                        double[] a = new double[PairTypes.Count], b = new double[PairTypes.Count];
                        long[] counts = new long[PairTypes.Count];
                        CosinePairSums.Accumulate(view, block, scratch, tfidf, a, bow, b, counts);
                        Assert.Equal(PlainWalk(view, block, rows, SimilarityMeasure.TfIdf), a);
                        Assert.Equal(PlainWalk(view, block, rows, SimilarityMeasure.Bow), b);
                        pairs += counts.Sum();
                    }
            }
        }
        Assert.True(pairs > 10_000, $"only {pairs} pairs");
    }

    [Fact]
    public void Order_lists_name_every_add_of_the_walks()
    {
        var (_, g) = SimilarityFixtures.Planted(12_000, 17);
        ViewGraph view = ViewGraph.Build(g, GraphView.All);
        int[] models = FamilyBlocks.Build(g, 100).Models;
        var order = new WalkOrder();
        var family = new List<int>();
        var three = new List<int>();
        foreach (int m in models)
        {
            if (view.ChildrenOf(m).IsEmpty) continue;
            foreach (int c in view.ChildrenOf(m)) family.Add(c);
            foreach (int c in view.ChildrenOf(m)) foreach (int d in view.ChildrenOf(c)) family.Add(d);
        }
        foreach (int m in models)
            if (!view.ParentsOf(m).IsEmpty)
                foreach (int c in view.ChildrenOf(m)) foreach (int d in view.ChildrenOf(c)) three.Add(d);
        Assert.True(family.Count > 4096 && three.Count > 0, $"{family.Count} family adds, {three.Count} grandchildren"); // past the first size
        Assert.Equal(family, order.Family(view, models).ToArray());
        Assert.Equal(three, order.ThreeGenerations(view, models).ToArray());
        Assert.Equal(family, order.Family(view, models).ToArray()); // reused buffer
        Assert.Empty(order.Family(view, []).ToArray());
    }

    // The sums of CosinePairSums' formulas for one measure, walking the graph directly; each row's unit values made here.
    private static double[] PlainWalk(ViewGraph view, ReadOnlySpan<int> models, VectorGenome rows, SimilarityMeasure measure)
    {
        var sums = new double[PairTypes.Count];
        var c = new double[rows.Columns];
        var t = new double[rows.Columns];
        var u = new double[rows.Columns];
        foreach (int g in models)
        {
            ReadOnlySpan<int> kids = view.ChildrenOf(g);
            if (kids.IsEmpty) continue;
            Array.Clear(c);
            double self = 0;
            foreach (int k in kids) Add(rows, measure, c, k, ref self);
            sums[(int)PairType.Siblings] += (DenseCosine.SumOfSquares(c) - self) / 2;
            foreach (int p in kids)
            {
                if (view.ChildrenOf(p).IsEmpty) continue;
                Array.Clear(t);
                long m = 0;
                double selfSum = 0;
                foreach (int n in view.ChildrenOf(p))
                {
                    double sq = 0;
                    if (!Add(rows, measure, t, n, ref sq)) continue;
                    m++;
                    if (kids.Contains(n)) selfSum += sq;
                }
                if (m == 0) continue;
                if (rows.RowOf[g] >= 0) sums[(int)PairType.GrandparentGrandchild] += Dot(rows, measure, g, t);
                sums[(int)PairType.AuntNiece] += DenseCosine.Dot(c, t) - Dot(rows, measure, p, t) - selfSum;
            }
        }
        foreach (int b in models)
        {
            if (view.ParentsOf(b).IsEmpty) continue;
            bool any = false;
            double ignored = 0;
            foreach (int ch in view.ChildrenOf(b))
                foreach (int d in view.ChildrenOf(ch))
                {
                    if (rows.RowOf[d] < 0) continue;
                    if (!any) { Array.Clear(u); any = true; }
                    Add(rows, measure, u, d, ref ignored);
                }
            if (!any) continue;
            foreach (int a in view.ParentsOf(b))
                if (rows.RowOf[a] >= 0) sums[(int)PairType.ThreeGenerations] += Dot(rows, measure, a, u);
        }
        return sums;
    }

    private static bool Add(VectorGenome rows, SimilarityMeasure measure, double[] dense, int model, ref double self)
    {
        int r = rows.RowOf[model];
        if (r < 0) return false;
        var vals = new float[rows.Columns];
        rows.Values(measure, r, vals);
        double inv = rows.InverseNorm(measure)[r];
        ReadOnlySpan<ushort> cols = rows.ColsOf(r);
        for (int k = 0; k < cols.Length; k++)
        {
            double x = vals[k] * inv;
            dense[cols[k]] += x;
            self += x * x;
        }
        return true;
    }

    private static double Dot(VectorGenome rows, SimilarityMeasure measure, int model, double[] dense)
    {
        int r = rows.RowOf[model];
        if (r < 0) return 0;
        var vals = new float[rows.Columns];
        rows.Values(measure, r, vals);
        ReadOnlySpan<ushort> cols = rows.ColsOf(r);
        double s = 0;
        for (int k = 0; k < cols.Length; k++) s += vals[k] * dense[cols[k]];
        return s * rows.InverseNorm(measure)[r];
    }
}
