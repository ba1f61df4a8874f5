using System.Text;
using CsCheck;
using Phylo.Tests.Similarity;
using Phylo.Text;

namespace Phylo.Tests.Text;

/// <summary>The flat piece table against tokenizing each piece's text on its own: terms (unigrams, then inner bigrams),
/// first and last token, across block boundaries, with a key before and a suffix after, skipped and empty values.</summary>
public class TermPiecesTests
{
    [Fact]
    public void Every_piece_holds_the_terms_and_edge_tokens_of_its_own_text() =>
        RecordTermsTests.Text.Array[0, 5000].Select(Gen.Bool).Sample(t =>
        {
            (string[] texts, bool withKey) = t;
            byte[][] values = Array.ConvertAll(texts, Encoding.UTF8.GetBytes);
            byte[] prefix = withKey ? "key_word: "u8.ToArray() : [], suffix = withKey ? "\n"u8.ToArray() : [];
            bool[] skip = Array.ConvertAll(texts, s => s.Length % 7 == 3);
            TermPieces pieces = TermPieces.Build(values, prefix, suffix, emptyIsNone: withKey, skip);
            Assert.Equal(values.Length, pieces.Count);
            var tok = new TermTokenizer();
            for (int p = 0; p < values.Length; p++)
            {
                bool none = skip[p] || withKey && values[p].Length == 0;
                int n = none ? 0 : tok.Tokenize([.. prefix, .. values[p], .. suffix]);
                var expected = new ulong[n == 0 ? 0 : tok.TermCount];
                if (n > 0) tok.HashTerms(expected);
                Assert.Equal(expected, pieces.Terms(p).ToArray());
                Assert.Equal(n == 0 ? [] : tok.Token(0).ToArray(), pieces.First(p).ToArray());
                Assert.Equal(n == 0 ? [] : tok.Token(n - 1).ToArray(), pieces.Last(p).ToArray());
            }
        }, iter: 20);

    [Fact]
    public void Pieces_and_text_between_them_give_the_documents_terms()
    {
        string[] tags = ["'alpha beta', ", "'gamma', ", "'', ", "'x'"];
        TermPieces values = TermPieces.Build([.. tags.Select(Encoding.UTF8.GetBytes)]);
        var terms = new TermSequence();
        terms.Add(TermPieces.Of("{'tags': ["u8));
        for (int p = 0; p < values.Count; p++) terms.Add(values, p);
        terms.AddText("] word_one "u8);
        terms.Add(values, 0);
        terms.Add(values, 1); // the seam from piece 0 to piece 1 again: from the cache
        var tok = new TermTokenizer();
        tok.Tokenize(Encoding.UTF8.GetBytes("{'tags': [" + string.Concat(tags) + "] word_one " + tags[0] + tags[1]));
        var expected = new ulong[tok.TermCount];
        tok.HashTerms(expected);
        Assert.Equal(expected, terms.Hashes().ToArray());
    }
}
