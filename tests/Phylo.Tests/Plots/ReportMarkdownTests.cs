using Phylo.Plots;

namespace Phylo.Tests.Plots;

/// <summary>What report.html needs from the Markdown renderer (Markdig): heading ids, tables with numeric cells
/// marked, no markup from the text.</summary>
public class ReportMarkdownTests
{
    [Fact]
    public void Headings_paragraphs_bold_and_code()
    {
        string html = ReportMarkdown.ToHtml("# Phylo report\n\n## Input\n\n**1,234 models**; 5 rows rejected\n(listed in `rejected.csv`).\n");
        Assert.Contains("<h1 id=\"phylo-report\">Phylo report</h1>", html);
        Assert.Contains("<h2 id=\"input\">Input</h2>", html);
        Assert.Contains("<strong>1,234 models</strong>; 5 rows rejected", html);
        Assert.Contains("<code>rejected.csv</code>", html);
    }

    [Fact]
    public void Pipe_tables_with_escaped_pipes_and_numeric_cells()
    {
        string html = ReportMarkdown.ToHtml("| file | bytes |\n|---|---|\n| a\\|b.csv | 1,024 |\n| `x` | – |\n\nafter\n");
        Assert.Contains("<th>file</th>", html);
        Assert.Contains("<td>a|b.csv</td>", html);
        Assert.Contains("<td class=\"num\">1,024</td>", html);
        Assert.Contains("<td><code>x</code></td>", html);
        Assert.Contains("<td>–</td>", html);
        Assert.Contains("<p>after</p>", html);
    }

    [Fact]
    public void Text_cannot_inject_markup()
    {
        string html = ReportMarkdown.ToHtml("## <script>alert(1)</script>\n\n| <b>x</b> |\n|---|\n| `<img src=x>` & **<i>** |\n\n<div onclick=\"x\">raw</div>\n");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<div", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<code>&lt;img src=x&gt;</code> &amp; <strong>&lt;i&gt;</strong>", html);
    }

    [Fact]
    public void Lists_and_fences()
    {
        string html = ReportMarkdown.ToHtml("- one `a`\n- two\n\n```\nraw **not bold**\n```\n");
        Assert.Contains("<li>one <code>a</code></li>", html);
        Assert.Contains("<li>two</li>", html);
        Assert.Contains("<pre><code>raw **not bold**\n</code></pre>", html);
    }

    [Fact]
    public void Headings_lists_heading_text_in_order()
    {
        Assert.Equal(["Report", "Similarity · --sampled", "Drift"], ReportMarkdown.Headings("# Report\n\ntext\n\n## Similarity · `--sampled`\n\n### Drift\n"));
        Assert.Equal("similarity-by-pair-type", ReportMarkdown.Slug("similarity by pair type"));
    }
}
