using System.Buffers;
using System.Globalization;
using System.Text;

namespace Phylo.Ingest.Parsing;

/// <summary>
/// Python list literals as <c>repr(list_of_str)</c> and pandas' <c>to_csv</c> write them, e.g.
/// <c>['a', "b's", 'x\'y']</c>. Used by every list column of the published CSV (tags, licenses, *_parent, …).
/// </summary>
/// <remarks>
/// Accepted:
/// <list type="bullet">
/// <item><c>[]</c>, and a blank cell, <c>nan</c>, <c>NaN</c>, <c>None</c> (pandas' missing values) as the empty list.</item>
/// <item>Items as string literals in single or double quotes with Python's escapes:
///   <c>\\ \' \" \n \t \r \a \b \f \v \0-\777 (octal) \xhh \uXXXX \UXXXXXXXX</c>, backslash-newline (line continuation);
///   an unknown escape such as <c>\q</c> keeps its backslash, as Python does. Raw newlines inside quotes are tolerated.</item>
/// <item>Bare tokens (<c>None</c>, <c>3</c>, <c>True</c>) as their text.</item>
/// <item>Whitespace around items and brackets, and one trailing comma (<c>['a',]</c>).</item>
/// </list>
/// Anything else (unterminated string, missing bracket, text after <c>]</c>, empty item, nested list,
/// bad escape digits, code point above U+10FFFF) is malformed: <c>TryParse</c> returns false and leaves
/// the destination list exactly as it was.
/// Hot path: one string allocated per item (none for an item a worker's <see cref="RecentStrings"/> holds), nothing else unless
/// the input is large.
/// </remarks>
public static class PyListLiteral
{
    private const int StackChars = 512;

    /// <summary>Parses <paramref name="text"/> and appends its items to <paramref name="into"/>; false (into untouched) when malformed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, List<string> into) => TryParse(text, into, null);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{char}, List{string})"/>; items already in <paramref name="strings"/> are
    /// not allocated again (the same text either way).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, List<string> into, RecentStrings? strings)
    {
        int start = into.Count;
        if (Parse(text, into, strings)) return true;
        into.RemoveRange(start, into.Count - start);
        return false;
    }

