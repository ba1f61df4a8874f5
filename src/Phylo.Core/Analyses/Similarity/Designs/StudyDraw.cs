namespace Phylo.Analyses.Similarity;

/// <summary>
/// One draw of a study design exactly as the study drew it (docs/definitions.md, "Study mode"): on the whole view,
/// every model eligible whether or not it has a genome; the pair of the requested configuration is returned and the
/// caller drops it when an end lacks the genome (never redrawn). Structures are chosen with the design's integer
/// weights — a node by C(k,2) or C(k,3), an edge by k(v), C(k(v),2), k(v)(k(u) − 1) or k(v) — through a cumulative
/// array and <see cref="KeyedRandom.Below"/>, then the rest uniformly. Draw i of (design, configuration, measure) uses
/// only its own keyed stream.
/// </summary>
public sealed class StudyDraw
{
    private readonly StudyDesign _design;
    private readonly DesignWeights _w;
    private readonly ViewGraph _view;
    private readonly int _models;
    private readonly long[] _cum; // exclusive prefix over nodes (trio_1, quad_0) or view edges (trio_2, quad_1..3)
    private readonly int[] _edgeParent; // view edge i (children order) → its parent

    public StudyDraw(StudyDesign design, DesignWeights w)
    {
        _design = design;
        _w = w;
        _view = w.View;
        _models = _view.ChildStart.Length - 1;
        _edgeParent = new int[_view.EdgeCount];
        for (int p = 0; p < _models; p++) for (int i = _view.ChildStart[p]; i < _view.ChildStart[p + 1]; i++) _edgeParent[i] = p;
        bool byNode = design is StudyDesign.Trio1 or StudyDesign.Quad0;
        int units = design is StudyDesign.Rando or StudyDesign.Duo ? 0 : byNode ? _models : _view.EdgeCount;
        _cum = new long[units + 1];
        for (int i = 0; i < units; i++) _cum[i + 1] = checked(_cum[i] + (byNode ? NodeWeight(i) : EdgeWeight(_edgeParent[i], _view.Children[i])));
    }

    private long NodeWeight(int p)
    {
        long k = _w.K(p);
        return _design == StudyDesign.Trio1 ? k * (k - 1) / 2 : k * (k - 1) * (k - 2) / 6;
    }

    private long EdgeWeight(int u, int v)
    {
        long ku = _w.K(u), kv = _w.K(v);
        return _design switch
        {
            StudyDesign.Trio2 => kv,
            StudyDesign.Quad1 => kv * (kv - 1) / 2,
            StudyDesign.Quad2 => ku >= 2 ? kv * (ku - 1) : 0,
            _ => _w.D(u) >= 1 ? kv : 0, // quad_3
        };
    }

    /// <summary>Whether the design has any structure to draw on this view.</summary>
    public bool CanDraw => _design switch
    {
        StudyDesign.Rando => _models >= 2,
        StudyDesign.Duo => _view.EdgeCount > 0,
        _ => _cum[^1] > 0,
    };

    /// <summary>The pair of configuration <paramref name="config"/> (1-based) in draw <paramref name="index"/>.</summary>
    public bool Draw(int config, ulong seed, ulong id, long index, out int x, out int y)
    {
        x = y = -1;
        if (!CanDraw) return false;
        var rng = new KeyedRandom(seed, id, index);
        switch (_design)
        {
            case StudyDesign.Rando:
                {
                    int a = (int)rng.Below(_models), b = (int)rng.Below(_models - 1);
                    (x, y) = (a, b >= a ? b + 1 : b);
                    return true;
                }
            case StudyDesign.Duo:
                {
                    int e = (int)rng.Below(_view.EdgeCount);
                    (x, y) = (_edgeParent[e], _view.Children[e]);
                    return true;
                }
            case StudyDesign.Trio1:
            case StudyDesign.Quad0:
                {
                    int p = Cumulative.UnitOf(_cum, rng.Below(_cum[^1]));
                    ReadOnlySpan<int> kids = _view.ChildrenOf(p);
                    (int i, int j) = TwoDistinct(ref rng, kids.Length);
                    (x, y) = config == 1 ? (p, kids[i]) : (kids[i], kids[j]);
                    return true;
                }
        }
        int edge = Cumulative.UnitOf(_cum, rng.Below(_cum[^1]));
        int u = _edgeParent[edge], v = _view.Children[edge];
        ReadOnlySpan<int> below = _view.ChildrenOf(v);
        switch (_design)
        {
            case StudyDesign.Trio2:
                {
                    int w = below[(int)rng.Below(below.Length)];
                    (x, y) = config switch { 1 => (u, w), 2 => (v, w), _ => (u, v) };
                    return true;
                }
            case StudyDesign.Quad1:
                {
                    (int i, int j) = TwoDistinct(ref rng, below.Length);
                    (int w, int xx) = (below[i], below[j]);
                    (x, y) = config switch { 1 => (u, w), 2 => (v, w), 3 => (u, v), _ => (w, xx) };
                    return true;
                }
            case StudyDesign.Quad2:
                {
                    int w = below[(int)rng.Below(below.Length)];
                    ReadOnlySpan<int> uncles = _view.ChildrenOf(u);
                    int j = (int)rng.Below(uncles.Length - 1);
                    if (j >= uncles.BinarySearch(v)) j++;
                    int xx = uncles[j];
                    (x, y) = config switch { 1 => (u, w), 2 => (xx, w), 3 => (v, w), 4 => (u, v), _ => (v, xx) };
                    return true;
                }
            default:
                {
                    ReadOnlySpan<int> tops = _view.ParentsOf(u);
                    int t = tops[(int)rng.Below(tops.Length)];
                    int w = below[(int)rng.Below(below.Length)];
                    (x, y) = config switch { 1 => (t, w), 2 => (u, w), 3 => (t, v), 4 => (v, w), 5 => (u, v), _ => (t, u) };
                    return true;
                }
        }
    }

    // Two distinct uniform positions of 0..n−1 (n ≥ 2), the first uniform, the second uniform among the rest.
    private static (int, int) TwoDistinct(ref KeyedRandom rng, int n)
    {
        int i = (int)rng.Below(n), j = (int)rng.Below(n - 1);
        return (i, j >= i ? j + 1 : j);
    }
}
