namespace Phylo.Ingest.Parsing;

/// <summary>
/// The common case of <see cref="PyListLiteral"/> read on UTF-8 bytes without a transcode: each item's bytes as a range of
/// the input (native-notes/ingest.md, "The list columns from UTF-8"). <see cref="TryScan"/> says true only for a literal it
/// reads exactly as the char parser reads the decoded text — the same items, byte for byte their UTF-8 — and false for
/// everything else: an item with a backslash (an escape), a field that starts or ends with a byte ≥ 0x80 (perhaps Unicode
/// whitespace, which the char parser trims), and every malformed literal. The caller then runs the char parser, which
/// decides. Delimiters, quotes and the whitespace inside a list are ASCII and never part of a multi-byte sequence, so a
/// range cut at them is the char parser's slice, encoded.
/// </summary>
public static class PyListBytes
{
    /// <summary>Reads <paramref name="utf8"/> (valid UTF-8) into <paramref name="items"/> from index 0 (grown as needed);
    /// <paramref name="count"/> is the number of items. False: not read here (see the type's remarks); items undefined.</summary>
    public static bool TryScan(ReadOnlySpan<byte> utf8, ref Range[] items, out int count)
    {
        count = 0;
        int from = 0, to = utf8.Length;
        while (from < to && IsTrimmed(utf8[from])) from++;
        while (to > from && IsTrimmed(utf8[to - 1])) to--;
        var text = utf8[from..to];
        if (text.IsEmpty || text.SequenceEqual("nan"u8) || text.SequenceEqual("NaN"u8) || text.SequenceEqual("None"u8)) return true;
        if (text[0] != (byte)'[' || text[^1] != (byte)']' || text.Length < 2) return false; // a lead byte ≥ 0x80 is neither
        int offset = from + 1;
        var body = text[1..^1];
        int i = 0;
        while (true)
        {
            i = SkipSpace(body, i);
            if (i == body.Length) return true;
            byte c = body[i];
            int start, end;
            if (c is (byte)'\'' or (byte)'"')
            {
                int close = body[(i + 1)..].IndexOfAny(c, (byte)'\\');
                if (close < 0 || body[i + 1 + close] == (byte)'\\') return false; // unterminated, or an escape
                (start, end) = (i + 1, i + 1 + close);
                i = end + 1;
            }
            else
            {
                start = i;
                while (i < body.Length && body[i] is not ((byte)',' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
                {
                    if (body[i] is (byte)'[' or (byte)']' or (byte)'\'' or (byte)'"' or (byte)'\\' or (byte)'(' or (byte)')' or (byte)'{' or (byte)'}') return false;
                    i++;
                }
                if (i == start) return false;
                end = i;
            }
            if (count == items.Length) Array.Resize(ref items, Math.Max(16, 2 * items.Length));
            items[count++] = (offset + start)..(offset + end);
            i = SkipSpace(body, i);
            if (i == body.Length) return true;
            if (body[i] != (byte)',') return false;
            i++;
            int next = SkipSpace(body, i);
            if (next < body.Length && body[next] == (byte)',') return false;
        }
    }

    /// <summary>The ASCII bytes <c>char.IsWhiteSpace</c> is true for (what <c>ReadOnlySpan&lt;char&gt;.Trim</c> trims below 0x80).</summary>
    private static bool IsTrimmed(byte b) => b == (byte)' ' || b - 9u <= 4u;

    private static int SkipSpace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') i++;
        return i;
    }
}
