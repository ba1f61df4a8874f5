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
        "card_tfidf_cosine", "card_minhash_jaccard", "name_token_jaccard", "parent_tokens_in_child",
        "name_levenshtein_similarity", "same_author", "created_gap_log_days", "same_task", "same_library",
        "license_jaccard", "same_model_type", "parent_children_log", "parent_downloads_log", "parent_likes_log",
        "parent_generation", "shared_keys", "from_card", "from_name", "from_author", "from_architecture",
        "candidate_position",
    ];

    public const int Count = 21;

    public static void Fill(ModelSignals s, KnownLineage known, int child, int parent, byte votes, CandidateSource src, int position, Span<float> f)
    {
        ModelTable t = s.Table;
        f[0] = CardCosine(s, child, parent);
        int rc = s.Card.RowOf[child], rp = s.Card.RowOf[parent];
        f[1] = rc < 0 || rp < 0 ? -1f : (float)MinHasher.EstimateJaccard(s.Signature(rc), s.Signature(rp));
        ReadOnlySpan<ulong> a = s.Name(child), b = s.Name(parent);
        int shared = SortedOverlap(a, b);
        int union = a.Length + b.Length - shared;
        f[2] = union == 0 ? 0f : (float)shared / union;
        f[3] = b.Length == 0 ? 0f : (float)shared / b.Length;
        f[4] = (float)NameSimilarity(NameTokens.RepoName(t.Ids[child]), NameTokens.RepoName(t.Ids[parent]));
        f[5] = t.Author[child] >= 0 && t.Author[child] == t.Author[parent] ? 1f : 0f;
        long tc = t.CreatedAt[child], tp = t.CreatedAt[parent];
        f[6] = tc == ModelTable.UnknownTime || tp == ModelTable.UnknownTime ? -1f : (float)Math.Log(1 + Math.Max(0, tc - tp) / 86400.0);
        f[7] = SameSingle(t[TraitKind.Task], child, parent);
        f[8] = SameSingle(t[TraitKind.Library], child, parent);
        f[9] = SetJaccardOrMissing(t[TraitKind.License], child, parent);
        f[10] = t.ModelType[child] < 0 || t.ModelType[parent] < 0 ? -1f : t.ModelType[child] == t.ModelType[parent] ? 1f : 0f;
        f[11] = known.Enabled ? (float)Math.Log(1 + known.Children[parent]) : -1f;
        f[12] = (float)Math.Log(1 + Math.Max(0, t.Downloads[parent]));
        f[13] = (float)Math.Log(1 + Math.Max(0, t.Likes[parent]));
        f[14] = known.Enabled ? known.Generation[parent] : -1f;
        f[15] = votes;
        f[16] = (src & CandidateSource.Card) != 0 ? 1f : 0f;
        f[17] = (src & CandidateSource.Name) != 0 ? 1f : 0f;
        f[18] = (src & CandidateSource.Author) != 0 ? 1f : 0f;
        f[19] = (src & CandidateSource.Architecture) != 0 ? 1f : 0f;
        f[20] = position;
    }

    /// <summary>TF-IDF cosine of the card bodies; −1 when either model has none (the no-ML baseline's score).</summary>
    public static float CardCosine(ModelSignals s, int child, int parent)
    {
        double c = s.Card.Cosine(Similarity.SimilarityMeasure.TfIdf, child, parent);
        return double.IsNaN(c) ? -1f : (float)c;
    }

    private static int SortedOverlap(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { n++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return n;
    }

    private static float SameSingle(TraitColumn col, int a, int b)
    {
        ReadOnlySpan<int> x = col[a], y = col[b];
        if (x.IsEmpty || y.IsEmpty) return -1f;
        return x.SequenceEqual(y) ? 1f : 0f;
    }

    private static float SetJaccardOrMissing(TraitColumn col, int a, int b)
    {
        ReadOnlySpan<int> x = col[a], y = col[b];
        if (x.IsEmpty || y.IsEmpty) return -1f;
        int shared = 0, i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j]) { shared++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }
        return (float)shared / (x.Length + y.Length - shared);
    }

    /// <summary>1 − Levenshtein / max length over the lowercased code points of two repository names.</summary>
    public static double NameSimilarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Span<int> ca = stackalloc int[128], cb = stackalloc int[128];
        return Levenshtein.Similarity(ca[..CodePoints(a, ca)], cb[..CodePoints(b, cb)]);
    }

    private static int CodePoints(ReadOnlySpan<char> s, Span<int> into)
    {
        int n = 0;
        foreach (Rune r in s.EnumerateRunes())
        {
            if (n == into.Length) break;
            into[n++] = Rune.ToLowerInvariant(r).Value;
        }
        return n;
    }
}
