using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// Tokens of a model's repository name (the part after <c>owner/</c>), the name signal of lineage candidates.
/// <para><b>Rule:</b> lowercase ASCII; a token is a maximal run of letters and digits (anything else separates,
/// non-ASCII code points too); a run that starts with at least three letters followed by digits splits there
/// (<c>llama3</c> → llama, 3; <c>qwen2</c> → qwen, 2) while short prefixes stay whole (<c>8b</c>, <c>q4</c>, <c>t5</c>).
/// So <c>Llama-3-8B-Instruct-Q4_K_M-GGUF</c> → llama, 3, 8b, instruct, q4, k, m, gguf.</para>
/// Tokens are hashed (XxHash3, 64 bits) so a model's token set is a short sorted <c>ulong</c> row.
/// </summary>
[SkipLocalsInit]
public static class NameTokens
{
    public const int MaxTokens = 32;

    /// <summary>The repository name of an id: after the last '/', or the whole id.</summary>
    public static ReadOnlySpan<char> RepoName(ReadOnlySpan<char> id)
    {
        int slash = id.LastIndexOf('/');
        return slash < 0 ? id : id[(slash + 1)..];
    }

    /// <summary>Writes the tokens of <paramref name="name"/> as (start, length) ranges; returns how many (at most
    /// <see cref="MaxTokens"/>, the rest dropped).</summary>
    public static int Split(ReadOnlySpan<char> name, Span<Range> tokens)
    {
        int count = 0, i = 0, n = name.Length;
        while (i < n && count < tokens.Length)
        {
            if (!char.IsAsciiLetterOrDigit(name[i])) { i++; continue; }
            int start = i, letters = 0;
            while (i < n && char.IsAsciiLetter(name[i])) { i++; letters++; }
            if (letters >= 3 && i < n && char.IsAsciiDigit(name[i]))
            {
                tokens[count++] = new Range(start, i);
                continue; // the digits start the next token
            }
            while (i < n && char.IsAsciiLetterOrDigit(name[i])) i++;
            tokens[count++] = new Range(start, i);
        }
        return count;
    }

    /// <summary>The tokens of <paramref name="name"/> as lowercase strings (for tests and messages).</summary>
    public static string[] Tokens(string name)
    {
        Span<Range> ranges = stackalloc Range[MaxTokens];
        int k = Split(name, ranges);
        var result = new string[k];
        for (int t = 0; t < k; t++) result[t] = name[ranges[t]].ToLowerInvariant();
        return result;
    }

    /// <summary>Hash of one token, lowercased; <paramref name="salt"/> separates unigrams from bigrams.</summary>
    public static ulong Hash(ReadOnlySpan<char> token, ulong salt)
    {
        Span<byte> lower = stackalloc byte[64];
        int len = Math.Min(token.Length, lower.Length);
        for (int c = 0; c < len; c++) lower[c] = (byte)char.ToLowerInvariant(token[c]);
        return XxHash3.HashToUInt64(lower[..len], (long)salt);
    }

    /// <summary>Unigram hashes of <paramref name="name"/>, sorted and distinct, into <paramref name="into"/>; returns the count.</summary>
    public static int UnigramHashes(ReadOnlySpan<char> name, Span<ulong> into)
    {
        Span<Range> ranges = stackalloc Range[MaxTokens];
        int k = Math.Min(Split(name, ranges), into.Length);
        for (int t = 0; t < k; t++) into[t] = Hash(name[ranges[t]], 0);
        return SortDistinct(into[..k]);
    }

    /// <summary>Index keys of a name: its distinct unigrams and adjacent-token bigrams (salted), sorted and distinct.</summary>
    public static int KeyHashes(ReadOnlySpan<char> name, Span<ulong> into)
    {
        Span<Range> ranges = stackalloc Range[MaxTokens];
        int k = Split(name, ranges), n = 0;
        for (int t = 0; t < k && n < into.Length; t++) into[n++] = Hash(name[ranges[t]], 0);
        for (int t = 1; t < k && n < into.Length; t++)
            into[n++] = Hash(name[ranges[t - 1]], 0) * 31 ^ Hash(name[ranges[t]], 1);
        return SortDistinct(into[..n]);
    }

