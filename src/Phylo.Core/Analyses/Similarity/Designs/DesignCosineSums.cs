using System.Numerics.Tensors;
using Phylo.Kernels;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Exact weighted cosine sums of the non-edge design configurations (docs/definitions.md, "Exact mode of a design"),
/// in time linear in edges and 2-step paths. With u the unit rows (zero without the genome), e the 0/1 genome
/// indicator, and for a node m: C = Σ_{c ∈ ch(m)} u_c, K = Σ_c k(c)·u_c, G = Σ_{v ∈ ch(m)} C_v:
/// <list type="bullet">
/// <item>siblings of m, weight ω(m): ω·(‖C‖² − Σ‖u_c‖²)/2; quad_2 cfg 5 (weight k(v)+k(x)): Σ_v k(v)·(u_v·C − ‖u_v‖²);</item>
/// <item>2-paths a → m → b, weight ω(a, m): Σ_a ω·u_a·C; quad_3 cfg 3 (weight k(b)/d(m)): Σ_a u_a·K / d(m);</item>
/// <item>aunt–niece under u = m (x = w allowed): G·C − Σ_v u_v·C_v;</item>
/// <item>3-paths t → m → v → w, weight 1/d(m): Σ_t u_t·G / d(m).</item>
/// </list>
/// Weight sums and pair counts follow the same algebra on e. One call walks the models of one block (whole
/// families) in a fixed order for both measures of one genome (TF-IDF and BoW: same rows, same pairs, same weights):
/// each row fetched once, the two measures' serial sums interleaved, each taking exactly the operations, in the order,
/// of a walk of its own (the bits do not depend on the pairing). The block's totals become fixed point in the partial.
/// </summary>
public sealed class DesignCosineSums(CosinePairSums first, CosinePairSums second, DesignWeights w)
{
    /// <summary>Per-thread dense accumulators, a set per measure.</summary>
    public sealed class Scratch(int columns)
    {
        internal readonly double[] C = new double[columns], K = new double[columns], G = new double[columns], T = new double[columns];
        internal readonly double[] C2 = new double[columns], K2 = new double[columns], G2 = new double[columns], T2 = new double[columns];
    }

    /// <summary>Σ ω·cosine of each measure (<paramref name="sums"/>: the first, <paramref name="otherSums"/>: the second),
    /// Σ ω and the number of pairs with ω &gt; 0 (the same for both), per configuration index, of one block.</summary>
    public void Accumulate(ReadOnlySpan<int> models, Scratch s, Span<double> sums, Span<double> otherSums, Span<double> weights, Span<long> counts)
    {
        var into = new Totals(sums, otherSums, weights, counts);
        ViewGraph view = w.View;
        Span<double> c = s.C, kk = s.K, g = s.G, t = s.T, c2 = s.C2, kk2 = s.K2, g2 = s.G2, t2 = s.T2;
        foreach (int m in models)
        {
            ReadOnlySpan<int> kids = view.ChildrenOf(m);
            if (kids.IsEmpty) continue;
            int k = kids.Length, d = w.D(m);
            c.Clear();
            kk.Clear();
            c2.Clear();
            kk2.Clear();
            double self = 0, self2 = 0;
            long e = 0, eLeaves = 0, eWithChildren = 0;
            double ke = 0;
            foreach (int v in kids)
            {
                if (!CosinePairSums.Add(first, c, second, c2, v, ref self, ref self2)) continue;
                e++;
                if (w.K(v) == 0) eLeaves++;
                else
                {
                    eWithChildren++;
                    CosinePairSums.AddScaled(first, kk, second, kk2, v, w.K(v));
                    ke += w.K(v);
                }
            }
            Siblings(kids, k, d, c, c2, self, self2, e, eLeaves, into);
            if (d > 0 && e > 0) TwoPaths(m, k, d, c, c2, kk, kk2, e, ke, eWithChildren, into);

            // Aunt–niece and 3-paths need the grandchildren of m.
            g.Clear();
            g2.Clear();
            double correction = 0, correction2 = 0;
            long ge = 0, geCorrection = 0;
            foreach (int v in kids)
            {
                ReadOnlySpan<int> nieces = view.ChildrenOf(v);
                if (nieces.IsEmpty) continue;
                t.Clear();
                t2.Clear();
                long ev = 0;
                foreach (int n in nieces) if (CosinePairSums.Add(first, t, second, t2, n)) ev++;
                if (ev == 0) continue;
                TensorPrimitives.Add(g, t, g); // element by element: the same bits at any width
                TensorPrimitives.Add(g2, t2, g2);
                var (x, y) = CosinePairSums.Dot(first, t, second, t2, v);
                correction += x;
                correction2 += y;
                ge += ev;
                if (first.Has(v)) geCorrection += ev;
            }
            if (ge == 0) continue;
            into.Add(14, DenseCosine.Dot(g, c) - correction, DenseCosine.Dot(g2, c2) - correction2, ge * e - geCorrection, ge * e - geCorrection);
            if (d == 0) continue;
            double top = 0, top2 = 0;
            long et = 0;
            foreach (int p in view.ParentsOf(m))
            {
                if (!first.Has(p)) continue;
                var (x, y) = CosinePairSums.Dot(first, g, second, g2, p);
                top += x;
                top2 += y;
                et++;
            }
            into.Add(18, top / d, top2 / d, (double)et * ge / d, et * ge);
        }
    }

