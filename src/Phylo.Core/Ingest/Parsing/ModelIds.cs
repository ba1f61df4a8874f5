namespace Phylo.Ingest.Parsing;

/// <summary>Model ids as the Hub spells them ("owner/name", or a bare legacy name such as "gpt2").</summary>
public static class ModelIds
{
    /// <summary>
    /// Turns a Hub URL into a model id and trims whitespace:
    /// <c>https://huggingface.co/owner/name</c> (http or https, optional <c>www.</c>, also <c>hf.co</c>,
    /// host case-insensitive) → <c>owner/name</c>. Anything after the id — a trailing slash, <c>/tree/main/…</c>,
    /// <c>/blob/…</c>, <c>?query</c>, <c>#fragment</c> — is dropped; a URL of a bare legacy id
    /// (<c>https://huggingface.co/gpt2/tree/main</c>) gives <c>gpt2</c>. Plain ids are returned as they are
    /// (trimmed). Blank input gives "".
    /// </summary>
    public static string Normalize(ReadOnlySpan<char> id)
    {
        id = id.Trim();
        if (id.IsEmpty) return "";
        if (!StripHost(ref id)) return new string(id);

        int cut = id.IndexOfAny('?', '#');
        if (cut >= 0) id = id[..cut];
        id = id.TrimStart('/');
        int slash = id.IndexOf('/');
        if (slash < 0) return new string(id);
        var rest = id[(slash + 1)..];
        int slash2 = rest.IndexOf('/');
        var second = slash2 < 0 ? rest : rest[..slash2];
        // A bare legacy id followed by a repository view path.
        if (second.IsEmpty || IsViewSegment(second)) return new string(id[..slash]);
        return new string(id[..(slash + 1 + second.Length)]);
    }

    /// <summary>True when <paramref name="id"/> starts with a Hub URL prefix.</summary>
    public static bool IsUrl(ReadOnlySpan<char> id)
    {
        id = id.Trim();
        return StripHost(ref id);
    }

    private static bool StripHost(ref ReadOnlySpan<char> id)
    {
        var s = id;
        if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) s = s[8..];
        else if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) s = s[7..];
        else return false;
        if (s.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) s = s[4..];
        if (s.StartsWith("huggingface.co", StringComparison.OrdinalIgnoreCase)) s = s[14..];
        else if (s.StartsWith("hf.co", StringComparison.OrdinalIgnoreCase)) s = s[5..];
        else return false;
        if (!s.IsEmpty && s[0] != '/') return false; // huggingface.com, hf.com, …
        id = s;
        return true;
    }

    private static bool IsViewSegment(ReadOnlySpan<char> segment) =>
        segment is "tree" or "blob" or "resolve" or "commit" or "commits" or "discussions" or "raw" or "edit";
}
