using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Phylo.Output;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Phylo.Plots.Figures;

/// <summary>What every figure shares: size, fonts, log-scale axes, the "no data" state and the atomic PNG write.</summary>
public static class Chart
{
    public const int Width = 1000;
    public const int Height = 600;

    /// <summary>The PNG text keyword that carries the figure title (read back by <see cref="HtmlReport"/> as alt text).</summary>
    public const string TitleKeyword = "Title";

    /// <summary>The PNG text keyword that carries, as CSV, exactly the numbers a figure drew (tests compare it with the tables).</summary>
    public const string DataKeyword = "Data";

    /// <param name="dateTimeX">Bottom axis shows calendar dates (x values are OLE automation dates).</param>
    internal static Plot New(FigureText text, bool dateTimeX = false)
    {
        var plot = new Plot();
        if (dateTimeX)
        {
            var axis = plot.Axes.DateTimeTicksBottom();     // replaces the bottom axis, so before any labelling
            axis.TickGenerator = new DateTimeAutomatic { LabelFormatter = d => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) };
            plot.Axes.Right.MinimumSize = 30;                // room for the last date label
        }
        plot.Title(text.Title, size: 20);
        plot.XLabel(text.XLabel, size: 16);
        plot.YLabel(text.YLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    /// <summary>
    /// Makes an axis whose coordinates are log10 of the data read as a log scale: major ticks at powers of ten
    /// labelled with the plain value, minor ticks at 2..9 × 10^k.
    /// </summary>
    internal static void LogScale(IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = PowerOfTen,
        };
    }

    internal static string PowerOfTen(double exponent)
    {
        double v = Math.Pow(10, exponent);
        return v >= 1 ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static double[] Log10(IEnumerable<double> values) => values.Select(Math.Log10).ToArray();

    /// <summary>Marks an empty figure so it is still a titled, readable image rather than a blank frame.</summary>
    internal static void NoData(Plot plot)
    {
        var label = plot.Add.Text("no data", 0.5, 0.5);
        label.LabelFontSize = 28;
        label.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(0, 1, 0, 1);
    }

    /// <summary>Renders the plot at <see cref="Width"/>×<see cref="Height"/> (or the given size) and writes it atomically
    /// with the title, and the drawn data as CSV when given, embedded.</summary>
    internal static string Save(Plot plot, FigureText text, string path, string? data = null, int width = Width, int height = Height) =>
        SavePng(plot.GetImage(width, height).GetImageBytes(ImageFormat.Png), text, path, data);

    /// <summary>Draws onto a white <paramref name="width"/>×<paramref name="height"/> canvas and saves it like <see cref="Save"/>.</summary>
    internal static string SaveCanvas(int width, int height, Action<SkiaSharp.SKCanvas> draw, FigureText text, string path, string? data = null)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height)) ?? throw new InvalidOperationException("no drawing surface");
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var encoded = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return SavePng(encoded.ToArray(), text, path, data);
    }

    private static string SavePng(byte[] png, FigureText text, string path, string? data)
    {
        byte[] tagged = WithText(png, TitleKeyword, text.Title);
        if (data is not null) tagged = WithText(tagged, DataKeyword, data);
        AtomicFile.Write(path, s => s.Write(tagged));
        return path;
    }

    /// <summary>Inserts an iTXt chunk (UTF-8 text) right after IHDR.</summary>
    public static byte[] WithText(byte[] png, string keyword, string value)
    {
        const int afterIhdr = 8 + 4 + 4 + 13 + 4;
        if (png.Length < afterIhdr || Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
            throw new ArgumentException("not a PNG with a leading IHDR chunk", nameof(png));
        // iTXt: keyword NUL, compression flag 0, method 0, language tag NUL, translated keyword NUL, text.
        byte[] body = [.. Encoding.Latin1.GetBytes(keyword), 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(value)];
        byte[] typeAndBody = [.. "iTXt"u8, .. body];
        var chunk = new byte[4 + typeAndBody.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        typeAndBody.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + typeAndBody.Length), Crc32.HashToUInt32(typeAndBody));
        return [.. png.AsSpan(0, afterIhdr), .. chunk, .. png.AsSpan(afterIhdr)];
    }

    /// <summary>The text stored under <paramref name="keyword"/> in a tEXt or iTXt chunk before the image data, or null.</summary>
    public static string? ReadText(ReadOnlySpan<byte> png, string keyword)
    {
        int at = 8;
        while (at + 8 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            if (length < 0 || at + 12 + length > png.Length) return null;
            var type = png.Slice(at + 4, 4);
            var body = png.Slice(at + 8, length);
            if (type.SequenceEqual("IDAT"u8)) return null;
            bool itxt = type.SequenceEqual("iTXt"u8);
            int nul = body.IndexOf((byte)0);
            if ((itxt || type.SequenceEqual("tEXt"u8)) && nul > 0 && Encoding.Latin1.GetString(body[..nul]) == keyword)
            {
                if (!itxt) return Encoding.Latin1.GetString(body[(nul + 1)..]);
                if (body.Length < nul + 3 || body[nul + 1] != 0) return null;   // compressed iTXt: not written here
                var rest = body[(nul + 3)..];                                    // after NUL, flag, method
                int lang = rest.IndexOf((byte)0);
                if (lang < 0) return null;
                rest = rest[(lang + 1)..];
                int translated = rest.IndexOf((byte)0);
                return translated < 0 ? null : Encoding.UTF8.GetString(rest[(translated + 1)..]);
            }
            at += 12 + length;
        }
        return null;
    }
}
