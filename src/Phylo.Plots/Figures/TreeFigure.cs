using System.Globalization;
using System.Text;
using Phylo.Graph;
using Phylo.Table;
using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>
/// A family drawn as a layered tree (<see cref="FamilyTreeLayout"/>): roots on top, one row per generation, edges
/// coloured by relation (the study's colours: finetune blue, quantized green, adapter purple, merge pink, untyped black),
/// gathered leaves as grey "+N" marks. The PNG's Data text lists every node and link drawn.
/// </summary>
public static class TreeFigure
{
    public const int Width = 1600;

    public static readonly (EdgeType Type, Color Color)[] RelationColors =
    [
        (EdgeType.Finetune, Color.FromHex("#1f77b4")), (EdgeType.Quantized, Color.FromHex("#2ca02c")), (EdgeType.Adapter, Color.FromHex("#9467bd")),
        (EdgeType.Merge, Color.FromHex("#e377c2")), (EdgeType.Untyped, Colors.Black),
    ];

    public static Color ColorOf(EdgeType type) => Array.Find(RelationColors, c => c.Type == type).Color;

    /// <param name="names">Model id per model index (root labels and the Data text).</param>
    public static string Render(TreeLayout layout, IReadOnlyList<string> names, FigureText text, string path)
    {
        var plot = Chart.New(text);
        plot.XLabel(layout.Notes.Length > 0 ? string.Join("; ", layout.Notes) : text.XLabel, size: 13);
        var nodes = layout.Nodes;
        foreach (var n in nodes)
        {
            if (n.Parent < 0) continue;
            var p = nodes[n.Parent];
            var line = plot.Add.Line(p.X, -p.Generation, n.X, -n.Generation);
            line.Color = ColorOf(n.Relation);
            line.LineWidth = n.Model < 0 ? 2.5f : 1.5f;
            line.MarkerSize = 0;
        }
        foreach (var l in layout.Links)
        {
            var line = plot.Add.Line(nodes[l.From].X, -nodes[l.From].Generation, nodes[l.To].X, -nodes[l.To].Generation);
            line.Color = ColorOf(l.Relation).WithAlpha(0.35);
            line.LineWidth = 1;
            line.LinePattern = LinePattern.Dashed;
            line.MarkerSize = 0;
        }
        float dot = (float)Math.Clamp(700.0 / layout.Slots, 3, 10);
        var models = nodes.Where(n => n.Model >= 0).ToArray();
        var marks = plot.Add.Markers(models.Select(n => n.X).ToArray(), models.Select(n => -(double)n.Generation).ToArray());
        marks.MarkerSize = dot;
        marks.Color = Colors.Black;
        var gathered = nodes.Where(n => n.Model < 0).ToArray();
        var labelled = gathered.OrderByDescending(g => g.Models).ThenBy(g => g.X).Take(12).ToHashSet();   // the largest marks say how many
        foreach (var g in gathered)
        {
            var mark = plot.Add.Marker(g.X, -g.Generation);
            mark.Size = dot * 2;
            mark.Color = Colors.Gray;
            if (!labelled.Contains(g)) continue;
            var label = plot.Add.Text("+" + g.Models.ToString("N0", CultureInfo.InvariantCulture), g.X, -g.Generation - 0.12);
            label.LabelFontSize = 10;
            label.LabelAlignment = Alignment.UpperCenter;
        }
        foreach (var r in nodes.Where(n => n.Parent < 0 && n.Model >= 0).Take(1))   // the root with the most models under it
        {
            var label = plot.Add.Text(names[r.Model], r.X, 0.12);
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.LowerCenter;
        }
        foreach (var (type, color) in RelationColors)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = type.Name(), LineColor = color, LineWidth = 3 });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Legend.FontSize = 12;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, layout.Depth + 1).Select(g => -(double)g)],
            [.. Enumerable.Range(0, layout.Depth + 1).Select(g => g.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.SetTicks([], []);
        plot.Axes.SetLimits(-1, layout.Slots, -layout.Depth - 0.6, 0.6);
        int height = Math.Min(2400, 260 + 110 * (layout.Depth + 1));
        return Chart.Save(plot, text, path, Data(layout, names), Width, height);
    }

    /// <summary>kind,index,model,generation,x,parent,relation,models — every node ("node") and link ("link": index = the
    /// child node, parent = the other end) as drawn.</summary>
    public static string Data(TreeLayout layout, IReadOnlyList<string> names)
    {
        var sb = new StringBuilder("kind,index,model,generation,x,parent,relation,models\n");
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < layout.Nodes.Length; i++)
        {
            var n = layout.Nodes[i];
            sb.Append("node,").Append(i.ToString(inv)).Append(',').Append(n.Model < 0 ? "" : SummaryFigure.Csv(names[n.Model])).Append(',')
                .Append(n.Generation.ToString(inv)).Append(',').Append(n.X.ToString("R", inv)).Append(',').Append(n.Parent.ToString(inv)).Append(',')
                .Append(n.Parent < 0 ? "" : n.Relation.Name()).Append(',').Append(n.Models.ToString(inv)).Append('\n');
        }
        foreach (var l in layout.Links)
            sb.Append("link,").Append(l.To.ToString(inv)).Append(",,,,").Append(l.From.ToString(inv)).Append(',').Append(l.Relation.Name()).Append(",\n");
        return sb.ToString();
    }
}
