using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Helpers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Phylo.Plots;

/// <summary>
/// report.md → HTML through Markdig (CommonMark with pipe tables and GitHub-style heading ids). Raw HTML in the
/// Markdown is disabled, so text from the data (model ids, card phrases) can never inject markup; table cells that
/// hold a number get <c>class="num"</c> (right-aligned, tabular figures in report.html's CSS).
/// </summary>
public static partial class ReportMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        MarkdownDocument doc = Markdown.Parse(markdown, Pipeline);
        foreach (TableCell cell in doc.Descendants<TableCell>())
            if (cell.Parent is TableRow { IsHeader: false } && Number().IsMatch(PlainText(cell).Trim())) cell.GetAttributes().AddClass("num");
        return doc.ToHtml(Pipeline);
    }

    /// <summary>The text of every heading, in document order (inline markup removed).</summary>
    public static IReadOnlyList<string> Headings(string markdown) =>
        [.. Markdown.Parse(markdown, Pipeline).Descendants<HeadingBlock>().Select(PlainText)];

    /// <summary>An id for an element that has no heading text of its own (figures): the same rules as heading ids.</summary>
    public static string Slug(string text) => LinkHelper.Urilize(text, allowOnlyAscii: true);

    private static string PlainText(Block block)
    {
        var sb = new StringBuilder();
        IEnumerable<LeafBlock> leaves = block is LeafBlock leaf ? [leaf] : block is ContainerBlock c ? c.Descendants<LeafBlock>() : [];
        foreach (LeafBlock l in leaves)
            foreach (Inline inline in l.Inline?.Descendants<Inline>() ?? [])
            {
                if (inline is LiteralInline literal) sb.Append(literal.Content);
                else if (inline is CodeInline code) sb.Append(code.Content);
            }
        return sb.ToString();
    }

    [GeneratedRegex(@"^[-+−]?[\d,]*\.?\d+%?$")]
    private static partial Regex Number();
}
