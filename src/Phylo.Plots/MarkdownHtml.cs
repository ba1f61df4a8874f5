using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Phylo.Plots;

/// <summary>
/// A small Markdown → HTML converter for what report.md uses: ATX headings, paragraphs, <c>**bold**</c>,
/// <c>`code`</c>, pipe tables (with <c>\|</c> escapes), "- " lists and fenced code. Everything else is
/// HTML-escaped text, so no input can inject markup.
/// </summary>
public static partial class MarkdownHtml
{
    public static string Convert(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var paragraph = new List<string>();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            bool blockStart = trimmed.Length == 0 || Heading().IsMatch(trimmed) || trimmed.StartsWith("```", StringComparison.Ordinal)
                || IsListItem(trimmed) || IsTableStart(lines, i);
            if (blockStart) Flush(html, paragraph);
            if (trimmed.Length == 0) { i++; continue; }
            if (Heading().Match(trimmed) is { Success: true } h)
            {
                int level = h.Groups[1].Length;
                string text = h.Groups[2].Value.Trim();
                html.Append($"<h{level} id=\"{Slug(text)}\">{Inline(text)}</h{level}>\n");
                i++;
            }
            else if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                html.Append("<pre><code>");
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                    html.Append(WebUtility.HtmlEncode(lines[i])).Append('\n');
                html.Append("</code></pre>\n");
                i++;
            }
            else if (IsListItem(trimmed))
            {
                html.Append("<ul>\n");
                for (; i < lines.Length && IsListItem(lines[i].Trim()); i++)
                    html.Append("<li>").Append(Inline(lines[i].Trim()[2..])).Append("</li>\n");
                html.Append("</ul>\n");
            }
            else if (IsTableStart(lines, i))
            {
                i = Table(html, lines, i);
            }
            else
            {
                paragraph.Add(trimmed);
                i++;
            }
        }
        Flush(html, paragraph);
        return html.ToString();
    }

    /// <summary>The text of every heading, in order (what a reader of the HTML should find).</summary>
    public static IReadOnlyList<string> Headings(string markdown) =>
        markdown.Split('\n').Select(l => Heading().Match(l.Trim())).Where(m => m.Success).Select(m => m.Groups[2].Value.Trim()).ToArray();

    /// <summary>Inline formatting: code spans verbatim (escaped), then bold in the rest.</summary>
    public static string Inline(string text)
    {
        var sb = new StringBuilder();
        var parts = text.Split('`');
        for (int p = 0; p < parts.Length; p++)
        {
            bool code = p % 2 == 1 && p < parts.Length - 1;   // an unmatched trailing backtick stays literal
            if (code) sb.Append("<code>").Append(WebUtility.HtmlEncode(parts[p])).Append("</code>");
            else
            {
                if (p % 2 == 1) sb.Append('`');
                sb.Append(Bold().Replace(WebUtility.HtmlEncode(parts[p]), "<strong>$1</strong>"));
            }
        }
        return sb.ToString();
    }

    private static void Flush(StringBuilder html, List<string> paragraph)
    {
        if (paragraph.Count == 0) return;
        html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>\n");
        paragraph.Clear();
    }

    private static bool IsListItem(string trimmed) => trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal);

    private static bool IsTableStart(string[] lines, int i) =>
        lines[i].TrimStart().StartsWith('|') && i + 1 < lines.Length && Separator().IsMatch(lines[i + 1].Trim());

    private static int Table(StringBuilder html, string[] lines, int i)
    {
        var header = Cells(lines[i]);
        var align = Cells(lines[i + 1]).Select(c => c.EndsWith(':') ? " class=\"num\"" : "").ToArray();
        html.Append("<table>\n<thead><tr>");
        foreach (var c in header) html.Append("<th>").Append(Inline(c)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (i += 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            html.Append("<tr>");
            var cells = Cells(lines[i]);
            for (int c = 0; c < cells.Count; c++)
            {
                string cls = c < align.Length && align[c].Length > 0 || Number().IsMatch(cells[c]) ? " class=\"num\"" : "";
                html.Append("<td").Append(cls).Append('>').Append(Inline(cells[c])).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        return i;
    }

    /// <summary>Splits a pipe-table row on unescaped pipes; <c>\|</c> becomes a literal pipe.</summary>
    internal static List<string> Cells(string row)
    {
        string s = row.Trim();
        if (s.StartsWith('|')) s = s[1..];
        if (s.EndsWith('|') && !s.EndsWith("\\|", StringComparison.Ordinal)) s = s[..^1];
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (int k = 0; k < s.Length; k++)
        {
            if (s[k] == '\\' && k + 1 < s.Length && s[k + 1] == '|') { cell.Append('|'); k++; }
            else if (s[k] == '|') { cells.Add(cell.ToString().Trim()); cell.Clear(); }
            else cell.Append(s[k]);
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }

    internal static string Slug(string text) =>
        NonWord().Replace(text.ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } s ? s : "section";

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")]
    private static partial Regex Separator();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"^[-+−]?[\d,]*\.?\d+%?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonWord();
}
