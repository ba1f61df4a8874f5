using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Phylo.Kernels;

namespace Phylo.Similarity;

/// <summary>
/// Every measure of one genome for one pair of models, written in <see cref="MeasureSlot.Of"/> order
/// (card: tfidf, bow, levenshtein, minhash; metadata: tfidf, bow, levenshtein; traits: jaccard). NaN when either
/// model lacks the genome. One scorer per thread: it owns the code point and serialization buffers.
/// </summary>
[SkipLocalsInit]
public sealed class PairScorer(GenomeFeatures features)
{
    private readonly MetadataGenome.Scratch _metaA = new(), _metaB = new();
    private int[] _cpA = new int[1024], _cpB = new int[1024];
    private int[] _pool = new int[1 << 16];
    private int[] _offsets = new int[1024], _first = new int[512], _second = new int[512], _valid = new int[512];
    private double[] _sims = new double[512];

    /// <summary>The slot of the Levenshtein measure in a genome's measures, -1 when it has none.</summary>
    private static int LevenshteinSlot(Genome genome) => genome == Genome.Traits ? -1 : 2;

    /// <summary>
    /// Scores pairs (xs[p], ys[p]) into <c>into[p * slots ..]</c>: every measure but Levenshtein pair by pair, then
    /// all the pairs' Levenshtein similarities in one call to the inter-pair SIMD batch kernel.
    /// </summary>
    public void ScoreBatch(Genome genome, ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, Span<double> into)
    {
        int slots = MeasureSlot.Of(genome).Count, lev = LevenshteinSlot(genome);
        int pairs = xs.Length, valid = 0, used = 0;
        if (lev >= 0) Grow(pairs);
        for (int p = 0; p < pairs; p++)
        {
            Span<double> v = into.Slice(p * slots, slots);
            if (!features.Has(genome, xs[p]) || !features.Has(genome, ys[p])) { v.Fill(double.NaN); continue; }
            ScoreVectors(genome, xs[p], ys[p], v);
            if (lev < 0) continue;
            _offsets[2 * valid] = used;
            used = Append(genome, xs[p], used, _metaA);
            _offsets[2 * valid + 1] = used;
            used = Append(genome, ys[p], used, _metaB);
            _first[valid] = 2 * valid;
            _second[valid] = 2 * valid + 1;
            _valid[valid++] = p;
        }
        if (lev < 0 || valid == 0) return;
        _offsets[2 * valid] = used;
        Kernels.Levenshtein.Similarities(_pool.AsSpan(0, used), _offsets.AsSpan(0, 2 * valid + 1), _first.AsSpan(0, valid),
            _second.AsSpan(0, valid), _sims.AsSpan(0, valid), Simd.Level);
        for (int k = 0; k < valid; k++) into[_valid[k] * slots + lev] = _sims[k];
    }

    private int Append(Genome genome, int model, int used, MetadataGenome.Scratch scratch)
    {
        ReadOnlySpan<byte> text = genome == Genome.Card ? CardGenome.Text(features.Table, model) : features.MetadataText.Render(model, scratch);
        if (_pool.Length < used + text.Length) Array.Resize(ref _pool, Math.Max(used + text.Length, _pool.Length * 2));
        int n = Decode(text, ref _cpA);
        _cpA.AsSpan(0, n).CopyTo(_pool.AsSpan(used));
        return used + n;
    }

    private void Grow(int pairs)
    {
        if (_first.Length >= pairs && _offsets.Length > 2 * pairs) return; // offsets need 2·pairs + 1 slots
        _offsets = new int[2 * pairs + 1];
        _first = new int[pairs];
        _second = new int[pairs];
        _valid = new int[pairs];
        _sims = new double[pairs];
    }

    public void Score(Genome genome, int a, int b, Span<double> into)
    {
        if (!features.Has(genome, a) || !features.Has(genome, b))
        {
            into[..MeasureSlot.Of(genome).Count].Fill(double.NaN);
            return;
        }
        ScoreVectors(genome, a, b, into);
        if (genome == Genome.Card) into[2] = Levenshtein(CardGenome.Text(features.Table, a), CardGenome.Text(features.Table, b));
        else if (genome == Genome.Metadata) into[2] = Levenshtein(features.MetadataText.Render(a, _metaA), features.MetadataText.Render(b, _metaB));
    }

    /// <summary>Every measure of the pair except Levenshtein (slot 2 of card and metadata is left as it was).</summary>
    private void ScoreVectors(Genome genome, int a, int b, Span<double> into)
    {
        switch (genome)
        {
            case Genome.Card:
                into[0] = features.Card.Cosine(SimilarityMeasure.TfIdf, a, b);
                into[1] = features.Card.Cosine(SimilarityMeasure.Bow, a, b);
                into[3] = MinHasher.EstimateJaccard(features.Signature(features.Card.RowOf[a]), features.Signature(features.Card.RowOf[b]));
                break;
            case Genome.Metadata:
                into[0] = features.Metadata.Cosine(SimilarityMeasure.TfIdf, a, b);
                into[1] = features.Metadata.Cosine(SimilarityMeasure.Bow, a, b);
                break;
            default:
                into[0] = SetJaccard.Jaccard(features.Traits[a], features.Traits[b]);
                break;
        }
    }

    private double Levenshtein(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int na = Decode(a, ref _cpA), nb = Decode(b, ref _cpB);
        return Kernels.Levenshtein.Similarity(_cpA.AsSpan(0, na), _cpB.AsSpan(0, nb));
    }

    /// <summary>UTF-8 → code points (invalid bytes become U+FFFD, as Python's decode with errors="replace").</summary>
    public static int Decode(ReadOnlySpan<byte> utf8, ref int[] into)
    {
        if (into.Length < utf8.Length) into = new int[Math.Max(utf8.Length, 2 * into.Length)];
        int n = 0;
        while (!utf8.IsEmpty)
        {
            if (utf8[0] < 0x80) { into[n++] = utf8[0]; utf8 = utf8[1..]; continue; }
            if (Rune.DecodeFromUtf8(utf8, out Rune r, out int used) != OperationStatus.Done) r = Rune.ReplacementChar;
            into[n++] = r.Value;
            utf8 = utf8[Math.Max(used, 1)..];
        }
        return n;
    }
}
