using System.Text;
using CsCheck;
using Phylo.Text;

namespace Phylo.Tests.Text;

public class PythonReprTests
{
    // The string overload narrows plain ASCII directly and sends everything else through UTF-8: both roads must
    // write the bytes the UTF-8 overload writes (quotes, escapes, non-ASCII), whatever the text.
    [Fact]
    public void String_overload_writes_what_the_utf8_overload_writes()
    {
        var piece = Gen.Frequency(
            (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
            (3, Gen.Char[' ', '~'].Select(c => c.ToString())),
            (1, Gen.OneOf<string>("'", "\"", "\\", "\n", "\t", "\u007f", "\u00a0", "é", "日", "🤗", "\u2028")));
        piece.Array[0, 40].Select(p => string.Concat(p)).Sample(text =>
        {
            byte[] a = new byte[1], b = new byte[1];
            int atA = 0, atB = 0;
            PythonRepr.AppendString(text, ref a, ref atA);
            PythonRepr.AppendString(Encoding.UTF8.GetBytes(text), ref b, ref atB);
            Assert.Equal(b.AsSpan(0, atB).ToArray(), a.AsSpan(0, atA).ToArray());
        });
    }

    [Fact]
    public void Plain_ascii_is_quoted_as_it_is()
    {
        Assert.Equal("'org/model-1.5_x \"q\"'", Encoding.UTF8.GetString(PythonRepr.Of("org/model-1.5_x \"q\"")));
        Assert.Equal("''", Encoding.UTF8.GetString(PythonRepr.Of("")));
    }
}
