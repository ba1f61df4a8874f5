using Phylo.Plots;

namespace Phylo.Tests.Plots;

public class MarkdownHtmlTests
{
    [Fact]
    public void Headings_paragraphs_bold_and_code()
    {
        string html = MarkdownHtml.Convert("# Phylo report\n\n## Input\n\n**1,234 models**; 5 rows rejected\n(listed in `rejected.csv`).\n");
        Assert.Contains("<h1 id=\"phylo-report\">Phylo report</h1>", html);
        Assert.Contains("<h2 id=\"input\">Input</h2>", html);
        Assert.Contains("<p><strong>1,234 models</strong>; 5 rows rejected (listed in <code>rejected.csv</code>).</p>", html);
    }

    [Fact]
    public void Pipe_tables_with_escaped_pipes_and_numeric_cells()
    {
        string md = "| file | bytes |\n|---|---|\n| a\\|b.csv | 1,024 |\n| `x` | – |\n\nafter\n";
        string html = MarkdownHtml.Convert(md);
        Assert.Contains("<thead><tr><th>file</th><th>bytes</th></tr></thead>", html);
        Assert.Contains("<tr><td>a|b.csv</td><td class=\"num\">1,024</td></tr>", html);
        Assert.Contains("<tr><td><code>x</code></td><td>–</td></tr>", html);
        Assert.Contains("<p>after</p>", html);
    }

    [Fact]
    public void Text_cannot_inject_markup()
    {
        string html = MarkdownHtml.Convert("## <script>alert(1)</script>\n\n| <b>x</b> |\n|---|\n| `<img src=x>` & **<i>** |\n");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<code>&lt;img src=x&gt;</code> &amp; <strong>&lt;i&gt;</strong>", html);
    }

    [Fact]
    public void Lists_and_fences()
    {
        string html = MarkdownHtml.Convert("- one `a`\n- two\n\n```\nraw **not bold**\n```\n");
        Assert.Contains("<ul>\n<li>one <code>a</code></li>\n<li>two</li>\n</ul>", html);
        Assert.Contains("<pre><code>raw **not bold**\n</code></pre>", html);
    }

    [Fact]
    public void Unmatched_backtick_stays_literal()
    {
        Assert.Equal("a `b", MarkdownHtml.Inline("a `b"));
        Assert.Equal("<code>a</code> `b", MarkdownHtml.Inline("`a` `b"));
    }
}
