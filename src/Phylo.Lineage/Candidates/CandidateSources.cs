using Phylo.Kernels;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Candidates;

/// <summary>Where a candidate parent came from (bit flags of <see cref="CandidateSet.Sources"/>).</summary>
[Flags]
public enum CandidateSource : byte
{
    None = 0,
    /// <summary>Shares an LSH band (all rows equal) of the card-body MinHash signature.</summary>
    Card = 1,
    /// <summary>Shares a name token or adjacent-token bigram.</summary>
    Name = 2,
    /// <summary>Same author.</summary>
    Author = 4,
    /// <summary>Same architecture (config <c>model_type</c>).</summary>
    Architecture = 8,
}

/// <summary>
/// The keys of one model: one per LSH band of its card-body signature, one per name key
/// (<see cref="NameTokens.KeyHashes"/>), its author and its model type — the same whether the model is indexed as a
/// possible parent or looked up as a child. Names add one asymmetric key: a model is indexed under its whole token
/// sequence and a child looks up every contiguous run of its tokens, so <c>X-finetuned-Q8_0-GGUF</c> finds
/// <c>X-finetuned</c> however crowded the tokens x and finetuned are. A key's low two bits name its source, so keys
/// of different sources never meet in one bucket.
/// </summary>
public static class CandidateKeys
{
    public const int Bands = 24, RowsPerBand = 4;
    public const int MaxKeys = Bands + 2 * NameTokens.MaxTokens + NameTokens.MaxRuns + 2;

    public static int Of(ModelSignals s, int model, Span<ulong> keys, bool asChild)
    {
        int n = 0;
        int row = s.Card.RowOf[model];
        if (row >= 0)
        {
            Span<ulong> bands = stackalloc ulong[Bands];
            MinHasher.BandKeys(s.Signature(row), Bands, RowsPerBand, bands);
            foreach (ulong b in bands) keys[n++] = Tag(b, 0);
        }
        Span<ulong> names = stackalloc ulong[2 * NameTokens.MaxTokens];
        int k = NameTokens.KeyHashes(NameTokens.RepoName(s.Table.Ids[model]), names);
        for (int i = 0; i < k; i++) keys[n++] = Tag(names[i], 1);
        Span<ulong> runs = stackalloc ulong[NameTokens.MaxRuns];
        int r = NameTokens.RunHashes(NameTokens.RepoName(s.Table.Ids[model]), runs, wholeOnly: !asChild);
        for (int i = 0; i < r; i++) keys[n++] = Tag(runs[i] ^ 0x7275_6E73UL, 1);
        if (s.Table.Author[model] >= 0) keys[n++] = Tag((ulong)s.Table.Author[model], 2);
        if (s.Table.ModelType[model] >= 0) keys[n++] = Tag((ulong)s.Table.ModelType[model], 3);
        return n;
    }

    public static CandidateSource SourceOf(ulong key) => (CandidateSource)(1 << (int)(key & 3));

    private static ulong Tag(ulong hash, ulong source) => (SplitMix64.Mix(hash ^ (source * 0x5851_F42D_4C95_7F2D)) & ~3UL) | source;
}
