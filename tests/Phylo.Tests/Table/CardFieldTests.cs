using System.Text;
using CsCheck;
using Phylo.Ingest.Pipeline;
using Phylo.Kernels;
using Phylo.Table;

namespace Phylo.Tests.Table;

/// <summary>The card stage on a raw quoted field read in place gives every feature it gives on the decoded card:
/// facts, genome, term counts, lineage body, mentions, the kept text, and the same rejections.</summary>
public class CardFieldTests
{
    private const CardKeep All = CardKeep.Features | CardKeep.Bodies | CardKeep.Text;
    private const CardKeep Read = CardKeep.Features | CardKeep.Bodies; // what is read in place (Text keeps the decoded card)

    /// <summary>Card pieces: front matter, quotes alone and in runs, mentions and base_model lines, multi-byte
    /// characters and whitespace, the auto-generated phrase, long runs (blocks, the 512-code-point cut), invalid bytes.</summary>
    private static readonly byte[][] Pieces =
    [
        .. ((string[])["---\n", "base_model: org/base\n", "---\n", "\"", "\"", "\"\"", " ", "\n", "\r\n", "é", "語", "😀", "\u3000",
            "\u00a0", "see huggingface.co/", "org/model-1", "hf.co/", "datasets/x", "/", "github.com/a/b", "a.b/c_d.",
            "automatically generated", ",", "'", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "The quick brown fox jumps over the lazy dog. ", "`code` \"quoted\" (x) "]).Select(Encoding.UTF8.GetBytes),
        [0xC3], [0xFF], [0xE2, 0x80],
    ];

    private static readonly Gen<byte[]> Fields =
        Gen.Select(Gen.Int[0, Pieces.Length - 1].Array[0, 300], Gen.Int[0, 9], Gen.Int[0, 99], (pieces, form, fill) =>
        {
            var text = new List<byte>();
            foreach (int p in pieces)
            {
                text.AddRange(Pieces[p]);
                if (p == fill % Pieces.Length) text.AddRange(Enumerable.Repeat((byte)'w', fill * 5)); // long cards
            }
            return form switch
            {
                < 6 => [(byte)'"', .. text.SelectMany(b => b == (byte)'"' ? new[] { b, b } : [b]), (byte)'"'], // as a CSV writes it
                < 8 => [(byte)'"', .. text, (byte)'"'],                                                     // quotes as they come
                8 => [(byte)'"', .. text],                                                                   // never closed
                _ => text.ToArray(),                                                                         // unquoted
            };
        });

    [Fact]
    public void A_field_read_in_place_gives_the_features_of_its_decoded_text() => Fields.Sample(field =>
    {
        var reader = new FieldReader();
        foreach (var level in Simd.Supported)
            foreach (var keep in (CardKeep[])[All, Read, CardKeep.Features])
            {
                var (decodedRejects, inPlaceRejects) = (new List<Rejection>(), new List<Rejection>());
                reader.Reset(field, "f.csv", 2, decodedRejects);
                if (reader.FieldCount != 1) return; // a comma outside quotes: not one field
                var (decoded, inPlace) = (new CardStage(keep, level), new CardStage(keep, level));
                var (a, b) = (new ModelRecord(), new ModelRecord());
                decoded.Process(a, reader.Utf8(0), new CardPieces());
                reader.Reset(field, "f.csv", 2, inPlaceRejects);
                CardField card = reader.Card(0);
                if (level >= SimdLevel.V128 && field.Length >= 2 && field[0] == '"' && field[^1] == '"' && System.Text.Unicode.Utf8.IsValid(field))
                    Assert.True(card.Quoted);
                if (!inPlace.TryProcess(b, card, new CardPieces())) inPlace.Process(b, reader.Utf8(0), new CardPieces());
                Assert.Equal(decodedRejects, inPlaceRejects);
                AssertSameFeatures(a, b);
                AssertSameCounts(decoded.Terms.ToCounts(), inPlace.Terms.ToCounts());
            }
    }, iter: 1500);

    [Fact]
    public void Mentions_and_the_body_are_read_through_doubled_quotes()
    {
        string text = "---\nbase_model: \"org/base\"\n---\nFine-tuned from \"org/base\" (see \"https://huggingface.co/org/other\"):\n"
            + "```python\nmodel = AutoModel.from_pretrained(\"org/third\")\n```\n" + new string('x', 600);
        byte[] field = Encoding.UTF8.GetBytes("\"" + text.Replace("\"", "\"\"") + "\"");
        var (decoded, inPlace) = (new CardStage(Read), new CardStage(Read));
        var (a, b) = (new ModelRecord(), new ModelRecord());
        decoded.Process(a, Encoding.UTF8.GetBytes(text), new CardPieces());
        Assert.True(inPlace.TryProcess(b, CardField.QuotedCsv(field), new CardPieces()));
        Assert.Equal(3, a.Mentions.Length);
        Assert.True(a.Genome.Span.IndexOf((byte)'"') >= 0);
        AssertSameFeatures(a, b);
    }

    [Fact]
    public void The_genome_and_body_cuts_through_doubled_quotes_at_every_offset_near_512()
    {
        foreach (string filler in (string[])["x", "é", "語", "\"", " "])
            foreach (string insert in (string[])["\"", "\"\"", "\"x\"", "\"\"\"", "😀\""])
                for (int at = 495; at <= 520; at++)
                {
                    var chars = Enumerable.Repeat(filler, 530).ToList();
                    chars.Insert(at, insert);
                    foreach (string front in (string[])["", "---\na: \"1\"\n---\n"])
                    {
                        string text = front + string.Concat(chars);
                        byte[] field = Encoding.UTF8.GetBytes("\"" + text.Replace("\"", "\"\"") + "\"");
                        var (a, b) = (new ModelRecord(), new ModelRecord());
                        new CardStage(Read).Process(a, Encoding.UTF8.GetBytes(text), new CardPieces());
                        Assert.True(new CardStage(Read).TryProcess(b, CardField.QuotedCsv(field), new CardPieces()));
                        AssertSameFeatures(a, b);
                    }
                }
    }

    private static void AssertSameFeatures(ModelRecord a, ModelRecord b)
    {
        Assert.Equal((a.CardChars, a.CardWords, a.CardAutoGenerated), (b.CardChars, b.CardWords, b.CardAutoGenerated));
        Assert.Equal(a.Genome.ToArray(), b.Genome.ToArray());
        Assert.Equal(a.Body.ToArray(), b.Body.ToArray());
        Assert.Equal(a.Mentions.ToArray(), b.Mentions.ToArray());
        Assert.Equal(a.Card, b.Card);
        Assert.Equal((a.CardFeaturized, a.GenomeTermsCounted), (b.CardFeaturized, b.GenomeTermsCounted));
    }

    private static void AssertSameCounts(Phylo.Text.TermCounts a, Phylo.Text.TermCounts b)
    {
        Assert.Equal(a.DocumentCount, b.DocumentCount);
        Assert.Equal(a.Hashes, b.Hashes);
        Assert.Equal(a.Counts, b.Counts);
    }
}
