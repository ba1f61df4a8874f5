namespace Phylo.Plots.Figures;

/// <summary>The words on a figure: its title (also the PNG's Title text and the HTML alt text) and axis labels.</summary>
public sealed record FigureText(string Title, string XLabel, string YLabel);

/// <summary>A point estimate with its confidence interval (absolute bounds, not offsets).</summary>
public sealed record Estimate(double Mean, double CiLow, double CiHigh)
{
    public static readonly Estimate Missing = new(double.NaN, double.NaN, double.NaN);
}
