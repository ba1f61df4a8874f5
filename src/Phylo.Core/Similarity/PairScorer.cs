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

    public void Score(Genome genome, int a, int b, Span<double> into)
    {
        if (!features.Has(genome, a) || !features.Has(genome, b))
        {
            into[..MeasureSlot.Of(genome).Count].Fill(double.NaN);
            return;
        }
        switch (genome)
        {
            case Genome.Card:
                into[0] = features.Card.Cosine(SimilarityMeasure.TfIdf, a, b);
                into[1] = features.Card.Cosine(SimilarityMeasure.Bow, a, b);
                into[2] = Levenshtein(CardGenome.Text(features.Table, a), CardGenome.Text(features.Table, b));
                into[3] = MinHasher.EstimateJaccard(features.Signature(features.Card.RowOf[a]), features.Signature(features.Card.RowOf[b]));
                break;
            case Genome.Metadata:
                into[0] = features.Metadata.Cosine(SimilarityMeasure.TfIdf, a, b);
                into[1] = features.Metadata.Cosine(SimilarityMeasure.Bow, a, b);
                into[2] = Levenshtein(features.MetadataText.Render(a, _metaA), features.MetadataText.Render(b, _metaB));
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
