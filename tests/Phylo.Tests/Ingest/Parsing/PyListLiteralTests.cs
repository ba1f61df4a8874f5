using System.Text;
using CsCheck;
using Phylo.Ingest.Parsing;

namespace Phylo.Tests.Ingest.Parsing;

public class PyListLiteralTests
{
    /// <summary>Pieces of text that stress quoting and escaping: ASCII, quotes, backslashes, controls, any BMP char
    /// (lone surrogates included), astral code points.</summary>
    private static readonly Gen<string> Piece = Gen.Frequency(
        (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (3, Gen.OneOf<string>("'", "\"", "\\", "\n", "\r", "\t", "\0", "\x7f", "\u00a0", "\u2028", " ", ",", "[", "]", "\\'", "\\x41")),
        (2, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (2, Gen.Int[0, 0xFFFF].Select(i => ((char)i).ToString())),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    private static readonly Gen<string> Text = Piece.Array[0, 12].Select(string.Concat);

    private static readonly Gen<string[]> Items = Text.Array[0, 6];

    private static string Repr(IReadOnlyList<string> items)
    {
        var sb = new StringBuilder();
        PyListLiteral.Write(items, sb);
        return sb.ToString();
    }

    [Fact]
    public void Write_then_parse_gives_the_items_back() => Items.Sample(items =>
    {
        var text = Repr(items);
        var got = new List<string>();
        Assert.True(PyListLiteral.TryParse(text, got), text);
        Assert.Equal(items, got);
    }, iter: 3000);

    [Fact]
    public void Utf8_overload_agrees_with_the_char_one() => Items.Sample(items =>
    {
        var text = Repr(items);
        var got = new List<string>();
        Assert.True(PyListLiteral.TryParse(Encoding.UTF8.GetBytes(text), got), text);
        Assert.Equal(items, got);
    }, iter: 1000);

    /// <summary>A worker's cache of recent strings changes which instance an item is, never its text: lists drawn from a small
    /// pool (so items repeat and hit the cache), parsed through one small cache that overflows and starts over, give the
    /// items the uncached parse gives, on the char and the UTF-8 path; a malformed literal is rejected either way.</summary>
    [Fact]
    public void Recent_strings_cache_changes_no_item() => Gen.Select(Text.Array[1, 5], Gen.Int[0, 20].Array[0, 8], Gen.Int[1, 4], Gen.Int[0, 3])
        .Array[1, 6].Sample(lists =>
        {
            var cache = new RecentStrings(capacity: 3);
            foreach (var (pool, picks, _, cut) in lists)
            {
                string[] items = [.. picks.Select(k => pool[k % pool.Length])];
                string text = Repr(items);
                if (cut > 0 && text.Length > cut) text = text[..^cut]; // a proper prefix: malformed
                var plain = new List<string>();
                bool ok = PyListLiteral.TryParse(text, plain);
                var cached = new List<string> { "keep" };
                Assert.Equal(ok, PyListLiteral.TryParse(text, cached, cache));
                Assert.Equal(["keep", .. plain], cached);
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                var utf8Plain = new List<string>();
                var utf8 = new List<string>();
                Assert.Equal(PyListLiteral.TryParse(bytes, utf8Plain), PyListLiteral.TryParse(bytes, utf8, cache));
                Assert.Equal(utf8Plain, utf8);
                if (ok && cut == 0) Assert.Equal(items, cached.Skip(1));
            }
        }, iter: 1000);

    [Fact]
    public void Recent_strings_hands_out_the_first_instance_until_it_overflows()
    {
        var cache = new RecentStrings(capacity: 2);
        string a = cache.Get("alpha");
        Assert.Same(a, cache.Get("alpha".AsSpan()));
        Assert.Equal("beta", cache.Get("beta"));
        Assert.Same(a, cache.Get("alpha"));
        string g = cache.Get("gamma"); // a third value: the cache starts over
        Assert.Equal("gamma", g);
        Assert.NotSame(a, cache.Get("alpha"));
        Assert.Equal("", cache.Get(""));
    }

    [Fact]
    public void Every_proper_prefix_of_a_nonempty_literal_is_rejected_and_leaves_the_list_alone() =>
        Items.Where(i => i.Length > 0).Sample(items =>
        {
            var text = Repr(items);
            for (int len = 1; len < text.Length; len++)
            {
                var into = new List<string> { "keep" };
                Assert.False(PyListLiteral.TryParse(text.AsSpan(0, len), into), text[..len]);
                Assert.Equal(["keep"], into);
            }
        }, iter: 300);

    /// <summary>Expected strings are CPython 3.11's repr() output, pasted verbatim (input shown as a JSON array).</summary>
    public static TheoryData<string[], string> Golden => new()
    {
        { [], "[]" },
        { ["apache-2.0"], "['apache-2.0']" },
        { ["b's"], "[\"b's\"]" },
        { ["x'y\"z"], "['x\\'y\"z']" },
        { ["a\"b"], "['a\"b']" },
        { ["back\\slash", "tab\there", "nl\nx", "cr\rx"], "['back\\\\slash', 'tab\\there', 'nl\\nx', 'cr\\rx']" },
        { ["\u0000\u0007\u001f\u007f"], "['\\x00\\x07\\x1f\\x7f']" },
        { ["\u00a0\u00ad\u200b\u2028"], "['\\xa0\\xad\\u200b\\u2028']" },
        { ["\u00e9\u4e2d\u6587\ud83d\ude42", "\u00fcn\u00efc\u00f6d\u00e9"], "['\u00e9\u4e2d\u6587\ud83d\ude42', '\u00fcn\u00efc\u00f6d\u00e9']" },
        { ["\ud83d"], "['\\ud83d']" },
        { ["\udb40\udc01"], "['\\U000e0001']" },
        { ["", " ", "''", "\"\""], "['', ' ', \"''\", '\"\"']" },
        { ["base_model:finetune:meta-llama/Llama-2-7b-hf", "region:us"], "['base_model:finetune:meta-llama/Llama-2-7b-hf', 'region:us']" },
    };

    [Theory]
    [MemberData(nameof(Golden), DisableDiscoveryEnumeration = true)]
    public void Write_matches_cpython_repr(string[] items, string python) => Assert.Equal(python, Repr(items));

    [Theory]
    [MemberData(nameof(Golden), DisableDiscoveryEnumeration = true)]
    public void Parse_reads_cpython_repr(string[] items, string python)
    {
        var got = new List<string>();
        Assert.True(PyListLiteral.TryParse(python, got));
        Assert.Equal(items, got);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("  ", new string[0])]
    [InlineData("nan", new string[0])]
    [InlineData("None", new string[0])]
    [InlineData("[ ]", new string[0])]
    [InlineData(" [ 'a' , \"b\" ] ", new[] { "a", "b" })]
    [InlineData("['a',]", new[] { "a" })]
    [InlineData("[None, 3, 'x']", new[] { "None", "3", "x" })]
    [InlineData("['\\x41\\u00e9\\U0001F642']", new[] { "A\u00e9\U0001F642" })]
    [InlineData("['\\101\\0\\q']", new[] { "A\0\\q" })]
    [InlineData("['a\\\nb']", new[] { "ab" })]
    [InlineData("['\\a\\b\\f\\v']", new[] { "\a\b\f\v" })]
    [InlineData("['line\nbreak']", new[] { "line\nbreak" })]
    public void Parses_accepted_forms(string text, string[] expected)
    {
        var got = new List<string> { "first" };
        Assert.True(PyListLiteral.TryParse(text, got));
        Assert.Equal(["first", .. expected], got);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("'a'")]
    [InlineData("['a'")]
    [InlineData("['a]")]
    [InlineData("['a', 'b]")]
    [InlineData("['a'] x")]
    [InlineData("x ['a']")]
    [InlineData("['a' 'b']")]
    [InlineData("['a',, 'b']")]
    [InlineData("[, 'a']")]
    [InlineData("[['a']]")]
    [InlineData("[a b]")]
    [InlineData("['\\x4']")]
    [InlineData("['\\xZZ']")]
    [InlineData("['\\u12']")]
    [InlineData("['\\U00110000']")]
    [InlineData("['\\']")]
    [InlineData("{'a'}")]
    [InlineData("apache-2.0")]
    public void Rejects_malformed_input_and_leaves_the_list_alone(string text)
    {
        var into = new List<string> { "keep" };
        Assert.False(PyListLiteral.TryParse(text, into));
        Assert.Equal(["keep"], into);
        Assert.False(PyListLiteral.TryParse(Encoding.UTF8.GetBytes(text), into));
        Assert.Equal(["keep"], into);
    }

    [Fact]
    public void Long_items_beyond_the_stack_buffer_round_trip()
    {
        string big = new string('\'', 3000) + "\\" + new string('é', 3000) + "\n";
        var text = Repr([big, "x"]);
        var got = new List<string>();
        Assert.True(PyListLiteral.TryParse(Encoding.UTF8.GetBytes(text), got));
        Assert.Equal([big, "x"], got);
    }
}
