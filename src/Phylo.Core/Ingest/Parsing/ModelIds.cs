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

    /// <summary>
    /// As <see cref="Normalize(ReadOnlySpan{char})"/>, returning <paramref name="id"/> itself (no allocation)
    /// when it is already a normalized plain id; null gives "".
    /// </summary>
    public static string Normalize(string? id)
    {
        if (id is null) return "";
        if (id.Length > 0 && !char.IsWhiteSpace(id[0]) && !char.IsWhiteSpace(id[^1]) && !IsUrl(id)) return id;
        return Normalize(id.AsSpan());
    }

    /// <summary>
    /// A list of model ids in either spelling the crawl CSVs use for <c>children</c>, <c>adapters</c>,
    /// <c>quantized</c>, <c>merges</c>: a Python list literal (<c>['https://huggingface.co/a/b', …]</c>, slim layout)
    /// or a plain comma-separated string (<c>https://huggingface.co/a/b, https://huggingface.co/c/d</c>, full layout);
    /// blank is the empty list. Each item is normalized; blank items are dropped. False (into untouched)
    /// when a list literal is malformed.
    /// </summary>
    public static bool TryParseList(ReadOnlySpan<char> text, List<string> into)
    {
        text = text.Trim();
        int start = into.Count;
        if (!text.IsEmpty && text[0] == '[')
        {
            if (!PyListLiteral.TryParse(text, into)) return false;
            int kept = start;
            for (int i = start; i < into.Count; i++)
            {
                string id = Normalize(into[i]);
                if (id.Length > 0) into[kept++] = id;
            }
            into.RemoveRange(kept, into.Count - kept);
            return true;
        }
        if (text is "nan" or "NaN" or "None" or "N/A") return true;
        foreach (var range in text.Split(','))
        {
            var item = text[range];
            if (!item.IsWhiteSpace()) into.Add(Normalize(item));
        }
        return true;
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
