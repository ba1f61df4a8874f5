using Phylo.Lineage.Candidates;
using Phylo.Lineage.Features;

namespace Phylo.Tests.Lineage;

public sealed class NameTokensTests
{
    [Theory]
    [InlineData("Llama-3-8B-Instruct-Q4_K_M-GGUF", "llama 3 8b instruct q4 k m gguf")]
    [InlineData("llama3-8b", "llama 3 8b")]
    [InlineData("Qwen2.5-0.5B", "qwen 2 5 0 5b")]
    [InlineData("t5-small", "t5 small")]
    [InlineData("gpt2", "gpt 2")]
    [InlineData("--x__", "x")]
    [InlineData("", "")]
    [InlineData("café-bert", "caf bert")]
    public void Splits_names_by_the_documented_rule(string name, string expected) =>
        Assert.Equal(expected, string.Join(' ', NameTokens.Tokens(name)));

    [Fact]
    public void Repo_name_drops_the_owner() =>
        Assert.Equal("Llama-2-7b-hf", NameTokens.RepoName("meta-llama/Llama-2-7b-hf").ToString());

    [Fact]
    public void Hashes_ignore_case_and_order_and_repeats()
    {
        Span<ulong> a = stackalloc ulong[64], b = stackalloc ulong[64];
        int na = NameTokens.UnigramHashes("Llama-3-LLAMA", a), nb = NameTokens.UnigramHashes("3_llama", b);
        Assert.Equal(2, na);
        Assert.True(a[..na].SequenceEqual(b[..nb]));
        // bigrams depend on order
        int ka = NameTokens.KeyHashes("llama-3", a), kb = NameTokens.KeyHashes("3-llama", b);
        Assert.False(a[..ka].SequenceEqual(b[..kb]));
    }

    [Fact]
    public void Card_body_drops_the_front_matter_that_declares_the_parent()
    {
        var card = "---\nbase_model: org/parent\nlicense: mit\n---\n\n# Child\nbody text"u8;
        Assert.Equal("\n# Child\nbody text", System.Text.Encoding.UTF8.GetString(CardBody.StripFrontMatter(card)));
        Assert.Equal("no front matter", System.Text.Encoding.UTF8.GetString(CardBody.StripFrontMatter("no front matter"u8)));
        var open = "---\nbase_model: x\nnever closed"u8;
        Assert.Equal(open.Length, CardBody.StripFrontMatter(open).Length);
    }
}
