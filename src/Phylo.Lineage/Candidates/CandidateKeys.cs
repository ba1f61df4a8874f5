using System.Runtime.CompilerServices;
using Phylo.Kernels;
using Phylo.Lineage.Features;
using Phylo.Table;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// The index keys of one model, by source: one per LSH band of its card-body signature (<see cref="CandidateSource.Card"/>);
/// its name's token unigrams and adjacent bigrams (<see cref="CandidateSource.NameToken"/>); its author, its
/// <c>model_type</c>, its task and library; its rarest plain tags and datasets. Names add one asymmetric key family
/// (<see cref="CandidateSource.BaseName"/>): a model is indexed under its base names
/// (<see cref="NameTokens.BaseNameHashes"/>) and a child looks up every contiguous run of its name's tokens
/// (<see cref="NameTokens.RunHashes"/>), so <c>X-finetuned-Q8_0-GGUF</c> finds <c>X-finetuned</c> however crowded the
/// tokens x and finetuned are. A key's low four bits are its source index, so keys of different sources never meet.
/// Mentions and the popularity prior need no key (<see cref="CandidateGenerator"/>).
/// </summary>
[SkipLocalsInit]
public static class CandidateKeys
{
    public const int Bands = 24, RowsPerBand = 4;
    /// <summary>Tags and datasets keyed per model: the rarest, where a shared one says most.</summary>
    public const int MaxTags = 12, MaxDatasets = 4;
    public const int MaxKeys = Bands + 2 * NameTokens.MaxTokens + NameTokens.MaxRuns + 4 + MaxTags + MaxDatasets;

    public static int Of(ModelSignals s, int model, Span<ulong> keys, bool asChild)
    {
        int n = 0;
        ModelTable t = s.Table;
        int row = s.BodyRowOf[model];
        if (row >= 0)
        {
            Span<ulong> bands = stackalloc ulong[Bands];
            MinHasher.BandKeys(s.Signature(row), Bands, RowsPerBand, bands);
            foreach (ulong b in bands) keys[n++] = Tag(b, CandidateSources.Card);
        }
        Span<ulong> names = stackalloc ulong[2 * NameTokens.MaxTokens];
        int k = NameTokens.KeyHashes(NameTokens.RepoName(t.Ids[model]), names);
        for (int i = 0; i < k; i++) keys[n++] = Tag(names[i], CandidateSources.NameToken);
        Span<ulong> runs = stackalloc ulong[NameTokens.MaxRuns];
        int r = asChild ? NameTokens.RunHashes(s.Name(model), runs) : NameTokens.BaseNameHashes(s.Name(model), runs);
        for (int i = 0; i < r; i++) keys[n++] = Tag(runs[i], CandidateSources.BaseName);
        if (t.Author[model] >= 0) keys[n++] = Tag((ulong)t.Author[model], CandidateSources.Author);
        if (t.ModelType[model] >= 0) keys[n++] = Tag((ulong)t.ModelType[model], CandidateSources.Architecture);
        foreach (int task in t[TraitKind.Task][model]) keys[n++] = Tag((ulong)task, CandidateSources.Kind);
        foreach (int lib in t[TraitKind.Library][model]) keys[n++] = Tag((uint)lib | 1UL << 40, CandidateSources.Kind);
        n += Rarest(t[TraitKind.Tag], model, s.UsableTag, MaxTags, 0, keys[n..]);
        n += Rarest(t[TraitKind.Dataset], model, null, MaxDatasets, 1UL << 40, keys[n..]);
        return n;
    }

    public static int SourceIndex(ulong key) => (int)(key & 15);

    /// <summary>Keys of the <paramref name="max"/> values of <paramref name="model"/>'s row shared by the fewest models
    /// (ties: lower id), skipping values held by one model only (they can match nothing).</summary>
    private static int Rarest(TraitColumn col, int model, bool[]? usable, int max, ulong salt, Span<ulong> keys)
    {
        ReadOnlySpan<int> row = col[model];
        Span<ulong> pick = stackalloc ulong[64];
        int n = 0;
        foreach (int v in row)
        {
            if (n == pick.Length) break;
            if ((usable is not null && !usable[v]) || col.ModelCounts[v] < 2) continue;
            pick[n++] = (ulong)(uint)col.ModelCounts[v] << 32 | (uint)v;
        }
        pick[..n].Sort();
        int take = Math.Min(n, max);
        for (int i = 0; i < take; i++) keys[i] = Tag((pick[i] & 0xFFFF_FFFFUL) | salt, CandidateSources.Tags);
        return take;
    }

    private static ulong Tag(ulong hash, int source) => (SplitMix64.Mix(hash ^ ((ulong)(source + 1) * 0x5851_F42D_4C95_7F2D)) & ~15UL) | (uint)source;
}
