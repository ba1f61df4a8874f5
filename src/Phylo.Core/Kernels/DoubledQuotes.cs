namespace Phylo.Kernels;

/// <summary>
/// Text written with every <c>"</c> doubled, as the inside of a quoted CSV field holds it (RFC 4180). Only for an inside
/// made of such pairs (<see cref="CardScan.ScanEscaped(ReadOnlySpan{byte}, int)"/> tells): the text is the inside with
/// the first quote of each pair dropped.
/// </summary>
public static class DoubledQuotes
{
    /// <summary>Writes the text of <paramref name="inside"/>: every quote dropped and the byte after it kept, whatever it
    /// is. Returns the bytes written (never more than the inside's length); <paramref name="text"/> may start at the
    /// inside's address (every write is at or before the read).</summary>
    public static int Unescape(ReadOnlySpan<byte> inside, Span<byte> text)
    {
        int w = 0, i = 0;
        while (i < inside.Length)
        {
            int k = inside[i..].IndexOf((byte)'"');
            int run = k < 0 ? inside.Length - i : k;
            inside.Slice(i, run).CopyTo(text[w..]);
            w += run;
            i += run;
            if (k < 0) break;
            i++;                                              // the first quote of a pair
            if (i < inside.Length) text[w++] = inside[i++];   // the byte after it
        }
        return w;
    }

    /// <summary>Where the first <paramref name="codePoints"/> code points of the text end in a paired
    /// <paramref name="inside"/> that starts outside any pair: the cut c is the lead byte after codePoints + (first quotes
    /// of pairs up to and including c) lead bytes, found by iterating that count from 0. The count only grows, so c never
    /// passes the true cut, and it stops there: a first quote at c would put more than codePoints code points before it.</summary>
    public static int PrefixEnd(ReadOnlySpan<byte> inside, int codePoints)
    {
        int leads = codePoints;
        while (true)
        {
            int cut = Utf8Text.PrefixByteLength(inside, leads);
            if (cut == inside.Length) return cut;
            int removed = (inside[..(cut + 1)].Count((byte)'"') + 1) / 2; // the odd quotes
            if (codePoints + removed == leads) return cut;
            leads = codePoints + removed;
        }
    }
}
