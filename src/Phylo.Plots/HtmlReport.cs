using System.Net;
using Phylo.Output;
using Phylo.Plots.Figures;

namespace Phylo.Plots;

/// <summary>
/// report.html: report.md as HTML plus the run's figures embedded as data URIs, with inline CSS and a
/// tiny inline script that records how many images decoded (data-images-loaded on &lt;body&gt;, read by the
/// browser test). One file, no external resources.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    /// <summary>One embedded figure.</summary>
    public sealed record Figure(string FileName, string Alt, byte[] Png);

    /// <param name="figureFiles">The PNGs of this run (embedded in ordinal file-name order); nothing else in figures/ is read.</param>
    public static string Write(string outDir, IEnumerable<string> figureFiles)
    {
        string markdown = File.ReadAllText(Path.Combine(outDir, "report.md"));
        string path = Path.Combine(outDir, FileName);
        string html = Render(markdown, LoadFigures(figureFiles));
        AtomicFile.WriteText(path, w => w.Write(html));
        return path;
    }

    /// <summary>The given PNGs in ordinal file-name order; alt text from the PNG Title text, else the name.</summary>
    public static IReadOnlyList<Figure> LoadFigures(IEnumerable<string> figureFiles)
    {
        var files = figureFiles.Distinct().ToArray();
        Array.Sort(files, (a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
        return files.Select(f =>
        {
            byte[] png = File.ReadAllBytes(f);
            string alt = Chart.ReadText(png, Chart.TitleKeyword) ?? Path.GetFileNameWithoutExtension(f).Replace('_', ' ');
            return new Figure(Path.GetFileName(f), alt, png);
        }).ToArray();
    }

    public static string Render(string markdown, IReadOnlyList<Figure> figures)
    {
        var headings = ReportMarkdown.Headings(markdown);
        string title = headings.Count > 0 ? headings[0] : "Phylo report";
        var w = new StringWriter { NewLine = "\n" };
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>{WebUtility.HtmlEncode(title)}</title>\n<style>\n{Css}</style>\n</head>\n");
        w.Write($"<body data-images-total=\"{figures.Count}\">\n<main>\n");
        w.Write(ReportMarkdown.ToHtml(markdown));
        if (figures.Count > 0)
        {
            w.Write("<h2 id=\"figures\">Figures</h2>\n");
            foreach (var f in figures)
            {
                string alt = WebUtility.HtmlEncode(f.Alt);
                w.Write($"<figure id=\"{ReportMarkdown.Slug(Path.GetFileNameWithoutExtension(f.FileName))}\">\n");
                w.Write($"<img alt=\"{alt}\" src=\"data:image/png;base64,{Convert.ToBase64String(f.Png)}\">\n");
                w.Write($"<figcaption>{alt} <span class=\"file\">({WebUtility.HtmlEncode(FigureSet.Dir + "/" + f.FileName)})</span></figcaption>\n</figure>\n");
            }
        }
        w.Write("</main>\n<script>\n");
        w.Write(LoadCounter);
        w.Write("</script>\n</body>\n</html>\n");
        return w.ToString();
    }

    private const string Css =
        """
        body { margin: 0; background: #f6f7f9; color: #1d2330; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
        h1 { font-size: 28px; border-bottom: 2px solid #d8dce3; padding-bottom: 8px; }
        h2 { font-size: 21px; margin-top: 36px; border-bottom: 1px solid #e3e6eb; padding-bottom: 4px; }
        h3 { font-size: 17px; }
        code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f2f5; padding: 1px 4px; border-radius: 3px; }
        pre { background: #f0f2f5; padding: 12px; overflow-x: auto; }
        table { border-collapse: collapse; margin: 12px 0 20px; font-size: 14px; }
        th, td { border: 1px solid #d8dce3; padding: 4px 10px; text-align: left; }
        th { background: #eef1f5; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        figure { margin: 24px 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e3e6eb; }
        figcaption { color: #555d6b; font-size: 14px; margin-top: 4px; }
        figcaption .file { color: #8a919c; }

        """;

    /// <summary>After load, counts images that actually decoded (naturalWidth &gt; 0) into body[data-images-loaded].</summary>
    private const string LoadCounter =
        """
        window.addEventListener('load', function () {
          var loaded = 0;
          document.querySelectorAll('img').forEach(function (img) { if (img.complete && img.naturalWidth > 0) loaded++; });
          document.body.setAttribute('data-images-loaded', String(loaded));
        });

        """;
}
