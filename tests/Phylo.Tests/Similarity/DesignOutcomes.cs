using Phylo.Analyses.Similarity;
using Phylo.Graph;

namespace Phylo.Tests.Similarity;

/// <summary>
/// The reference for the design tests: every outcome of one draw of each of the study's designs on the fine-tune view,
/// with its probability, enumerated literally from the draw procedure (a node or an edge with the design's weight,
/// then children, parents, siblings uniformly) — not from the pair weights Phylo derives from it.
/// </summary>
public sealed class DesignOutcomes
{
    private readonly List<int>[] _ch, _pa;
    private readonly List<(int U, int V)> _edges = [];
    private readonly int _n;

    public DesignOutcomes(FamilyGraph g)
    {
        _n = g.NodeCount;
        _ch = Enumerable.Range(0, _n).Select(_ => new List<int>()).ToArray();
        _pa = Enumerable.Range(0, _n).Select(_ => new List<int>()).ToArray();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            if (!g.InView(e, GraphView.Finetune)) continue;
            _ch[g.EdgeParent[e]].Add(g.EdgeChild[e]);
            _pa[g.EdgeChild[e]].Add(g.EdgeParent[e]);
            _edges.Add((g.EdgeParent[e], g.EdgeChild[e]));
        }
    }

    private int K(int x) => _ch[x].Count;

    /// <summary>Every pair configuration <paramref name="c"/> can return, with its probability (summing to 1, or an
    /// empty list when the design cannot draw).</summary>
    public List<(int X, int Y, double P)> Of(DesignConfig c)
    {
        var o = new List<(int, int, double)>();
        switch (c.Design)
        {
            case StudyDesign.Rando:
                for (int a = 0; a < _n; a++) for (int b = 0; b < _n; b++) if (a != b) o.Add((a, b, 1.0 / ((double)_n * (_n - 1))));
                break;
            case StudyDesign.Duo:
                foreach (var (u, v) in _edges) o.Add((u, v, 1.0 / _edges.Count));
                break;
            case StudyDesign.Trio1:
            case StudyDesign.Quad0:
                {
                    double Wp(int p) => c.Design == StudyDesign.Trio1 ? K(p) * (K(p) - 1) / 2.0 : K(p) * (K(p) - 1) * (K(p) - 2) / 6.0;
                    double z = Enumerable.Range(0, _n).Sum(Wp);
                    for (int p = 0; p < _n; p++)
                    {
                        double pp = Wp(p) / z;
                        if (pp == 0) continue;
                        foreach (int a in _ch[p])
                            foreach (int b in _ch[p])
                                if (a != b) o.Add(c.Config == 1 ? (p, a, pp / (K(p) * (K(p) - 1))) : (a, b, pp / (K(p) * (K(p) - 1))));
                    }
                    break;
                }
            case StudyDesign.Trio2:
            case StudyDesign.Quad1:
            case StudyDesign.Quad2:
            case StudyDesign.Quad3:
                {
                    double We((int U, int V) e) => c.Design switch
                    {
                        StudyDesign.Trio2 => K(e.V),
                        StudyDesign.Quad1 => K(e.V) * (K(e.V) - 1) / 2.0,
                        StudyDesign.Quad2 => K(e.U) >= 2 ? K(e.V) * (K(e.U) - 1.0) : 0,
                        _ => _pa[e.U].Count >= 1 ? K(e.V) : 0,
                    };
                    double z = _edges.Sum(We);
                    foreach (var e in _edges)
                    {
                        double pe = We(e) / z;
                        if (pe == 0) continue;
                        (int u, int v) = e;
                        switch (c.Design)
                        {
                            case StudyDesign.Trio2:
                                foreach (int w in _ch[v]) o.Add(c.Config switch { 1 => (u, w, pe / K(v)), 2 => (v, w, pe / K(v)), _ => (u, v, pe / K(v)) });
                                break;
                            case StudyDesign.Quad1:
                                foreach (int w in _ch[v])
                                    foreach (int x in _ch[v])
                                    {
                                        if (w == x) continue;
                                        double p = pe / (K(v) * (K(v) - 1.0));
                                        o.Add(c.Config switch { 1 => (u, w, p), 2 => (v, w, p), 3 => (u, v, p), _ => (w, x, p) });
                                    }
                                break;
                            case StudyDesign.Quad2:
                                foreach (int w in _ch[v])
                                    foreach (int x in _ch[u])
                                    {
                                        if (x == v) continue;
                                        double p = pe / K(v) / (K(u) - 1.0);
                                        o.Add(c.Config switch { 1 => (u, w, p), 2 => (x, w, p), 3 => (v, w, p), 4 => (u, v, p), _ => (v, x, p) });
                                    }
                                break;
                            default:
                                foreach (int t in _pa[u])
                                    foreach (int w in _ch[v])
                                    {
                                        double p = pe / _pa[u].Count / K(v);
                                        o.Add(c.Config switch { 1 => (t, w, p), 2 => (u, w, p), 3 => (t, v, p), 4 => (v, w, p), 5 => (u, v, p), _ => (t, u, p) });
                                    }
                                break;
                        }
                    }
                    break;
                }
        }
        return o;
    }

    /// <summary>The design's exact mean over outcomes whose two ends have the genome, the population standard deviation
    /// of one kept draw, the probability that a draw is kept, and the number of distinct structures kept.</summary>
    public (double Mean, double Sd, double Kept, long N) Moments(BruteForce reference, Genome g, SimilarityMeasure m, DesignConfig c)
    {
        double w = 0, s = 0, s2 = 0;
        long n = 0;
        foreach (var (x, y, p) in Of(c))
        {
            if (!reference.Has(g, x) || !reference.Has(g, y)) continue;
            double v = reference.Measure(g, m, x, y);
            w += p;
            s += p * v;
            s2 += p * v * v;
            n++;
        }
        if (w == 0) return (double.NaN, double.NaN, 0, 0);
        double mean = s / w;
        return (mean, Math.Sqrt(Math.Max(0, s2 / w - mean * mean)), w, n);
    }
}
