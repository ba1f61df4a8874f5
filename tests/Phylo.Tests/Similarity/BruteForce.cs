using System.Text;
using Phylo.Graph;
using Phylo.Kernels;
using Phylo.Similarity;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

/// <summary>
/// The reference: pairs of each type listed explicitly from the graph's edges, and each measure computed per pair
/// with the scalar kernels on features fitted here (not with the analysis' own rows).
/// </summary>
public sealed class BruteForce
{
    private readonly ModelTable _t;
    private readonly FamilyGraph _g;
    private readonly string?[] _card;     // genome text or null
    private readonly string[] _meta, _clean;
    private readonly int[]?[] _traits;
    private readonly Dictionary<Genome, (SparseRows TfIdf, SparseRows Bow, int[] RowOf)> _rows = [];

    public BruteForce(ModelTable t, FamilyGraph g, TieBreak ties = TieBreak.Lexicographic)
    {
        _t = t;
        _g = g;
        int n = t.Count;
        _card = new string?[n];
        for (int i = 0; i < n; i++)
        {
            string card = t.Cards!.GetString(i);
            var runes = card.EnumerateRunes().ToList();
            bool auto = card.ToLowerInvariant().Contains("automatically generated", StringComparison.Ordinal) || card.ToLowerInvariant().Contains("generated automatically", StringComparison.Ordinal);
            if (runes.Count >= 512 && !auto) _card[i] = string.Concat(runes.Take(512).Select(r => r.ToString()));
        }
        var ser = new MetadataCleanGenome(t);
        var scratch = new MetadataCleanGenome.Scratch();
        _clean = Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetString(ser.Render(i, scratch))).ToArray();
        var record = new MetadataRecordGenome(t);
        _meta = Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetString(record.Text(i))).ToArray();
        _traits = new int[]?[n];
        for (int i = 0; i < n; i++)
        {
            var set = new SortedSet<string>();
            foreach (TraitKind k in TraitGenome.Kinds) foreach (int v in t[k][i]) set.Add(k + ":" + t[k].Vocabulary[v]);
            _traits[i] = set.Count == 0 ? null : set.Select(s => s.GetHashCode(StringComparison.Ordinal)).Order().ToArray();
        }
        _rows[Genome.Card] = Fit(_card, ties);
        _rows[Genome.Metadata] = Fit(_meta, ties);
        _rows[Genome.MetadataClean] = Fit(_clean, ties);
    }

    /// <summary>The text a text genome compares (null: the model has none).</summary>
    public string? Text(Genome g, int i) => g switch { Genome.Card => _card[i], Genome.Metadata => _meta[i], _ => _clean[i] };

    private static (SparseRows, SparseRows, int[]) Fit(string?[] docs, TieBreak ties)
    {
        var rowOf = new int[docs.Length];
        var present = new List<string>();
        for (int i = 0; i < docs.Length; i++) { rowOf[i] = docs[i] is null ? -1 : present.Count; if (docs[i] is not null) present.Add(docs[i]!); }
        var corpus = Utf8Corpus.FromStrings(present);
        Vocabulary v = Vocabulary.Fit(corpus, 512, 1, ties);
        return (new TermVectorizer(v, TermWeighting.TfIdf, true).Transform(corpus, 1), new TermVectorizer(v, TermWeighting.Counts, true).Transform(corpus, 1), rowOf);
    }

    public bool Has(Genome g, int i) => g switch
    {
        Genome.Card => _card[i] is not null,
        Genome.Metadata or Genome.MetadataClean => true,
        _ => _traits[i] is not null,
    };

    private readonly Dictionary<(Genome, SimilarityMeasure, int, int), double> _memo = [];

    public double Measure(Genome g, SimilarityMeasure m, int a, int b)
    {
        if (!_memo.TryGetValue((g, m, a, b), out double v)) _memo[(g, m, a, b)] = v = Compute(g, m, a, b);
        return v;
    }

    private double Compute(Genome g, SimilarityMeasure m, int a, int b)
    {
        switch (m)
        {
            case SimilarityMeasure.TfIdf:
            case SimilarityMeasure.Bow:
                var (tf, bow, rowOf) = _rows[g];
                return SparseCosine.Cosine(m == SimilarityMeasure.TfIdf ? tf : bow, rowOf[a], rowOf[b]);
            case SimilarityMeasure.Levenshtein:
                int[] x = CodePoints(Text(g, a)!), y = CodePoints(Text(g, b)!);
                return x.Length == 0 && y.Length == 0 ? 1 : 1 - (double)Levenshtein.ReferenceDistance(x, y) / Math.Max(x.Length, y.Length);
            case SimilarityMeasure.MinHash:
                uint[] sa = new uint[128], sb = new uint[128];
                MinHasher.Signature(Encoding.UTF8.GetBytes(_card[a]!), sa);
                MinHasher.Signature(Encoding.UTF8.GetBytes(_card[b]!), sb);
                return sa.Zip(sb).Count(p => p.First == p.Second) / 128.0;
            default:
                var (ta, tb) = (_traits[a]!, _traits[b]!);
                return (double)ta.Intersect(tb).Count() / ta.Union(tb).Count();
        }
    }

    private static int[] CodePoints(string s) => s.EnumerateRunes().Select(r => r.Value).ToArray();

    /// <summary>Every pair of the type, listed from the view's edges (once per path).</summary>
    public List<(int A, int B)> Pairs(PairType type, GraphView view)
    {
        int n = _t.Count;
        var ch = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int e = 0; e < _g.EdgeCount; e++) if (_g.InView(e, view)) ch[_g.EdgeParent[e]].Add(_g.EdgeChild[e]);
        var pairs = new List<(int, int)>();
        for (int g = 0; g < n; g++)
        {
            switch (type)
            {
                case PairType.Random:
                    for (int j = g + 1; j < n; j++) pairs.Add((g, j));
                    break;
                case PairType.ParentChild:
                    foreach (int c in ch[g]) pairs.Add((g, c));
                    break;
                case PairType.Siblings:
                    for (int i = 0; i < ch[g].Count; i++) for (int j = i + 1; j < ch[g].Count; j++) pairs.Add((ch[g][i], ch[g][j]));
                    break;
                case PairType.GrandparentGrandchild:
                    foreach (int p in ch[g]) foreach (int c in ch[p]) pairs.Add((g, c));
                    break;
                case PairType.AuntNiece:
                    foreach (int p in ch[g]) foreach (int a in ch[g]) if (a != p) foreach (int c in ch[p]) if (a != c) pairs.Add((a, c));
                    break;
                default:
                    foreach (int b in ch[g]) foreach (int c in ch[b]) foreach (int d in ch[c]) pairs.Add((g, d));
                    break;
            }
        }
        return pairs;
    }

    /// <summary>Mean and count over the pairs where both models have the genome.</summary>
    public (double Mean, long N) Mean(Genome g, SimilarityMeasure m, PairType type, GraphView view)
    {
        double sum = 0;
        long count = 0;
        foreach (var (a, b) in Pairs(type, view))
        {
            if (!Has(g, a) || !Has(g, b)) continue;
            sum += Measure(g, m, a, b);
            count++;
        }
        return (count == 0 ? double.NaN : sum / count, count);
    }
}
