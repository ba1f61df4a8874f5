using System.Text;
using CsCheck;
using Phylo.Text;

namespace Phylo.Tests.Lineage;

public sealed class CardSignalsTests
{
    private static string Body(string card) => Encoding.UTF8.GetString(CardSignals.Body(Encoding.UTF8.GetBytes(card)));

    private static ulong[] Mentions(string body)
    {
        Span<ulong> buf = stackalloc ulong[CardSignals.MaxMentions];
        return buf[..CardSignals.Mentions(Encoding.UTF8.GetBytes(body), buf)].ToArray();
    }

    private static ulong Link(string id) => CardSignals.IdHash(id) | 1;

    [Theory]
    [InlineData("---\nbase_model: org/parent\nlicense: mit\n---\n\n# Child\nbody text", "\n# Child\nbody text")]
    [InlineData("\n---\nbase_model: org/parent\n---\n# Child", "# Child")]              // leading blank line: still front matter (as the Hub reads it)
    [InlineData("  \r\n---\r\nbase_model: x\r\n---\r\nbody", "body")]                    // CRLF
    [InlineData("---\nbase_model: x\nnever closed", "---\nbase_model: x\nnever closed")]  // unclosed: no front matter
    [InlineData("no front matter", "no front matter")]
    [InlineData("---- not a fence\n---\nx", "---- not a fence\n---\nx")]
    [InlineData("---\n---\nbody", "body")]
    [InlineData("", "")]
    public void Front_matter_is_what_the_Hub_reads_as_front_matter(string card, string body) => Assert.Equal(body, Body(card));

    [Fact]
    public void Body_prefix_is_512_code_points_of_the_body()
    {
        string card = "---\nbase_model: a/b\n---\n" + new string('é', 600);
        Span<ulong> buf = stackalloc ulong[CardSignals.MaxMentions];
        byte[] bytes = Encoding.UTF8.GetBytes(card);
        CardSignals.Extract(bytes, buf, out Range prefix);
        Assert.Equal(new string('é', 512), Encoding.UTF8.GetString(bytes[prefix]));
        Assert.Equal(new string('é', 512), Encoding.UTF8.GetString(CardSignals.BodyPrefix(bytes)));
    }

    [Fact]
    public void Links_and_bare_ids_are_mentions_other_urls_and_sections_are_not()
    {
        string body = "This model is a fine-tuned version of [Meta/Llama-2-7b](https://huggingface.co/meta/llama-2-7b) on x.\n" +
                      "Quantized from `TheBloke/Foo-GGUF`. Code: https://github.com/org/repo and data https://huggingface.co/datasets/org/data.\n" +
                      "See hf.co/other/model/resolve/main/x.bin, and path/to/file stays a bare pair. Ends with org/name.";
        ulong[] m = Mentions(body);
        Assert.Equal(
            [Link("meta/llama-2-7b"), CardSignals.IdHash("thebloke/foo-gguf"), Link("other/model"), CardSignals.IdHash("path/to"), CardSignals.IdHash("org/name")],
            m);
        Assert.DoesNotContain(CardSignals.IdHash("org/repo"), m.Select(h => h & ~1UL));      // a GitHub path
        Assert.DoesNotContain(CardSignals.IdHash("org/data"), m.Select(h => h & ~1UL));      // a data set
        Assert.DoesNotContain(CardSignals.IdHash("datasets/org"), m.Select(h => h & ~1UL));
    }

    [Fact]
    public void A_base_model_line_outside_the_front_matter_is_not_a_mention()
    {
        Assert.Empty(Mentions("merge config:\n```yaml\nbase_model: org/parent\n  - base_model: org/other\n```\n"));
        Assert.Equal([CardSignals.IdHash("org/parent")], Mentions("models:\n  - model: org/parent\nbase_model: org/parent\n"));
    }

