using System.Text;
using CsCheck;
using Phylo.Ingest.Csv;
using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>The escaped scan of a quoted CSV field's inside against the reference: decode the field as the CSV does,
/// then the scalar card facts and genome cut of the text.</summary>
public class CardScanEscapedTests
{
    public static TheoryData<SimdLevel> Levels() => KernelData.Levels();

    /// <summary>Text pieces: quotes alone and in runs, ASCII, multi-byte characters and whitespace, the phrases.</summary>
    private static readonly string[] Pieces =
    [
        "\"", "\"", "\"\"", "\"\"\"", "a", "B", "7", " ", " ", "\t", "\n", "\r", "\u001c", "\u0085", "\u00a0", "\u1680",
        "\u2000", "\u2028", "\u202f", "\u205f", "\u3000", "\u200b", "é", "Ж", "語", "😀", "automatically generated",
        "Generated Automatically", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];

    private static byte[] Text(Random rng, int minBytes)
    {
        var sb = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < minBytes) sb.Append(Pieces[rng.Next(Pieces.Length)]);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The CSV field of <paramref name="text"/>: quoted, every quote doubled.</summary>
    private static byte[] Field(byte[] text) => [(byte)'"', .. text.SelectMany(b => b == (byte)'"' ? new[] { b, b } : [b]), (byte)'"'];

    private static byte[] Decode(byte[] field)
    {
        var dest = new byte[CsvFields.MaxDecodedLength(field.Length)];
        return dest[..CsvFields.DecodeUtf8(field, dest, out bool invalid)];
    }

    /// <summary>When the scan reads the inside as pairs, everything it says equals the reference on the decoded text;
    /// <paramref name="mustPair"/>: a well-formed field must be read so (the fast path is taken).</summary>
    private static void AssertEscaped(byte[] field, int prefix, SimdLevel level, bool mustPair)
    {
        byte[] text = Decode(field);
        byte[] inside = field[1..^1];
        ScannedEscapedCard scan = CardScan.ScanEscaped(inside, prefix, level);
        if (Simd.Cap(level) == SimdLevel.Scalar) Assert.False(scan.Paired); // the reference path: the caller decodes
        else if (mustPair) Assert.True(scan.Paired);
        if (!scan.Paired) return;
        Assert.Equal(CardScan.Reference(text, prefix), scan.Facts);
        var head = new byte[inside.Length];
        int n = DoubledQuotes.Unescape(inside.AsSpan(0, scan.RawPrefixBytes), head);
        Assert.Equal(text[..scan.Facts.PrefixBytes], head[..n]);
    }

    [Theory, MemberData(nameof(Levels))]
    public void Doubled_quotes_read_as_the_decoded_text_at_every_length(SimdLevel level)
    {
        var rng = new Random(21);
        for (int len = 0; len <= KernelData.MaxLength; len++)
            for (int t = 0; t < 3; t++)
            {
                byte[] text = Text(rng, len);
                int cps = Encoding.UTF8.GetCharCount(text);
                foreach (int prefix in (int[])[0, 1, cps / 3, cps - 1, cps, cps + 1, rng.Next(cps + 2), 512])
                    AssertEscaped(Field(text), Math.Max(0, prefix), level, mustPair: true);
            }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Doubled_quotes_read_as_the_decoded_text_on_long_cards(SimdLevel level)
    {
        var rng = new Random(22);
        for (int t = 0; t < 300; t++)
        {
            byte[] text = Text(rng, rng.Next(258, 5000));
            AssertEscaped(Field(text), rng.Next(2) == 0 ? 512 : rng.Next(text.Length + 2), level, mustPair: true);
        }
    }

    [Theory, MemberData(nameof(Levels))]
    public void A_quote_at_every_offset_across_block_edges_and_the_cut(SimdLevel level)
    {
        foreach (string insert in (string[])["\"", "\"\"", " \"", "\" ", "é\"語", "\"\u3000", "automatically\"generated", "\"automatically generated\""])
        {
            byte[] piece = Encoding.UTF8.GetBytes(insert);
            for (int at = 0; at + piece.Length <= 300; at++)
            {
                byte[] text = Encoding.UTF8.GetBytes(new string('x', 300));
                for (int k = 0; k < at; k += 7) text[k] = (byte)' ';
                piece.CopyTo(text, at);
                foreach (int prefix in (int[])[at, at + 1, 100, 512])
                    AssertEscaped(Field(text), prefix, level, mustPair: true);
            }
        }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Exactly_512_code_points_with_quotes_at_the_cut(SimdLevel level)
    {
        foreach (int cps in (int[])[511, 512, 513])
            foreach (int quoteAt in (int[])[0, 1, 255, 510, 511, 512])
                foreach (string filler in (string[])["x", "é", "語", "😀"])
                {
                    var chars = Enumerable.Repeat(filler, cps).ToArray();
                    if (quoteAt < cps) chars[quoteAt] = "\"";
                    byte[] text = Encoding.UTF8.GetBytes(string.Concat(chars));
                    AssertEscaped(Field(text), 512, level, mustPair: true);
                    Assert.Equal(cps, CardScan.Reference(Decode(Field(text)), 512).CodePoints);
                }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Insides_that_are_not_pairs_are_left_to_the_decoder(SimdLevel level)
    {
        foreach (string inside in (string[])["\"", "ab\"", "a\"b", "a\"\"b\"", "\"\"\"", "x\"\"\"y", "a\" \"b", new string('x', 200) + "\"y"])
        {
            byte[] field = Encoding.UTF8.GetBytes("\"" + inside + "\"");
            Assert.False(CardScan.ScanEscaped(field.AsSpan(1, field.Length - 2), 512, level).Paired);
        }
    }

    /// <summary>Any inside at all (lone quotes, runs, text after a closing quote): read as pairs only when the CSV's
    /// decoder reads it so, and then exactly.</summary>
    [Fact]
    public void Generated_insides_read_exactly_or_not_at_all() =>
        Gen.Int[0, Pieces.Length - 1].Array[0, 120].Select(Gen.Bool, (pieces, doubled) => (pieces, doubled)).Sample(g =>
        {
            byte[] text = Encoding.UTF8.GetBytes(string.Concat(g.pieces.Select(p => Pieces[p])));
            byte[] field = g.doubled ? Field(text) : [(byte)'"', .. text, (byte)'"'];
            foreach (var level in Simd.Supported)
                foreach (int prefix in (int[])[0, 7, 512])
                    AssertEscaped(field, prefix, level, mustPair: g.doubled);
        }, iter: 2000);
}
