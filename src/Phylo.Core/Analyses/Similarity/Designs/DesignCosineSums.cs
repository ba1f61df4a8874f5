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
/// families) in a fixed order and sums in double; the block's totals become fixed point in the partial.
/// </summary>
public sealed class DesignCosineSums(CosinePairSums rows, DesignWeights w)
{
    /// <summary>Per-thread dense accumulators.</summary>
    public sealed class Scratch(int columns)
    {
        internal readonly double[] C = new double[columns], K = new double[columns], G = new double[columns], T = new double[columns];
        internal readonly WalkOrder Order = new();
    }

    /// <summary>Σ ω·cosine, Σ ω and the number of pairs with ω &gt; 0, per configuration index, of one block.</summary>
    public void Accumulate(ReadOnlySpan<int> models, Scratch s, Span<double> sums, Span<double> weights, Span<long> counts)
    {
        ViewGraph view = w.View;
        Span<double> c = s.C, kk = s.K, g = s.G, t = s.T;
        // The walk adds the models of its order list (children, then grandchildren) one after another, prefetching ahead.
        ReadOnlySpan<int> order = s.Order.Family(view, models);
        int at = 0;
        foreach (int m in models)
        {
            ReadOnlySpan<int> kids = view.ChildrenOf(m);
            if (kids.IsEmpty) continue;
            int k = kids.Length, d = w.D(m);
            c.Clear();
            kk.Clear();
            double self = 0, ignored = 0;
            long e = 0, eLeaves = 0, eWithChildren = 0;
            double ke = 0;
            for (int end = at + kids.Length; at < end; at++)
            {
                int v = order[at];
                rows.PrefetchAhead(order, at);
                if (!rows.Add(c, v, ref self)) continue;
                e++;
                if (w.K(v) == 0) eLeaves++;
                else
                {
                    eWithChildren++;
                    rows.AddScaled(kk, v, w.K(v));
                    ke += w.K(v);
                }
            }
            Siblings(kids, k, d, c, self, e, eLeaves, sums, weights, counts);
            if (d > 0 && e > 0) TwoPaths(m, k, d, c, kk, e, ke, eWithChildren, sums, weights, counts);

            // Aunt–niece and 3-paths need the grandchildren of m.
            g.Clear();
            double correction = 0;
            long ge = 0, geCorrection = 0;
            foreach (int v in kids)
            {
                ReadOnlySpan<int> nieces = view.ChildrenOf(v);
                if (nieces.IsEmpty) continue;
                t.Clear();
                long ev = 0;
                for (int end = at + nieces.Length; at < end; at++)
                {
                    rows.PrefetchAhead(order, at);
                    if (rows.Add(t, order[at], ref ignored)) ev++;
                }
                if (ev == 0) continue;
                for (int i = 0; i < g.Length; i++) g[i] += t[i];
                correction += rows.Dot(v, t);
                ge += ev;
                if (rows.Has(v)) geCorrection += ev;
            }
            if (ge == 0) continue;
            Add(sums, weights, counts, 14, DenseCosine.Dot(g, c) - correction, ge * e - geCorrection, ge * e - geCorrection);
            if (d == 0) continue;
            double top = 0;
            long et = 0;
            foreach (int p in view.ParentsOf(m))
            {
                if (!rows.Has(p)) continue;
                top += rows.Dot(p, g);
                et++;
            }
            Add(sums, weights, counts, 18, top / d, (double)et * ge / d, et * ge);
        }
    }

    private void Siblings(ReadOnlySpan<int> kids, int k, int d, ReadOnlySpan<double> c, double self, long e, long eLeaves,
        Span<double> sums, Span<double> weights, Span<long> counts)
    {
        if (e < 2) return;
        double pairSum = (DenseCosine.SumOfSquares(c) - self) / 2;
        long pairs = e * (e - 1) / 2;
        Add(sums, weights, counts, 3, pairSum, pairs, pairs);
        if (k >= 3) Add(sums, weights, counts, 8, (k - 2) * pairSum, (double)(k - 2) * pairs, pairs);
        if (d >= 1) Add(sums, weights, counts, 12, d * pairSum, (double)d * pairs, pairs);
        double weighted = 0, weight = 0;
        foreach (int v in kids)
        {
            int kv = w.K(v);
            if (kv == 0 || !rows.Has(v)) continue;
            weighted += kv * (rows.Dot(v, c) - rows.SelfSquare(v));
            weight += (double)kv * (e - 1);
        }
        Add(sums, weights, counts, 17, weighted, weight, pairs - eLeaves * (eLeaves - 1) / 2);
    }

    private void TwoPaths(int m, int k, int d, ReadOnlySpan<double> c, ReadOnlySpan<double> kk, long e, double ke, long eWithChildren,
        Span<double> sums, Span<double> weights, Span<long> counts)
    {
        double all = 0, byUpper = 0, withParent = 0, toK = 0, upperWeight = 0;
        long tops = 0, topsUpper = 0, topsWithParent = 0;
        foreach (int a in w.View.ParentsOf(m))
        {
            if (!rows.Has(a)) continue;
            double x = rows.Dot(a, c);
            tops++;
            all += x;
            int ka = w.K(a);
            if (ka >= 2) { byUpper += (ka - 1) * x; upperWeight += ka - 1; topsUpper++; }
            if (w.D(a) >= 1) { withParent += x; topsWithParent++; }
            toK += rows.Dot(a, kk);
        }
        if (tops == 0) return;
        Add(sums, weights, counts, 4, all, tops * e, tops * e);
        if (k >= 2) Add(sums, weights, counts, 9, (k - 1) * all, (double)(k - 1) * tops * e, tops * e);
        Add(sums, weights, counts, 13, byUpper, upperWeight * e, topsUpper * e);
        Add(sums, weights, counts, 19, withParent, (double)topsWithParent * e, topsWithParent * e);
        Add(sums, weights, counts, 20, toK / d, tops * ke / d, tops * eWithChildren);
    }

    private static void Add(Span<double> sums, Span<double> weights, Span<long> counts, int config, double sum, double weight, long count)
    {
        sums[config] += sum;
        weights[config] += weight;
        counts[config] += count;
    }
}