    [Fact]
    public void Mentions_are_distinct_capped_and_ignore_ascii_case()
    {
        Assert.Equal(CardSignals.IdHash("Org/Model"), CardSignals.IdHash("org/model"));
        Assert.Equal(CardSignals.IdHash("org/model"), CardSignals.IdHash(Encoding.UTF8.GetBytes("ORG/MODEL")));
        Assert.Equal([Link("org/model")], Mentions("org/model then https://huggingface.co/ORG/Model"));
        string many = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"org/m{i}"));
        ulong[] m = Mentions(many);
        Assert.Equal(CardSignals.MaxMentions, m.Length);
        Assert.Equal(CardSignals.IdHash("org/m0"), m[0]);
    }

    private static readonly Gen<string> Ids = Gen.Select(Gen.String[Gen.Char["abcXYZ09-_."], 1, 12], Gen.String[Gen.Char["abcXYZ09-_."], 1, 12], (o, n) => $"{o}/{n}")
        .Where(id => char.IsAsciiLetterOrDigit(id[0]) && char.IsAsciiLetterOrDigit(id[id.IndexOf('/') + 1]) && !id.EndsWith('.'));

    [Fact]
    public void Any_card_extracts_without_failing_and_finds_linked_ids_in_its_body() =>
        Gen.Select(Gen.String, Ids, Gen.Bool, Gen.String[Gen.Char[" \n#*-"], 0, 5]).Sample((noise, id, fenced, pad) =>
        {
            string body = $"{pad}prose [x](https://huggingface.co/{id}) {noise.Replace('/', ' ')}";
            string card = fenced ? $"---\nbase_model: {id}\n---\n{body}" : body;
            byte[] bytes = Encoding.UTF8.GetBytes(card);
            Span<ulong> buf = stackalloc ulong[CardSignals.MaxMentions];
            int k = CardSignals.Extract(bytes, buf, out Range prefix);
            Assert.InRange(k, 1, CardSignals.MaxMentions);
            Assert.Contains(Link(id), buf[..k].ToArray());
            var (start, len) = prefix.GetOffsetAndLength(bytes.Length);
            Assert.True(start >= CardSignals.BodyStart(bytes) && len <= bytes.Length - start);
            Assert.True(Encoding.UTF8.GetString(bytes, start, len).Length <= 2 * CardSignals.BodyCodePoints);
        });

    [Fact]
    public void Random_bytes_never_break_the_extractor() =>
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            Span<ulong> buf = stackalloc ulong[CardSignals.MaxMentions];
            int k = CardSignals.Extract(bytes, buf, out Range prefix);
            Assert.InRange(k, 0, CardSignals.MaxMentions);
            Assert.True(prefix.GetOffsetAndLength(bytes.Length).Offset >= 0);
        });

    [Fact]
    public void Ingest_keeps_each_models_body_and_mentions_and_a_snapshot_keeps_them_too()
    {
        var b = new Phylo.Table.ModelTableBuilder(Phylo.Table.CardKeep.Features | Phylo.Table.CardKeep.Bodies);
        string[] cards = ["---\nbase_model: a/b\n---\nSee [a/b](https://huggingface.co/a/b).", "", "plain c/d"];
        for (int i = 0; i < cards.Length; i++)
            Assert.Null(b.Add(new Phylo.Ingest.ModelRecord { Id = $"o/m{i}", Card = cards[i].Length == 0 ? null : Encoding.UTF8.GetBytes(cards[i]), SourceFile = "t" }));
        var t = b.Build();
        string path = Path.Combine(Path.GetTempPath(), $"phylo-mentions-{Guid.NewGuid():N}.phylo");
        try
        {
            Phylo.Store.Snapshot.Write(t, path);
            var loaded = Phylo.Store.Snapshot.Read(path);
            foreach (var table in new[] { t, loaded })
            {
                var f = table.CardFeatures!;
                Assert.Equal("See [a/b](https://huggingface.co/a/b).", Encoding.UTF8.GetString(f.Bodies![0]));
                Assert.Equal([Link("a/b")], f.Mentions![0].ToArray());
                Assert.True(f.Bodies[1].IsEmpty && f.Mentions[1].IsEmpty);
                Assert.Equal([CardSignals.IdHash("c/d")], f.Mentions[2].ToArray());
            }
        }
        finally { File.Delete(path); }
    }
}
