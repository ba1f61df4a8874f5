using System.Globalization;

namespace Phylo.Report;

/// <summary>Small helpers for writing Markdown tables and numbers the same way everywhere.</summary>
public static class Md
{
    public static void Table(TextWriter md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Write("| ");
        md.Write(string.Join(" | ", header));
        md.Write(" |\n|");
        foreach (var _ in header) md.Write("---|");
        md.Write('\n');
        foreach (var row in rows)
        {
            md.Write("| ");
            md.Write(string.Join(" | ", row.Select(Escape)));
            md.Write(" |\n");
        }
        md.Write('\n');
    }

    public static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    public static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double v, int digits = 4) =>
        double.IsNaN(v) ? "–" : v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
