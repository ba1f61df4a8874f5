using System.Globalization;
using System.Text;

namespace Phylo.Synth;

/// <summary>A growable char buffer reused across rows (one per worker): no per-row StringBuilder churn.</summary>
internal sealed class TextBuf(int capacity = 1 << 14)
{
    private char[] _chars = new char[capacity];

    public int Length { get; set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public char this[int i] => _chars[i];

    public void Clear() => Length = 0;

    private void Grow(int extra)
    {
        if (Length + extra <= _chars.Length) return;
        Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + extra));
    }

    public TextBuf Append(char c)
    {
        if (Length == _chars.Length) Grow(1);
        _chars[Length++] = c;
        return this;
    }

    public TextBuf Append(string? s) => s is null ? this : Append(s.AsSpan());

    public TextBuf Append(ReadOnlySpan<char> s)
    {
        Grow(s.Length);
        s.CopyTo(_chars.AsSpan(Length));
        Length += s.Length;
        return this;
    }

    public TextBuf Append(long value)
    {
        Grow(20);
        value.TryFormat(_chars.AsSpan(Length), out int w, default, CultureInfo.InvariantCulture);
        Length += w;
        return this;
    }

    /// <summary>Fixed-point with <paramref name="decimals"/> digits.</summary>
    public TextBuf Append(double value, int decimals)
    {
        Grow(32);
        value.TryFormat(_chars.AsSpan(Length), out int w, decimals switch { 1 => "F1", 2 => "F2", 3 => "F3", _ => "F4" }, CultureInfo.InvariantCulture);
        Length += w;
        return this;
    }

    public TextBuf AppendLine(string s) => Append(s).Append('\n');

    /// <summary>Keeps the first <paramref name="codePoints"/> code points (a surrogate pair counts once, as in Python).</summary>
    public void TruncateCodePoints(int codePoints)
    {
        int cp = 0;
        for (int i = 0; i < Length; i++)
        {
            if (cp == codePoints) { Length = i; return; }
            if (char.IsHighSurrogate(_chars[i]) && i + 1 < Length && char.IsLowSurrogate(_chars[i + 1])) i++;
            cp++;
        }
    }

    /// <summary>Removes <paramref name="count"/> chars at the end.</summary>
    public void Trim(int count) => Length = Math.Max(0, Length - count);

    /// <summary>Appends a CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled.</summary>
    public void AppendCsvField(ReadOnlySpan<char> field)
    {
        if (field.IndexOfAny(",\"\r\n") < 0) { Append(field); return; }
        Grow(field.Length + 2);
        Append('"');
        while (true)
        {
            int q = field.IndexOf('"');
            if (q < 0) { Append(field); break; }
            Append(field[..(q + 1)]).Append('"');
            field = field[(q + 1)..];
        }
        Append('"');
    }

    /// <summary>Appends a Python string literal as <c>repr()</c> writes it (single quotes unless the text has one and no double quote).</summary>
    public void AppendPyRepr(ReadOnlySpan<char> s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': Append("\\\\"); break;
                case '\n': Append("\\n"); break;
                case '\r': Append("\\r"); break;
                case '\t': Append("\\t"); break;
                default:
                    if (c == quote) Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else Append(c);
                    break;
            }
        }
        Append(quote);
    }

    public int EncodeUtf8(Span<byte> dest) => Encoding.UTF8.GetBytes(Span, dest);
}
