using SkiaSharp;

namespace Phylo.Tests.Plots;

/// <summary>A decoded PNG (SkiaSharp) and what is on it.</summary>
public sealed class Png
{
    private readonly SKColor[] _pixels;

    private Png(int width, int height, SKColor[] pixels)
    {
        Width = width;
        Height = height;
        _pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    public int DistinctColors => _pixels.Select(c => (uint)c).Distinct().Count();

    /// <summary>Pixels within a small distance per channel of <paramref name="target"/> (anti-aliasing shifts edges only).</summary>
    public int CountNear(SKColor target, int tolerance = 24) =>
        _pixels.Count(c => Math.Abs(c.Red - target.Red) <= tolerance && Math.Abs(c.Green - target.Green) <= tolerance
                           && Math.Abs(c.Blue - target.Blue) <= tolerance);

    public static Png Read(string path) => Read(File.ReadAllBytes(path));

    public static Png Read(byte[] bytes)
    {
        using (var codec = SKCodec.Create(new MemoryStream(bytes)) ?? throw new InvalidDataException("not a decodable image"))
            Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        using var bitmap = SKBitmap.Decode(bytes) ?? throw new InvalidDataException("PNG did not decode");
        return new Png(bitmap.Width, bitmap.Height, bitmap.Pixels);
    }
}
