using System.Runtime.CompilerServices;
using System.Text;
using Phylo.Kernels;
using Phylo.Lineage.Candidates;
using Phylo.Table;

namespace Phylo.Lineage.Features;

/// <summary>
/// The ranker's features of one (child, candidate parent) pair. Missing values are −1 (never NaN: the exported
/// trees compare with ≤ and NaN would take a path ML.NET does not). Order is the model's input layout: changing it
/// invalidates saved models, so <see cref="Names"/> is stored with each model and checked on load.
/// </summary>
[SkipLocalsInit]
public static class PairFeatures
{
    public static readonly string[] Names =
    [
        "card_minhash_jaccard", "name_token_jaccard", "parent_tokens_in_child",
        "name_levenshtein_similarity", "parent_run_in_child", "same_author", "created_gap_log_days", "same_task",
        "same_library", "license_jaccard", "same_model_type", "tag_jaccard", "dataset_jaccard", "child_mentions_parent",
        "child_mentions", "parent_children_log", "parent_downloads_log", "parent_likes_log", "parent_generation",
        "vote", "candidate_position", "child_relation_guess", "from_card", "from_name_token", "from_base_name",
        "from_tags", "from_kind", "from_popular", "popularity_rank_in_candidates", "candidates_with_evidence",
        "kind_agreement", "kind_agreement_margin", "name_token_jaccard_margin", "parent_tokens_in_child_margin",
        "parent_run_in_child_margin", "name_levenshtein_margin", "tag_jaccard_margin", "card_minhash_margin", "name_dominated",
        "popularity_rank_among_best_agreeing", "shared_name_tokens_margin", "parent_name_tokens_not_in_child",
    ];

    public const int Count = 42;

    /// <summary>Sources that say something about this pair, not only about the candidate's popularity or kind.</summary>
    private const CandidateSource Evidence = CandidateSource.Card | CandidateSource.NameToken | CandidateSource.BaseName
        | CandidateSource.Author | CandidateSource.Architecture | CandidateSource.Mention | CandidateSource.Tags;

    /// <summary>
    /// The features of every candidate of child <paramref name="i"/> of <paramref name="cands"/>, one row of
    /// <see cref="Count"/> floats per candidate in candidate order, into <paramref name="matrix"/>. Besides the pair's own
    /// features a row says where the candidate stands among the child's candidates by popularity (0 = the most
    /// downloaded), how many of them share more than popularity and kind with the child, and how the candidate compares
    /// with the best of the others (<see cref="CandidateContrast"/>).
    /// </summary>
    public static void FillChild(ModelSignals s, KnownLineage known, CandidateSet cands, int i, Span<float> matrix)
    {
        var range = cands.Of(i);
        FillChild(s, known, cands.Children[i], cands.Parents.AsSpan(range), cands.Votes.AsSpan(range), cands.Sources.AsSpan(range), matrix);
    }

    /// <summary><see cref="FillChild(ModelSignals, KnownLineage, CandidateSet, int, Span{float})"/> of one child's candidates
    /// given as spans (best first).</summary>
    public static void FillChild(ModelSignals s, KnownLineage known, int child, ReadOnlySpan<int> parents, ReadOnlySpan<ushort> votes,
        ReadOnlySpan<CandidateSource> sources, Span<float> matrix)
    {
        int count = parents.Length;
        Span<ulong> order = count <= 256 ? stackalloc ulong[count] : new ulong[count];
        int evidence = 0;
        for (int k = 0; k < count; k++)
        {
            order[k] = (ulong)(uint)s.PopularityRank[parents[k]] << 32 | (uint)k;
            if ((sources[k] & Evidence) != 0) evidence++;
        }
        order.Sort();
        if (Simd.CanPrefetch) Prefetch(s, parents);
        Span<int> childName = stackalloc int[MaxNameCodePoints];
        childName = childName[..LowerCodePoints(NameTokens.RepoName(s.Table.Ids[child]), childName)];
        Span<ulong> childTokens = stackalloc ulong[NameTokens.MaxTokens];
        childTokens = childTokens[..DistinctTokens(s.Name(child), childTokens)];
        Span<int> shared = count <= 256 ? stackalloc int[count] : new int[count];
        for (int r = 0; r < count; r++)
        {
            int k = (int)(order[r] & 0xFFFF_FFFF);
            Span<float> f = matrix.Slice(k * Count, Count);
            shared[k] = Fill(s, known, child, childName, childTokens, parents[k], votes[k], sources[k], k, f);
            f[28] = r;
            f[29] = evidence;
        }
        CandidateContrast.Fill(s, shared, parents, order, matrix);
    }

