using System.Text;

namespace Phylo.Ingest.Csv;

/// <summary>
/// CsvHelper 33's field processing on bytes: quotes stripped and escapes undone, including its rules for
/// malformed quoting; and the UTF-8 repair a <see cref="StreamReader"/> would have done.
/// Destinations may start at the same address as the source: every write is at or before the read.
/// </summary>
internal static class FieldText
{
    private const byte Quote = (byte)'"';

    /// <summary>Field text of a raw field; returns the bytes written (never more than the raw length).</summary>
    public static int Unquote(ReadOnlySpan<byte> raw, Span<byte> dest)
    {
        if (raw.IsEmpty || raw[0] != Quote)
        {
            raw.CopyTo(dest);   // unquoted: quotes inside are data
            return raw.Length;
        }
        if (raw.Length >= 2 && raw[^1] == Quote)
        {
            var inner = raw[1..^1];
            int q = inner.IndexOf(Quote);
            if (q < 0)
            {
                inner.CopyTo(dest);
                return inner.Length;
            }
            if (!ParsedAsBad(raw)) return RemoveEscapes(inner, dest);
        }
        return BadField(raw, dest);
    }

    /// <summary>
    /// Whether CsvHelper's parser flagged this quoted field as bad: a quote that follows text after the
    /// closing quote (<c>"a"b"</c>).
    /// </summary>
    private static bool ParsedAsBad(ReadOnlySpan<byte> raw)
    {
        bool inQuotes = true;
        int i = 1;
        while (true)
        {
            int k = raw[i..].IndexOf(Quote);
            if (k < 0) return false;
            i += k;
            if (inQuotes) inQuotes = false;
            else if (raw[i - 1] == Quote) inQuotes = true;
            else return true;
            i++;
        }
    }

    /// <summary>Well-formed quoted content: every <c>"</c> is dropped and the byte after it kept.</summary>
    private static int RemoveEscapes(ReadOnlySpan<byte> inner, Span<byte> dest) => Kernels.DoubledQuotes.Unescape(inner, dest);

    /// <summary>
    /// CsvHelper's ProcessRFC4180BadField: drop the leading quote; until the field's "closing" quote, a
    /// quote escapes the next byte and an escaped quote vanishes; after it, the rest is copied as is.
    /// </summary>
    private static int BadField(ReadOnlySpan<byte> raw, Span<byte> dest)
    {
        int w = 0;
        bool inEscape = false, done = false;
        byte c = 0;
        for (int i = 1; i < raw.Length; i++)
        {
            byte prev = c;
            c = raw[i];
            if (inEscape)
            {
                inEscape = false;
                if (c == Quote) continue;
                if (prev == Quote) done = true;
            }
            if (c == Quote && !done)
            {
                inEscape = true;
                continue;
            }
            dest[w++] = c;
        }
        return w;
    }

    /// <summary>
    /// Copies <paramref name="src"/> replacing each maximal invalid UTF-8 subpart with U+FFFD (EF BF BD),
    /// the substitution .NET's UTF-8 decoder makes. Needs up to 3 bytes per source byte.
    /// </summary>
    public static int RepairUtf8(ReadOnlySpan<byte> src, Span<byte> dest)
    {
        int w = 0, i = 0;
        while (i < src.Length)
        {
            int ascii = src[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            int run = ascii < 0 ? src.Length - i : ascii;
            src.Slice(i, run).CopyTo(dest[w..]);
            w += run;
            i += run;
            if (ascii < 0) break;
            var status = Rune.DecodeFromUtf8(src[i..], out _, out int used);
            if (status == System.Buffers.OperationStatus.Done)
            {
                src.Slice(i, used).CopyTo(dest[w..]);
                w += used;
            }
            else
            {
                dest[w++] = 0xEF;
                dest[w++] = 0xBF;
                dest[w++] = 0xBD;
            }
            i += used;
        }
        return w;
    }
}