    public const int MaxRuns = 96;

    /// <summary>Shortest run a child looks up: a one-token run finds what the token's own key already finds (measured: real
    /// candidate recall 0.962 → 0.963 without them, synthetic 0.993 → 0.992, a fifth fewer lookups per child).</summary>
    public const int MinRun = 2;

    /// <summary>Hash of the token run <paramref name="tokens"/> (token hashes in order): a base name and a child's run meet on it.</summary>
    public static ulong RunHash(ReadOnlySpan<ulong> tokens)
    {
        ulong h = 0xC0FFEE;
        foreach (ulong t in tokens) h = Kernels.SplitMix64.Mix(h ^ t);
        return h;
    }

    /// <summary>The token hashes of <paramref name="name"/> in order (not distinct); returns the count (≤ <see cref="MaxTokens"/>).</summary>
    public static int SequenceHashes(ReadOnlySpan<char> name, Span<ulong> into)
    {
        Span<Range> ranges = stackalloc Range[MaxTokens];
        int k = Math.Min(Split(name, ranges), into.Length);
        for (int t = 0; t < k; t++) into[t] = Hash(name[ranges[t]], 0);
        return k;
    }

    /// <summary>
    /// The base names a model is indexed under, as <see cref="RunHash"/>es of its token sequence: the whole sequence, and
    /// (when at least three tokens remain, so a base name stays specific) the sequence without its first token (a vendor
    /// prefix: <c>Meta-Llama-3-8B</c> → llama 3 8b), without its last (a format suffix: <c>Llama-2-7b-chat-hf</c>) and
    /// without both. Sorted and distinct.
    /// </summary>
    public static int BaseNameHashes(ReadOnlySpan<ulong> sequence, Span<ulong> into)
    {
        int k = sequence.Length, n = 0;
        if (k == 0) return 0;
        into[n++] = RunHash(sequence);
        if (k >= 4)
        {
            into[n++] = RunHash(sequence[1..]);
            into[n++] = RunHash(sequence[..^1]);
        }
        if (k >= 5) into[n++] = RunHash(sequence[1..^1]);
        return SortDistinct(into[..n]);
    }

    /// <summary><see cref="RunHash"/>es of the contiguous token runs of at least <see cref="MinRun"/> tokens of a child's name
    /// that start at one of its first 8 tokens, at most <see cref="MaxRuns"/> (shorter runs first), sorted and distinct.</summary>
    public static int RunHashes(ReadOnlySpan<ulong> sequence, Span<ulong> into)
    {
        int k = sequence.Length, n = 0;
        for (int len = MinRun; len <= k && n < into.Length; len++)
            for (int start = 0; start + len <= k && start < 8 && n < into.Length; start++)
                into[n++] = RunHash(sequence.Slice(start, len));
        return SortDistinct(into[..n]);
    }

    /// <summary>Length of the longest contiguous run of <paramref name="parent"/>'s tokens that also occurs contiguously in
    /// <paramref name="child"/> (longest common substring over tokens: one row of the classic O(a·b) table, ≤ 32 tokens each).</summary>
    public static int LongestCommonRun(ReadOnlySpan<ulong> child, ReadOnlySpan<ulong> parent)
    {
        Span<int> run = stackalloc int[MaxTokens + 1];   // run[j + 1]: common run ending at child[i], parent[j]
        run[..(parent.Length + 1)].Clear();
        int best = 0;
        for (int i = 0; i < child.Length; i++)
            for (int j = parent.Length - 1; j >= 0; j--)   // right to left: run[j] still holds row i − 1
            {
                int l = child[i] == parent[j] ? run[j] + 1 : 0;
                run[j + 1] = l;
                if (l > best) best = l;
            }
        return best;
    }

    private static int SortDistinct(Span<ulong> values)
    {
        values.Sort();
        int n = 0;
        for (int i = 0; i < values.Length; i++)
            if (n == 0 || values[i] != values[n - 1]) values[n++] = values[i];
        return n;
    }
}
