using System.Globalization;
using System.Text;
using Phylo.Analyses.Similarity.Diff;
using SkiaSharp;

namespace Phylo.Plots.Figures;

/// <summary>
/// The study's "diff DNA" figure: two genomes aligned character by character (<see cref="GenomeDiff"/>), the parent's row
/// above the child's, each character in a box filled by its step (equal white, replaced orange, deleted red on the
/// parent's row, inserted green on the child's), grey lines joining the ends of each equal run. Rows wrap every
/// <see cref="Columns"/> alignment columns; past <see cref="MaxColumns"/> the rest is left out and the figure says so.
/// The PNG's Data text holds every segment (op, parent start, parent length, child start, child length).
/// </summary>
public static class DiffDnaFigure
{
    public const int Width = 1600, Columns = 100, MaxColumns = 4000;
    private const float Left = 90, Box = (Width - Left - 20) / (float)Columns, RowHeight = 22, LineGap = 18, Header = 96;

    private static readonly SKColor Replaced = SKColor.Parse("#ffd27f"), Deleted = SKColor.Parse("#ff7f7f"), Inserted = SKColor.Parse("#7fff7f");

    public static string Render(string parent, string child, IReadOnlyList<DiffSegment> segments, string parentLabel, string childLabel, FigureText text, string path)
    {
        int[] p = GenomeDiff.CodePoints(parent), c = GenomeDiff.CodePoints(child);
        var columns = AlignmentColumns(segments);
        int shown = Math.Min(columns.Count, MaxColumns);
        int lines = Math.Max(1, (shown + Columns - 1) / Columns);
        int height = (int)(Header + lines * (2 * RowHeight + LineGap) + 30);
        return Chart.SaveCanvas(Width, height, canvas =>
        {
            using var titleFont = new SKFont(SKTypeface.Default, 22);
            using var small = new SKFont(SKTypeface.Default, 13);
            using var mono = new SKFont(SKTypeface.FromFamilyName("DejaVu Sans Mono") ?? SKTypeface.Default, 12);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var grey = new SKPaint { Color = new SKColor(150, 150, 150), IsAntialias = true, StrokeWidth = 1 };
            using var fill = new SKPaint { Style = SKPaintStyle.Fill };
            using var edge = new SKPaint { Style = SKPaintStyle.Stroke, Color = new SKColor(200, 200, 200), StrokeWidth = 0.5f };
            canvas.DrawText(text.Title, Width / 2f, 30, SKTextAlign.Center, titleFont, ink);
            int distance = GenomeDiff.Cost(segments);
            string sub = $"{p.Length:N0} → {c.Length:N0} characters, edit distance {distance:N0}" +
                         (shown < columns.Count ? $"; first {shown:N0} of {columns.Count:N0} alignment columns shown" : "");
            canvas.DrawText(sub, Width / 2f, 52, SKTextAlign.Center, small, ink);
            Legend(canvas, small, ink, fill, edge);
            for (int line = 0; line < lines; line++)
            {
                float top = Header + line * (2 * RowHeight + LineGap);
                canvas.DrawText(parentLabel, 8, top + 15, SKTextAlign.Left, small, ink);
                canvas.DrawText(childLabel, 8, top + RowHeight + 15, SKTextAlign.Left, small, ink);
                int from = line * Columns, to = Math.Min(shown, from + Columns);
                for (int k = from; k < to; k++)
                {
                    var (op, pi, ci) = columns[k];
                    float x = Left + (k - from) * Box;
                    if (pi >= 0) Cell(canvas, x, top, op, p[pi], fill, edge, mono, ink);
                    if (ci >= 0) Cell(canvas, x, top + RowHeight, op, c[ci], fill, edge, mono, ink);
                    bool startsRun = op == DiffOp.Equal && (k == from || columns[k - 1].Op != DiffOp.Equal);
                    bool endsRun = op == DiffOp.Equal && (k == to - 1 || columns[k + 1].Op != DiffOp.Equal);
                    if (startsRun) canvas.DrawLine(x, top + RowHeight - 4, x, top + RowHeight + 4, grey);
                    if (endsRun) canvas.DrawLine(x + Box, top + RowHeight - 4, x + Box, top + RowHeight + 4, grey);
                }
            }
        }, text, path, Data(segments));
    }

    /// <summary>One entry per alignment column: its op and the parent and child code point indices (-1 for a gap).</summary>
    private static List<(DiffOp Op, int Parent, int Child)> AlignmentColumns(IReadOnlyList<DiffSegment> segments)
    {
        var list = new List<(DiffOp, int, int)>();
        foreach (var s in segments)
            for (int i = 0; i < Math.Max(s.ParentLength, s.ChildLength); i++)
                list.Add((s.Op, s.ParentLength > 0 ? s.ParentStart + i : -1, s.ChildLength > 0 ? s.ChildStart + i : -1));
        return list;
    }

    private static void Cell(SKCanvas canvas, float x, float y, DiffOp op, int codePoint, SKPaint fill, SKPaint edge, SKFont mono, SKPaint ink)
    {
        var rect = new SKRect(x, y, x + Box, y + RowHeight);
        fill.Color = op switch { DiffOp.Replace => Replaced, DiffOp.Delete => Deleted, DiffOp.Insert => Inserted, _ => SKColors.White };
        canvas.DrawRect(rect, fill);
        canvas.DrawRect(rect, edge);
        canvas.DrawText(Shown(codePoint), x + Box / 2, y + 15, SKTextAlign.Center, mono, ink);
    }

    /// <summary>What a box shows: the character, or a visible mark for white space and control characters.</summary>
    private static string Shown(int codePoint) => codePoint switch
    {
        '\n' => "¶",
        '\t' => "»",
        < 32 or 127 => "·",
        _ => char.ConvertFromUtf32(codePoint),
    };

    private static void Legend(SKCanvas canvas, SKFont font, SKPaint ink, SKPaint fill, SKPaint edge)
    {
        (string Label, SKColor Color)[] items = [("equal", SKColors.White), ("replaced", Replaced), ("deleted (parent)", Deleted), ("inserted (child)", Inserted)];
        float x = Width / 2f - 300;
        foreach (var (label, color) in items)
        {
            var rect = new SKRect(x, 64, x + 16, 80);
            fill.Color = color;
            canvas.DrawRect(rect, fill);
            canvas.DrawRect(rect, edge);
            canvas.DrawText(label, x + 22, 77, SKTextAlign.Left, font, ink);
            x += 150;
        }
    }

    /// <summary>op,parent_start,parent_length,child_start,child_length: every segment of the alignment drawn from.</summary>
    public static string Data(IEnumerable<DiffSegment> segments)
    {
        var sb = new StringBuilder("op,parent_start,parent_length,child_start,child_length\n");
        foreach (var s in segments)
            sb.Append(s.Op.ToString().ToLowerInvariant()).Append(',').Append(s.ParentStart.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.ParentLength.ToString(CultureInfo.InvariantCulture)).Append(',').Append(s.ChildStart.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(s.ChildLength.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