    /// <summary>As <see cref="TryParse(ReadOnlySpan{char}, List{string})"/> on UTF-8 bytes (invalid sequences become U+FFFD).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, List<string> into) => TryParse(utf8, into, null);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, List{string})"/>, items looked up in <paramref name="strings"/> first.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, List<string> into, RecentStrings? strings)
    {
        int max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        char[]? rented = null;
        Span<char> buffer = max <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(max));
        try
        {
            int n = Encoding.UTF8.GetChars(utf8, buffer);
            return TryParse(buffer[..n], into, strings);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Writes <c>repr(items)</c> exactly as CPython would for a list of str.</summary>
    public static void Write(IReadOnlyList<string> items, StringBuilder into)
    {
        into.Append('[');
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) into.Append(", ");
            WriteRepr(items[i], into);
        }
        into.Append(']');
    }

    /// <summary>Writes <c>repr(s)</c> for one str: single quotes unless the text has ' and no ".</summary>
    public static void WriteRepr(string s, StringBuilder into)
    {
        char quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        into.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                cp = char.ConvertToUtf32(c, s[i + 1]);
            }
            if (c == quote || c == '\\') into.Append('\\').Append(c);
            else if (c == '\t') into.Append("\\t");
            else if (c == '\n') into.Append("\\n");
            else if (c == '\r') into.Append("\\r");
            else if (cp < 0x7f && cp >= 0x20) into.Append(c);
            else if (IsPrintable(cp))
            {
                into.Append(c);
                if (cp > 0xffff) into.Append(s[++i]);
            }
            else if (cp < 0x100) into.Append("\\x").Append(cp.ToString("x2", CultureInfo.InvariantCulture));
            else if (cp < 0x10000) into.Append("\\u").Append(cp.ToString("x4", CultureInfo.InvariantCulture));
            else
            {
                into.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                i++;
            }
        }
        into.Append(quote);
    }

    /// <summary>
    /// Python's <c>str.isprintable</c> for one code point: false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp
    /// and Zs other than the space. (Unicode versions differ slightly between CPython and .NET for
    /// newly assigned code points; both spellings parse back to the same text.)
    /// </summary>
    public static bool IsPrintable(int codePoint)
    {
        if (codePoint == ' ') return true;
        var cat = codePoint <= 0xffff
            ? CharUnicodeInfo.GetUnicodeCategory((char)codePoint)
            : CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    private static bool Parse(ReadOnlySpan<char> text, List<string> into, RecentStrings? strings)
    {
        text = text.Trim();
        if (text.IsEmpty || text.SequenceEqual("nan") || text.SequenceEqual("NaN") || text.SequenceEqual("None")) return true;
        if (text[0] != '[' || text[^1] != ']') return false;
        var body = text[1..^1];
        int i = 0;
        while (true)
        {
            i = SkipSpace(body, i);
            if (i == body.Length) return true; // "[]", or "[..., ]" after a trailing comma
            char c = body[i];
            if (c == '\'' || c == '"')
            {
                if (!ReadQuoted(body, ref i, into, strings)) return false;
            }
            else if (!ReadBare(body, ref i, into, strings)) return false;
            i = SkipSpace(body, i);
            if (i == body.Length) return true;
            if (body[i] != ',') return false;
            i++;
            // A second comma or a comma right after '[' is an empty item: malformed.
            int next = SkipSpace(body, i);
            if (next < body.Length && body[next] == ',') return false;
        }
    }

    private static string Make(ReadOnlySpan<char> item, RecentStrings? strings) => strings is null ? new string(item) : strings.Get(item);

    private static int SkipSpace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        return i;
    }

    /// <summary>A bare token (None, 3, True): no spaces, quotes, brackets or backslashes inside.</summary>
    private static bool ReadBare(ReadOnlySpan<char> body, ref int i, List<string> into, RecentStrings? strings)
    {
        int start = i;
        while (i < body.Length && body[i] is not (',' or ' ' or '\t' or '\n' or '\r'))
        {
            if (body[i] is '[' or ']' or '\'' or '"' or '\\' or '(' or ')' or '{' or '}') return false;
            i++;
        }
        if (i == start) return false;
        into.Add(Make(body[start..i], strings));
        return true;
    }

    /// <summary>Reads a quoted literal starting at body[i]; leaves i after the closing quote.</summary>
    private static bool ReadQuoted(ReadOnlySpan<char> body, ref int i, List<string> into, RecentStrings? strings)
    {
        char quote = body[i];
        int start = i + 1;
        int j = start;
        bool escaped = false;
        while (true)
        {
            if (j >= body.Length) return false; // unterminated
            char c = body[j];
            if (c == quote) break;
            if (c == '\\')
            {
                escaped = true;
                j += 2;
                continue;
            }
            j++;
        }
        var raw = body[start..j];
        i = j + 1;
        if (!escaped)
        {
            into.Add(Make(raw, strings));
            return true;
        }
        // Unescaping never lengthens the text, so raw.Length chars suffice.
        char[]? rented = null;
        Span<char> buffer = raw.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            int n = Unescape(raw, buffer);
            if (n < 0) return false;
            into.Add(Make(buffer[..n], strings));
            return true;
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Undoes Python string escapes; returns the length written, or -1 for a malformed escape.</summary>
    private static int Unescape(ReadOnlySpan<char> raw, Span<char> dst)
    {
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '\\')
            {
                dst[n++] = c;
                continue;
            }
            char e = raw[++i]; // ReadQuoted guarantees a char follows a backslash
            switch (e)
            {
                case '\\': dst[n++] = '\\'; break;
                case '\'': dst[n++] = '\''; break;
                case '"': dst[n++] = '"'; break;
                case 'n': dst[n++] = '\n'; break;
                case 't': dst[n++] = '\t'; break;
                case 'r': dst[n++] = '\r'; break;
                case 'a': dst[n++] = '\a'; break;
                case 'b': dst[n++] = '\b'; break;
                case 'f': dst[n++] = '\f'; break;
                case 'v': dst[n++] = '\v'; break;
                case '\n': break; // line continuation
                case 'x':
                case 'u':
                case 'U':
                    {
                        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + digits >= raw.Length) return -1;
                        if (!int.TryParse(raw.Slice(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp)
                            || (uint)cp > 0x10FFFF)
                        {
                            return -1;
                        }
                        n += WriteCodePoint(cp, dst[n..]);
                        i += digits;
                        break;
                    }
                case >= '0' and <= '7':
                    {
                        int cp = e - '0';
                        for (int k = 0; k < 2 && i + 1 < raw.Length && raw[i + 1] is >= '0' and <= '7'; k++) cp = cp * 8 + (raw[++i] - '0');
                        n += WriteCodePoint(cp, dst[n..]);
                        break;
                    }
                default: // Python keeps unknown escapes verbatim
                    dst[n++] = '\\';
                    dst[n++] = e;
                    break;
            }
        }
        return n;
    }

    /// <summary>Writes one code point (lone surrogates as themselves, as a Python str can hold them).</summary>
    private static int WriteCodePoint(int cp, Span<char> dst)
    {
        if (cp < 0x10000)
        {
            dst[0] = (char)cp;
            return 1;
        }
        cp -= 0x10000;
        dst[0] = (char)(0xD800 + (cp >> 10));
        dst[1] = (char)(0xDC00 + (cp & 0x3FF));
        return 2;
    }
}