    /// <summary>
    /// Hints the cache lines of every candidate's columns <see cref="Fill"/> reads. At full scale most candidates' rows are
    /// cold and a pair's feature work is a string of random reads; issued together for a child's candidates the misses
    /// overlap instead of waiting one pair at a time. A hint only (an address a moved array no longer has costs nothing).
    /// </summary>
    private static void Prefetch(ModelSignals s, ReadOnlySpan<int> parents)
    {
        ModelTable t = s.Table;
        TraitColumn task = t[TraitKind.Task], library = t[TraitKind.Library], license = t[TraitKind.License], tag = t[TraitKind.Tag],
            dataset = t[TraitKind.Dataset];
        foreach (int p in parents)
        {
            Hint(t.CreatedAt, p); Hint(t.Downloads, p); Hint(t.Likes, p); Hint(t.Author, p); Hint(t.ModelType, p);
            Hint(s.BodyRowOf, p); Hint(s.NameOffsets, p); Hint(s.NameDistinct, p);
            Hint(task.Offsets, p); Hint(library.Offsets, p); Hint(license.Offsets, p); Hint(tag.Offsets, p); Hint(dataset.Offsets, p);
        }
    }

    /// <summary>Prefetch hint for one row of a column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Hint<T>(T[] column, int row) where T : unmanaged => Simd.Prefetch0(Unsafe.AsPointer(ref column[row]));

    /// <summary>Index of <c>parent_children_log</c> (training leaves the edge itself out of it).</summary>
    public const int ParentChildren = 15;

    /// <summary>The features of one pair that need no other candidate (<c>popularity_rank_in_candidates</c> and after are
    /// left as they are); <paramref name="childName"/> is the child's repository name as <see cref="LowerCodePoints"/> gives it and
    /// <paramref name="childTokens"/> its distinct name tokens (both computed once per child). Returns how many of the child's
    /// distinct tokens the parent's name carries (what <see cref="CandidateContrast"/> compares too).</summary>
    private static int Fill(ModelSignals s, KnownLineage known, int child, ReadOnlySpan<int> childName, ReadOnlySpan<ulong> childTokens,
        int parent, ushort votes, CandidateSource src, int position, Span<float> f)
    {
        ModelTable t = s.Table;
        int rc = s.BodyRowOf[child], rp = s.BodyRowOf[parent];
        f[0] = rc < 0 || rp < 0 ? -1f : (float)MinHasher.EstimateJaccard(s.Signature(rc), s.Signature(rp));
        ReadOnlySpan<ulong> a = s.Name(child), b = s.Name(parent);
        int distinctB = s.NameDistinct[parent], shared = 0;
        foreach (ulong token in childTokens) if (b.Contains(token)) shared++;
        int union = childTokens.Length + distinctB - shared;
        f[1] = union == 0 ? 0f : (float)shared / union;
        f[2] = distinctB == 0 ? 0f : (float)shared / distinctB;
        Span<int> parentName = stackalloc int[MaxNameCodePoints];
        f[3] = (float)Levenshtein.Similarity(childName, parentName[..LowerCodePoints(NameTokens.RepoName(t.Ids[parent]), parentName)]);
        f[4] = b.IsEmpty ? 0f : (float)NameTokens.LongestCommonRun(a, b) / b.Length;
        f[5] = t.Author[child] >= 0 && t.Author[child] == t.Author[parent] ? 1f : 0f;
        long tc = t.CreatedAt[child], tp = t.CreatedAt[parent];
        f[6] = tc == ModelTable.UnknownTime || tp == ModelTable.UnknownTime ? -1f : (float)Math.Log(1 + Math.Max(0, tc - tp) / 86400.0);
        f[7] = SameSingle(t[TraitKind.Task], child, parent);
        f[8] = SameSingle(t[TraitKind.Library], child, parent);
        f[9] = SetJaccardOrMissing(t[TraitKind.License], child, parent, null);
        f[10] = t.ModelType[child] < 0 || t.ModelType[parent] < 0 ? -1f : t.ModelType[child] == t.ModelType[parent] ? 1f : 0f;
        f[11] = SetJaccardOrMissing(t[TraitKind.Tag], child, parent, s.UsableTag);
        f[12] = SetJaccardOrMissing(t[TraitKind.Dataset], child, parent, null);
        f[13] = s.MentionKind(child, parent);
        f[14] = s.HasCard[child] ? s.Mentions(child).Length : -1f;
        f[ParentChildren] = known.Enabled ? (float)Math.Log(1 + known.Children[parent]) : -1f;
        f[16] = (float)Math.Log(1 + Math.Max(0, t.Downloads[parent]));
        f[17] = (float)Math.Log(1 + Math.Max(0, t.Likes[parent]));
        f[18] = known.Enabled ? known.Generation[parent] : -1f;
        f[19] = votes;
        f[20] = position;
        f[21] = s.Relation[child];
        f[22] = Flag(src, CandidateSource.Card);
        f[23] = Flag(src, CandidateSource.NameToken);
        f[24] = Flag(src, CandidateSource.BaseName);
        f[25] = Flag(src, CandidateSource.Tags);
        f[26] = Flag(src, CandidateSource.Kind);
        f[27] = Flag(src, CandidateSource.Popular);
        return shared;
    }

