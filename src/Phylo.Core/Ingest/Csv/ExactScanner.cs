namespace Phylo.Ingest.Csv;

/// <summary>
/// CsvHelper 33's RFC 4180 state machine, byte by byte: the scalar reference path, the oracle the
/// vector paths are tested against, and their fallback for malformed quoting.
/// </summary>
/// <remarks>
/// A field is quoted only when its first byte is <c>"</c>. Inside a quoted field every quote toggles the
/// in-quotes state, except that once the field is out of quotes and a quote follows anything but the
/// closing quote (<c>"a"b"</c>) the field is "bad" and later quotes stop toggling. Quotes in unquoted
/// fields are plain data. Out of quotes, <c>,</c> ends a field and <c>\n</c>, <c>\r</c> or <c>\r\n</c>
/// ends a record; a record that starts with a line ending is blank. The vector paths model "every quote
/// toggles" and hand a record to this class as soon as a quote opens after anything but a field start
/// or a closing quote (a quote that opens a field legally): up to that point both models agree.
/// </remarks>
internal static class ExactScanner
{
    private const byte Quote = (byte)'"';

    /// <summary>
    /// Index of the line ending that closes the record starting at <paramref name="start"/>, or -1 when
    /// <paramref name="buf"/> ends first (then <paramref name="endsInQuotes"/> says whether it ended in quotes).
    /// </summary>
    public static int FindRecordEnd(ReadOnlySpan<byte> buf, int start, out bool endsInQuotes)
    {
        bool fieldStart = true, quoted = false, inQuotes = false, bad = false;
        byte prev = 0;
        for (int i = start; i < buf.Length; i++)
        {
            byte c = buf[i];
            if (Step(c, prev, ref fieldStart, ref quoted, ref inQuotes, ref bad))
            {
                if (c is (byte)'\n' or (byte)'\r')
                {
                    endsInQuotes = false;
                    return i;
                }
            }
            prev = c;
        }
        endsInQuotes = inQuotes;
        return -1;
    }

    /// <summary>Splits a record (no line ending outside quotes) into raw field ranges.</summary>
    public static int Split(ReadOnlySpan<byte> record, ref Range[] ranges)
    {
        bool fieldStart = true, quoted = false, inQuotes = false, bad = false;
        byte prev = 0;
        int count = 0, begin = 0;
        for (int i = 0; i < record.Length; i++)
        {
            byte c = record[i];
            if (Step(c, prev, ref fieldStart, ref quoted, ref inQuotes, ref bad) && c == (byte)',')
            {
                Add(ref ranges, ref count, begin, i);
                begin = i + 1;
            }
            prev = c;
        }
        Add(ref ranges, ref count, begin, record.Length);
        return count;
    }

    /// <summary>
    /// Advances the per-field state by one byte; true when the byte is outside quotes (so a
    /// <c>,</c> or line ending there is structural). A <c>,</c> outside quotes starts the next field.
    /// </summary>
    private static bool Step(byte c, byte prev, ref bool fieldStart, ref bool quoted, ref bool inQuotes, ref bool bad)
    {
        bool first = fieldStart;
        fieldStart = false;
        if (first) quoted = c == Quote;
        if (quoted && c == Quote)
        {
            if (!inQuotes && !first && prev != Quote) bad = true;
            else if (!bad) inQuotes = !inQuotes;
        }
        if (inQuotes) return false;
        if (c == (byte)',')
        {
            fieldStart = true;
            bad = false;
        }
        return true;
    }

    /// <summary>
    /// Physical line breaks in <paramref name="span"/>: every <c>\r</c>, and every <c>\n</c> not right
    /// after a <c>\r</c> (<paramref name="afterCr"/>: the byte before the span was <c>\r</c>). CsvHelper counts rows the same way.
    /// </summary>
    public static long CountLineBreaks(ReadOnlySpan<byte> span, bool afterCr)
    {
        long n = 0;
        bool prevCr = afterCr;
        foreach (byte c in span)
        {
            if (c == (byte)'\r' || (c == (byte)'\n' && !prevCr)) n++;
            prevCr = c == (byte)'\r';
        }
        return n;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static void Add(ref Range[] ranges, ref int count, int begin, int end)
    {
        if (count == ranges.Length) Grow(ref ranges);
        ranges[count++] = new Range(begin, end);
    }

    private static void Grow(ref Range[] ranges) => Array.Resize(ref ranges, Math.Max(8, ranges.Length * 2));
}
