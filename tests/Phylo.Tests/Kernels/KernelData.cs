using System.Text;
using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>Shared inputs for kernel tests: every SIMD level this machine runs, every length 0..257, random text.</summary>
public static class KernelData
{
    public const int MaxLength = 257;

    public static TheoryData<SimdLevel> Levels()
    {
        var data = new TheoryData<SimdLevel>();
        foreach (SimdLevel l in Simd.Supported) data.Add(l);
        return data;
    }

    /// <summary>Pieces random UTF-8 is built from: ASCII letters, every Python whitespace class, 2-4 byte
    /// characters, Unicode whitespace, and (when asked for invalid UTF-8) stray or truncated bytes.</summary>
    private static readonly string[] Pieces =
    [
        "a", "B", "z", "7", "_", ".", " ", " ", "\t", "\n", "\r", "\v", "\f", "\u001c", "\u001f", "\u0085", "\u00a0",
        "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u200b", "é", "Ж", "語", "😀", "ß",
    ];

    public static byte[] RandomUtf8(Random rng, int length, bool invalid = false)
    {
        var bytes = new List<byte>(length + 4);
        Span<byte> buf = stackalloc byte[8];
        while (bytes.Count < length)
        {
            if (invalid && rng.Next(40) == 0) { bytes.Add((byte)rng.Next(0x80, 0x100)); continue; }
            int n = Encoding.UTF8.GetBytes(Pieces[rng.Next(Pieces.Length)], buf);
            for (int k = 0; k < n; k++) bytes.Add(buf[k]);
        }
        return bytes.GetRange(0, length).ToArray(); // the cut may truncate the last character: invalid on purpose
    }

    /// <summary>Mostly long ASCII runs (the vector fast path) with rare non-ASCII characters.</summary>
    public static byte[] MostlyAscii(Random rng, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(rng.Next(5) == 0 ? ' ' : 'a' + rng.Next(26));
        if (length > 3 && rng.Next(3) == 0)
        {
            int at = rng.Next(length - 2);
            "é"u8.CopyTo(bytes.AsSpan(at));
        }
        return bytes;
    }
}