    private static float Flag(CandidateSource src, CandidateSource bit) => (src & bit) != 0 ? 1f : 0f;

    /// <summary>TF-IDF cosine of the card bodies; −1 when either model has none (the no-ML baseline's score; needs
    /// <see cref="ModelSignals.CardVectors"/>).</summary>
    public static float CardCosine(ModelSignals s, int child, int parent)
    {
        if (s.CardVectors is not { } vectors) return -1f;   // no bodies kept, or inference (which builds no TF-IDF rows)
        double c = vectors.Cosine(Phylo.Analyses.Similarity.SimilarityMeasure.TfIdf, child, parent);
        return double.IsNaN(c) ? -1f : (float)c;
    }

    /// <summary>The distinct tokens of a name (≤ 32), first seen first.</summary>
    private static int DistinctTokens(ReadOnlySpan<ulong> x, Span<ulong> into)
    {
        int n = 0;
        foreach (ulong t in x) if (!into[..n].Contains(t)) into[n++] = t;
        return n;
    }

    private static float SameSingle(TraitColumn col, int a, int b)
    {
        ReadOnlySpan<int> x = col[a];
        if (x.IsEmpty) return -1f;   // the child's side first: the parent's is a random read
        ReadOnlySpan<int> y = col[b];
        if (y.IsEmpty) return -1f;
        return x.SequenceEqual(y) ? 1f : 0f;
    }

    /// <summary>Jaccard of two models' sets of a trait (only values <paramref name="usable"/> allows); −1 when either is empty.</summary>
    private static float SetJaccardOrMissing(TraitColumn col, int a, int b, bool[]? usable)
    {
        ReadOnlySpan<int> x = col[a];
        if (x.IsEmpty) return -1f;   // what the merge below finds too (nx stays 0), without reading the parent's set
        ReadOnlySpan<int> y = col[b];
        if (y.IsEmpty) return -1f;
        int shared = 0, nx = 0, ny = 0, i = 0, j = 0;
        while (i < x.Length || j < y.Length)
        {
            if (j == y.Length || (i < x.Length && x[i] < y[j])) { if (usable is null || usable[x[i]]) nx++; i++; }
            else if (i == x.Length || y[j] < x[i]) { if (usable is null || usable[y[j]]) ny++; j++; }
            else
            {
                if (usable is null || usable[x[i]]) { shared++; nx++; ny++; }
                i++;
                j++;
            }
        }
        if (nx == 0 || ny == 0) return -1f;
        return (float)shared / (nx + ny - shared);
    }

    /// <summary>Names are compared on their first 128 code points.</summary>
    private const int MaxNameCodePoints = 128;

    /// <summary>1 − Levenshtein / max length over the lowercased code points of two repository names.</summary>
    public static double NameSimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Span<int> ca = stackalloc int[MaxNameCodePoints], cb = stackalloc int[MaxNameCodePoints];
        return Levenshtein.Similarity(ca[..LowerCodePoints(a, ca)], cb[..LowerCodePoints(b, cb)]);
    }

    /// <summary>The lowercased code points of <paramref name="s"/> (at most <c>into.Length</c>); ASCII without decoding.</summary>
    private static int LowerCodePoints(ReadOnlySpan<char> s, Span<int> into)
    {
        int n = 0;
        if (!System.Text.Ascii.IsValid(s))
        {
            foreach (Rune r in s.EnumerateRunes())
            {
                if (n == into.Length) break;
                into[n++] = Rune.ToLowerInvariant(r).Value;
            }
            return n;
        }
        for (; n < s.Length && n < into.Length; n++)
        {
            int c = s[n];
            into[n] = (uint)(c - 'A') <= 'Z' - 'A' ? c | 0x20 : c;
        }
        return n;
    }
}
