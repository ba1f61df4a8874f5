namespace Phylo.Similarity;

/// <summary>
/// The pair weights of the study's designs on one graph view (docs/definitions.md, "Exact mode of a design"): with
/// k(x) the number of children and d(x) the number of parents of x in the view — every model counts, whether or not
/// it has the genome — a draw of a design gives each structure a probability, and the pair a configuration reads
/// from it inherits that weight. Exact mode is the weighted mean over the pairs whose two ends have the genome.
/// Weights are up to a constant factor per configuration (it cancels in the mean).
/// </summary>
public sealed class DesignWeights
{
    private readonly int[] _k, _d;
    private readonly long[] _parentsAbove;     // Σ_{u ∈ pa(x), k(u) ≥ 2} (k(u) − 1)
    private readonly int[] _parentsWithParent; // #{u ∈ pa(x) : d(u) ≥ 1}
    private readonly long[] _grandchildren;    // Σ_{v ∈ ch(x)} k(v)

    public DesignWeights(ViewGraph view)
    {
        View = view;
        int n = view.ChildStart.Length - 1;
        _k = new int[n];
        _d = new int[n];
        for (int x = 0; x < n; x++)
        {
            _k[x] = view.ChildStart[x + 1] - view.ChildStart[x];
            _d[x] = view.ParentStart[x + 1] - view.ParentStart[x];
        }
        _parentsAbove = new long[n];
        _parentsWithParent = new int[n];
        _grandchildren = new long[n];
        for (int x = 0; x < n; x++)
        {
            foreach (int u in view.ParentsOf(x))
            {
                if (_k[u] >= 2) _parentsAbove[x] += _k[u] - 1;
                if (_d[u] >= 1) _parentsWithParent[x]++;
            }
            foreach (int v in view.ChildrenOf(x)) _grandchildren[x] += _k[v];
        }
    }

    public ViewGraph View { get; }

    /// <summary>Children of <paramref name="x"/> in the view.</summary>
    public int K(int x) => _k[x];

    /// <summary>Parents of <paramref name="x"/> in the view.</summary>
    public int D(int x) => _d[x];

    /// <summary>Weight of edge a → b in an <see cref="PairShape.Edge"/> configuration.</summary>
    public double Edge(DesignConfig c, int a, int b)
    {
        long ka = _k[a], kb = _k[b];
        return (c.Design, c.Config) switch
        {
            (StudyDesign.Duo, 1) => 1,
            (StudyDesign.Trio1, 1) => ka - 1,                              // parent ∝ C(k,2), then one of its k children
            (StudyDesign.Trio2, 2) => _d[a],                                // lower edge of a 2-path u → a → b
            (StudyDesign.Trio2, 3) => kb,                                   // upper edge, once per child of b
            (StudyDesign.Quad0, 1) => ka >= 3 ? (ka - 1) * (ka - 2) : 0,    // parent ∝ C(k,3), then one child
            (StudyDesign.Quad1, 2) => _d[a] * (ka - 1),                     // edge (v, w): Σ over parents u of C(k(v),2)/k(v)
            (StudyDesign.Quad1, 3) => kb * (kb - 1),                        // edge (u, v) ∝ C(k(v),2)
            (StudyDesign.Quad2, 3) => _parentsAbove[a],                     // (v, w): Σ_u (k(u) − 1)
            (StudyDesign.Quad2, 4) => ka >= 2 ? kb * (ka - 1) : 0,          // (u, v) ∝ k(v)(k(u) − 1)
            (StudyDesign.Quad3, 4) => _parentsWithParent[a],                // (v, w): parents u of v that have a parent
            (StudyDesign.Quad3, 5) => _d[a] >= 1 ? kb : 0,                  // (u, v) ∝ k(v) when u has a parent
            (StudyDesign.Quad3, 6) => (double)_grandchildren[b] / _d[b],    // (t, u): Σ_{v ∈ ch(u)} k(v) / d(u)
            _ => throw new ArgumentOutOfRangeException(nameof(c), $"{c.Key} is not an edge configuration"),
        };
    }

    /// <summary>Weight of the structure (x, y) read through <paramref name="m"/> in configuration <paramref name="c"/>
    /// of a non-edge shape: siblings (x, y) of parent m; a 2-path x → m → y; aunt–niece (m = the grandparent u);
    /// a 3-path x → m → v → y (m = u). Random pairs weigh 1.</summary>
    public double Structure(DesignConfig c, int x, int y, int m) => (c.Design, c.Config) switch
    {
        (StudyDesign.Rando, 1) => 1,
        (StudyDesign.Trio1, 2) => 1,                                    // uniform over sibling pairs
        (StudyDesign.Quad0, 2) => _k[m] - 2,                             // C(k,3) / C(k,2) ∝ k − 2
        (StudyDesign.Quad1, 4) => _d[m],                                 // once per parent of m
        (StudyDesign.Quad2, 5) => _k[x] + _k[y],                         // ordered (v, x) weighs k(v)
        (StudyDesign.Trio2, 1) => 1,                                    // uniform over 2-paths
        (StudyDesign.Quad1, 1) => _k[m] - 1,
        (StudyDesign.Quad2, 1) => _k[x] - 1,
        (StudyDesign.Quad3, 2) => _d[x] >= 1 ? 1 : 0,
        (StudyDesign.Quad3, 3) => (double)_k[y] / _d[m],
        (StudyDesign.Quad2, 2) => 1,                                    // uniform over (u, v, w, x)
        (StudyDesign.Quad3, 1) => 1.0 / _d[m],
        _ => throw new ArgumentOutOfRangeException(nameof(c), $"{c.Key} is an edge configuration"),
    };
}
