using System.Text;
using System.Text.Unicode;
using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>The UTF-8 check folded into the card scan (<see cref="ScannedCard.ValidUtf8"/>) against
/// <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>, at every level, in the plain and the escaped scan.</summary>
public class CardScanUtf8Tests
{
    public static TheoryData<SimdLevel> Levels() => KernelData.Levels();

    /// <summary>Sequences that are one byte away from valid ones, each of UTF-8's rules, and valid ones at the edges of
    /// those rules: stray continuations, overlong forms, surrogates, beyond U+10FFFF, bytes never used, truncated and
    /// overlong sequences.</summary>
    private static readonly byte[][] Sequences =
    [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x80], [0xDF, 0xBF], [0xC3, 0xA9, 0xA9],
        [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xE2, 0x82], [0xE2, 0x82, 0xAC], [0xEC, 0xBF, 0xBF],
        [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xE1, 0x41, 0x80],
        [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x80],
        [0xF3, 0xBF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8], [0xFE], [0xFF],
        [0xF0, 0x9F, 0x98, 0x80, 0x80], [0xE2, 0x80, 0xAF, 0x80], [0xC2, 0xA0, 0x22, 0x22], [0xE3, 0x22, 0x22, 0x80],
    ];

    private static void AssertValidity(byte[] bytes, SimdLevel level)
    {
        bool valid = Utf8.IsValid(bytes);
        ScannedCard scan = CardScan.Scan(bytes, 512, level);
        Assert.Equal(valid, scan.ValidUtf8);
        Assert.Equal(CardScan.Reference(bytes, 512), scan);
        ScannedEscapedCard escaped = CardScan.ScanEscaped(bytes, 512, level);
        if (escaped.Paired) Assert.Equal(valid, escaped.Facts.ValidUtf8);
    }

    [Theory, MemberData(nameof(Levels))]
    public void Random_text_at_every_length(SimdLevel level)
    {
        var rng = new Random(31);
        for (int len = 0; len <= KernelData.MaxLength; len++)
            for (int t = 0; t < 4; t++)
            {
                AssertValidity(KernelData.RandomUtf8(rng, len), level);
                AssertValidity(KernelData.RandomUtf8(rng, len, invalid: true), level);
                AssertValidity(KernelData.MostlyAscii(rng, len), level);
                var random = new byte[len];
                rng.NextBytes(random);
                AssertValidity(random, level);
            }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Every_rule_at_every_offset_across_block_edges_and_at_the_end(SimdLevel level)
    {
        foreach (byte[] sequence in Sequences)
            foreach (string background in (string[])["x", "é", "語", "😀", "\""])
            {
                byte[] fill = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(background, 400)));
                for (int at = 0; at <= 260; at++)
                {
                    // The sequence replaces bytes at `at` of a valid text (which may cut a character of the background).
                    byte[] bytes = fill[..(at + sequence.Length + 40)];
                    sequence.CopyTo(bytes, at);
                    AssertValidity(bytes, level);
                    AssertValidity(bytes[..(at + sequence.Length)], level); // the sequence ends the card
                    byte[] inserted = [.. fill[..at], .. sequence, .. "tail"u8];
                    AssertValidity(inserted, level);
                }
            }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Valid_text_with_one_byte_changed(SimdLevel level)
    {
        var rng = new Random(32);
        for (int t = 0; t < 3000; t++)
        {
            byte[] bytes = KernelData.RandomUtf8(rng, rng.Next(1, 700));
            while (!Utf8.IsValid(bytes)) bytes = bytes[..^1]; // the generator's cut may truncate the last character
            if (bytes.Length == 0) continue;
            AssertValidity(bytes, level);
            bytes[rng.Next(bytes.Length)] = (byte)rng.Next(0x80, 0x100);
            AssertValidity(bytes, level);
        }
    }

    [Theory, MemberData(nameof(Levels))]
    public void A_quoted_field_with_invalid_bytes_is_not_read_as_valid(SimdLevel level)
    {
        foreach (byte[] sequence in Sequences)
            for (int at = 0; at <= 200; at += 3)
            {
                byte[] inside = [.. Enumerable.Repeat((byte)'q', at), (byte)'"', (byte)'"', .. sequence, (byte)'"', (byte)'"', .. "end"u8];
                ScannedEscapedCard scan = CardScan.ScanEscaped(inside, 512, level);
                Assert.Equal(Simd.Cap(level) != SimdLevel.Scalar, scan.Paired);
                if (scan.Paired) Assert.Equal(Utf8.IsValid(inside), scan.Facts.ValidUtf8);
            }
    }
}
