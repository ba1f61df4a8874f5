using System.Text;

namespace Phylo.Ingest;

/// <summary>A short single-line preview of bad input for rejected.csv.</summary>
public static class Excerpt
{
    public const int MaxChars = 120;

    public static string Of(ReadOnlySpan<byte> utf8)
    {
        var slice = utf8.Length > MaxChars * 4 ? utf8[..(MaxChars * 4)] : utf8;
        string s = Encoding.UTF8.GetString(slice);
        if (s.Length > MaxChars) s = s[..MaxChars];
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(char.IsControl(c) ? ' ' : c);
        return sb.ToString();
    }
}
