using System.Buffers;
using System.Globalization;
using System.Text;

namespace Phylo.Text;

/// <summary>
/// CPython's <c>repr()</c> of the values a Hub list record holds (docs/definitions.md, "The metadata genome"), written
/// as UTF-8 into a growable buffer: <c>str</c>, <c>int</c>, <c>bool</c>, and lists of <c>str</c>.
/// <list type="bullet">
/// <item>A string is quoted with <c>'</c>, or with <c>"</c> when it contains <c>'</c> and no <c>"</c>. Inside,
/// <c>\</c> becomes <c>\\</c>, the quote <c>\'</c>, tab/newline/return <c>\t \n \r</c>; any other character that
/// Python's <c>str.isprintable</c> rejects (categories Cc Cf Cs Co Cn Zl Zp, and Zs other than the space) becomes
/// <c>\xhh</c> below U+0100, <c>\uhhhh</c> below U+10000, else <c>\Uhhhhhhhh</c> (lower-case hex). Everything else
/// is kept as is (non-ASCII letters included). Categories come from .NET's Unicode tables, which agree with CPython's
/// wherever both Unicode versions assigned the character.</item>
/// <item><c>int</c>: decimal, <c>-</c> for negatives. <c>bool</c>: <c>True</c>/<c>False</c>.
/// A list: <c>[a, b]</c> with <c>", "</c> between items, <c>[]</c> when empty.</item>
/// </list>
/// </summary>
public static class PythonRepr
{
    /// <summary>Writes repr(<paramref name="text"/>) of UTF-8 <paramref name="text"/> at <paramref name="at"/>
    /// (invalid UTF-8 reads as U+FFFD, as Python's decode with errors="replace").</summary>
    public static void AppendString(ReadOnlySpan<byte> text, ref byte[] into, ref int at)
    {
        Ensure(ref into, at, 2 + 4 * text.Length); // \xhh is the widest escape per input byte
        if (text.IndexOfAnyExcept(Plain) < 0)
        {
            // The common case (ids, tags, dates): printable ASCII without a quote or backslash is written as it is.
            into[at++] = (byte)'\'';
            text.CopyTo(into.AsSpan(at));
            at += text.Length;
            into[at++] = (byte)'\'';
            return;
        }
        bool single = text.IndexOf((byte)'\'') >= 0, dbl = text.IndexOf((byte)'"') >= 0;
        byte quote = single && !dbl ? (byte)'"' : (byte)'\'';
        into[at++] = quote;
        while (!text.IsEmpty)
        {
            byte b = text[0];
            if (b >= 0x20 && b < 0x7F)
            {
                if (b == '\\' || b == quote) into[at++] = (byte)'\\';
                into[at++] = b;
                text = text[1..];
                continue;
            }
            if (b < 0x80)
            {
                at += b switch
                {
                    (byte)'\t' => Ascii("\\t", into, at),
                    (byte)'\n' => Ascii("\\n", into, at),
                    (byte)'\r' => Ascii("\\r", into, at),
                    _ => Escape(b, into, at),
                };
                text = text[1..];
                continue;
            }
            if (Rune.DecodeFromUtf8(text, out Rune r, out int used) != OperationStatus.Done) r = Rune.ReplacementChar;
            text = text[Math.Max(used, 1)..];
            if (IsPrintable(r)) at += r.EncodeToUtf8(into.AsSpan(at));
            else at += Escape(r.Value, into, at);
        }
        into[at++] = quote;
    }

    // Printable ASCII other than the quote and the backslash: bytes repr leaves alone inside '…'.
    private static readonly SearchValues<byte> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Where(c => c != '\'' && c != '\\').Select(c => (byte)c)]);

    private static readonly SearchValues<char> PlainChars = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Where(c => c != '\'' && c != '\\').Select(c => (char)c)]);

    /// <summary>repr of a .NET string (UTF-16 → UTF-8 first).</summary>
    public static void AppendString(string text, ref byte[] into, ref int at)
    {
        if (text.AsSpan().IndexOfAnyExcept(PlainChars) < 0)
        {
            // Printable ASCII without a quote or backslash (model ids, object ids): narrowed and quoted as it is.
            Ensure(ref into, at, text.Length + 2);
            into[at++] = (byte)'\'';
            at += Encoding.ASCII.GetBytes(text, into.AsSpan(at));
            into[at++] = (byte)'\'';
            return;
        }
        byte[]? rented = null;
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int n = Encoding.UTF8.GetBytes(text, utf8);
        AppendString(utf8[..n], ref into, ref at);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    public static void AppendInt(long value, ref byte[] into, ref int at)
    {
        Ensure(ref into, at, 20);
        value.TryFormat(into.AsSpan(at), out int written, default, CultureInfo.InvariantCulture);
        at += written;
    }

    public static void AppendBool(bool value, ref byte[] into, ref int at) => AppendRaw(value ? "True"u8 : "False"u8, ref into, ref at);

    /// <summary>Bytes written as they are (keys, punctuation, pre-rendered reprs).</summary>
    public static void AppendRaw(ReadOnlySpan<byte> bytes, ref byte[] into, ref int at)
    {
        Ensure(ref into, at, bytes.Length);
        bytes.CopyTo(into.AsSpan(at));
        at += bytes.Length;
    }

    /// <summary>repr of a string as a fresh array (for values rendered once and copied many times).</summary>
    public static byte[] Of(string text)
    {
        byte[] buffer = new byte[2 + 4 * text.Length];
        int at = 0;
        AppendString(text, ref buffer, ref at);
        return buffer.AsSpan(0, at).ToArray();
    }

    /// <summary>Python 3's <c>str.isprintable</c> for one character.</summary>
    public static bool IsPrintable(Rune r)
    {
        if (r.Value == ' ') return true;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    private static int Ascii(string s, byte[] into, int at)
    {
        for (int i = 0; i < s.Length; i++) into[at + i] = (byte)s[i];
        return s.Length;
    }

    private static int Escape(int c, byte[] into, int at)
    {
        (char kind, int digits) = c < 0x100 ? ('x', 2) : c < 0x10000 ? ('u', 4) : ('U', 8);
        into[at] = (byte)'\\';
        into[at + 1] = (byte)kind;
        for (int d = 0; d < digits; d++) into[at + 2 + d] = (byte)"0123456789abcdef"[(c >> (4 * (digits - 1 - d))) & 0xF];
        return 2 + digits;
    }

    private static void Ensure(ref byte[] into, int at, int more)
    {
        if (into.Length - at < more) Array.Resize(ref into, Math.Max(2 * into.Length, at + more));
    }
}
