using System.Text;
using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Tests.Text;

public class TermTokenizerTests
{
    // Expected outputs are sklearn 1.2.1's CountVectorizer(ngram_range=(1, 2)).build_analyzer() on CPython 3.11.
    public static TheoryData<string, string[]> SklearnCases() => new()
    {
        { "Hello, World! hello_world x y z", ["hello", "world", "hello_world", "hello world", "world hello_world"] },
        { "don't stop", ["don", "stop", "don stop"] },
        { "It's 2024: GPT-4o v1.2 3.14", ["it", "2024", "gpt", "4o", "v1", "14", "it 2024", "2024 gpt", "gpt 4o", "4o v1", "v1 14"] },
        { "ΟΔΟΣ ΣΟΦΟΣ Σ ΑΣ", ["οδος", "σοφος", "ας", "οδος σοφος", "σοφος ας"] },
        { "İstanbul İİ", ["stanbul"] },
        { "日本語のテキスト 中文 한국어", ["日本語のテキスト", "中文", "한국어", "日本語のテキスト 中文", "中文 한국어"] },
        { "नमस्ते दुनिया", ["नमस"] },
        { "emoji 😀😀 ok🙂ok", ["emoji", "ok", "ok", "emoji ok", "ok ok"] },
        { "x² ①② ⅷx ab", ["x²", "①②", "ⅷx", "ab", "x² ①②", "①② ⅷx", "ⅷx ab"] },
        { "tab\tsep\u00a0nbsp\u2003em\u3000ideo", ["tab", "sep", "nbsp", "em", "ideo", "tab sep", "sep nbsp", "nbsp em", "em ideo"] },
        { "__init__ _a a_ __", ["__init__", "_a", "a_", "__", "__init__ _a", "_a a_", "a_ __"] },
        { "ÀÉÎõü ǅungla ẞtraße", ["àéîõü", "ǆungla", "ßtraße", "àéîõü ǆungla", "ǆungla ßtraße"] },
        { "A\u0301BC cafe\u0301", ["bc", "cafe", "bc cafe"] },
        { "", [] },
        { "a b c", [] },
        { "single", ["single"] },
    };

    [Theory, MemberData(nameof(SklearnCases))]
    public void Terms_match_sklearn_analyzer(string text, string[] expected)
    {
        var tok = new TermTokenizer();
        tok.Tokenize(Encoding.UTF8.GetBytes(text));
        var terms = new string[tok.TermCount];
        for (int t = 0; t < terms.Length; t++) terms[t] = Encoding.UTF8.GetString(tok.Term(t));
        Assert.Equal(expected, terms);
    }

    [Fact]
    public void Hashes_are_the_hashes_of_the_term_bytes_and_the_buffer_is_reused()
    {
        var tok = new TermTokenizer();
        tok.Tokenize(Encoding.UTF8.GetBytes(new string('x', 5000) + " long"));
        tok.Tokenize("Alpha beta"u8);
        var hashes = new ulong[tok.TermCount];
        Assert.Equal(3, tok.HashTerms(hashes));
        Assert.Equal(TermTokenizer.HashTerm("alpha beta"u8), hashes[2]);
        Assert.Equal(TermTokenizer.HashTerm("beta"u8), hashes[1]);
    }

    [Fact]
    public void Invalid_utf8_breaks_tokens_like_a_replacement_character()
    {
        var tok = new TermTokenizer();
        tok.Tokenize([(byte)'a', (byte)'b', 0xFF, (byte)'c', (byte)'d', 0xE2, 0x82]);
        Assert.Equal(2, tok.TokenCount);
        Assert.Equal("cd", Encoding.UTF8.GetString(tok.Token(1)));
    }
    // The ASCII blocks (16 or 32 bytes at a time) against the byte-at-a-time scan, at every level this machine runs, on
    // every length 0..257 and on random texts: word and non-word runs across block edges, one-character words, upper
    // case, '_' and digits, the bytes next to the classes' edges ('@', '[', '`', '{', '/', ':'), non-ASCII letters,
    // marks, Σ, İ and invalid bytes inside a block.
    [Fact]
    public void Vector_blocks_tokenize_as_the_scalar_scan_on_every_length_and_random_texts()
    {
        string[] pieces = ["a", "Ab", "xyz", "HELLO", "w0rd", "_", "__x", "9", "42", " ", "  ", ",", "@", "[", "`", "{", "/", ":",
            "\n", "é", "ΣΑΣ", "İi", "\u0301", "日本", "\t", "-", "Z", "z", "0"];
        var rng = new Random(15);
        var scalar = new TermTokenizer();
        var vector = new TermTokenizer();
        var texts = new List<byte[]>();
        for (int len = 0; len <= 257; len++)
        {
            var sb = new StringBuilder();
            while (Encoding.UTF8.GetByteCount(sb.ToString()) < len) sb.Append(pieces[rng.Next(pieces.Length)]);
            byte[] b = Encoding.UTF8.GetBytes(sb.ToString());
            texts.Add(b[..Math.Min(len, b.Length)]); // may cut a code point: invalid UTF-8 at the end
            texts.Add([.. Enumerable.Range(0, len).Select(_ => (byte)rng.Next(0x20, 0x7F))]);
        }
        for (int t = 0; t < 300; t++)
            texts.Add([.. Enumerable.Range(0, rng.Next(0, 600)).Select(_ => rng.Next(20) == 0 ? (byte)rng.Next(0x80, 0x100) : (byte)rng.Next(0, 0x80))]);
        foreach (SimdLevel level in Simd.Supported)
            foreach (byte[] text in texts)
            {
                int n = scalar.Tokenize(text, SimdLevel.Scalar);
                Assert.Equal(n, vector.Tokenize(text, level));
                for (int i = 0; i < scalar.TermCount; i++) Assert.True(scalar.Term(i).SequenceEqual(vector.Term(i)), $"{level}, term {i} of {Convert.ToHexString(text)}");
            }
    }
}