    private void Siblings(ReadOnlySpan<int> kids, int k, int d, ReadOnlySpan<double> c, ReadOnlySpan<double> c2, double self, double self2,
        long e, long eLeaves, Totals into)
    {
        if (e < 2) return;
        double pairSum = (DenseCosine.SumOfSquares(c) - self) / 2, pairSum2 = (DenseCosine.SumOfSquares(c2) - self2) / 2;
        long pairs = e * (e - 1) / 2;
        into.Add(3, pairSum, pairSum2, pairs, pairs);
        if (k >= 3) into.Add(8, (k - 2) * pairSum, (k - 2) * pairSum2, (double)(k - 2) * pairs, pairs);
        if (d >= 1) into.Add(12, d * pairSum, d * pairSum2, (double)d * pairs, pairs);
        double weighted = 0, weighted2 = 0, weight = 0;
        foreach (int v in kids)
        {
            int kv = w.K(v);
            if (kv == 0 || !first.Has(v)) continue;
            var (x, y) = CosinePairSums.Dot(first, c, second, c2, v);
            var (sx, sy) = CosinePairSums.SelfSquare(first, second, v);
            weighted += kv * (x - sx);
            weighted2 += kv * (y - sy);
            weight += (double)kv * (e - 1);
        }
        into.Add(17, weighted, weighted2, weight, pairs - eLeaves * (eLeaves - 1) / 2);
    }

    private void TwoPaths(int m, int k, int d, ReadOnlySpan<double> c, ReadOnlySpan<double> c2, ReadOnlySpan<double> kk, ReadOnlySpan<double> kk2,
        long e, double ke, long eWithChildren, Totals into)
    {
        double all = 0, byUpper = 0, withParent = 0, toK = 0, upperWeight = 0;
        double all2 = 0, byUpper2 = 0, withParent2 = 0, toK2 = 0;
        long tops = 0, topsUpper = 0, topsWithParent = 0;
        foreach (int a in w.View.ParentsOf(m))
        {
            if (!first.Has(a)) continue;
            var (x, y) = CosinePairSums.Dot(first, c, second, c2, a);
            tops++;
            all += x;
            all2 += y;
            int ka = w.K(a);
            if (ka >= 2) { byUpper += (ka - 1) * x; byUpper2 += (ka - 1) * y; upperWeight += ka - 1; topsUpper++; }
            if (w.D(a) >= 1) { withParent += x; withParent2 += y; topsWithParent++; }
            var (xk, yk) = CosinePairSums.Dot(first, kk, second, kk2, a);
            toK += xk;
            toK2 += yk;
        }
        if (tops == 0) return;
        into.Add(4, all, all2, tops * e, tops * e);
        if (k >= 2) into.Add(9, (k - 1) * all, (k - 1) * all2, (double)(k - 1) * tops * e, tops * e);
        into.Add(13, byUpper, byUpper2, upperWeight * e, topsUpper * e);
        into.Add(19, withParent, withParent2, (double)topsWithParent * e, topsWithParent * e);
        into.Add(20, toK / d, toK2 / d, tops * ke / d, tops * eWithChildren);
    }

    /// <summary>A block's per-configuration totals: each measure's Σ ω·cosine, and the shared Σ ω and pair counts.</summary>
    private readonly ref struct Totals(Span<double> sums, Span<double> otherSums, Span<double> weights, Span<long> counts)
    {
        private readonly Span<double> _sums = sums, _otherSums = otherSums, _weights = weights;
        private readonly Span<long> _counts = counts;

        public void Add(int config, double sum, double otherSum, double weight, long count)
        {
            _sums[config] += sum;
            _otherSums[config] += otherSum;
            _weights[config] += weight;
            _counts[config] += count;
        }
    }
}
