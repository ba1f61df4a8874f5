using Phylo.Lineage;
using Phylo.Lineage.Candidates;

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

    private static ulong[] Seq(string name)
    {
        Span<ulong> buf = stackalloc ulong[NameTokens.MaxTokens];
        return buf[..NameTokens.SequenceHashes(name, buf)].ToArray();
    }

    [Fact]
    public void A_base_name_meets_the_runs_of_a_childs_name()
    {
        Span<ulong> bases = stackalloc ulong[8], runs = stackalloc ulong[NameTokens.MaxRuns];
        int nb = NameTokens.BaseNameHashes(Seq("Meta-Llama-3-8B"), bases);
        Assert.Equal(3, nb);   // whole, without "meta", without "8b" (without both would leave two tokens)
        int nr = NameTokens.RunHashes(Seq("my-llama3-8b-sft"), runs);
        ulong llama38b = NameTokens.RunHash(Seq("llama-3-8b"));
        Assert.Contains(llama38b, bases[..nb].ToArray());
        Assert.Contains(llama38b, runs[..nr].ToArray());
        Assert.Equal(10, nr);   // 5 tokens: runs of 2 to 5 tokens, 4 + 3 + 2 + 1
        Assert.DoesNotContain(NameTokens.RunHash(Seq("llama-3")), bases[..nb].ToArray());
    }

    [Fact]
    public void Longest_common_run_is_contiguous_and_ordered()
    {
        Assert.Equal(3, NameTokens.LongestCommonRun(Seq("x-llama-2-7b-chat-gguf"), Seq("Llama-2-7b-hf")));
        Assert.Equal(1, NameTokens.LongestCommonRun(Seq("7b-2-llama"), Seq("llama-2-7b")));
        Assert.Equal(0, NameTokens.LongestCommonRun(Seq("abc"), Seq("")));
    }

    /// <summary>DreamBooth is a fine-tuning method: every one of the 36 real models named after it declares a finetune
    /// parent (native-notes/lineage.md), and the synthetic ecosystem names roots after it, so it is no adapter marker
    /// (which would also count as the derived-name evidence of the no-parent map).</summary>
    [Theory]
    [InlineData("yukangcao/dog_dreambooth", "finetune")]
    [InlineData("someone/sd-dreambooth-lora", "adapter")]
    [InlineData("TheBloke/Llama-2-7B-GGUF", "quantized")]
    [InlineData("a/x-peft", "adapter")]
    [InlineData("a/x-slerp", "merge")]
    public void Relation_guess_reads_the_name_markers(string id, string relation) => Assert.Equal(relation, RelationGuess.Of(id));
}
