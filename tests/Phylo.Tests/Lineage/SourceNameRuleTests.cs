using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;
using static Phylo.Tests.Lineage.CandidateSourceTests;

namespace Phylo.Tests.Lineage;

/// <summary>The candidate-order rule after the second stage (<see cref="SourceNameRule"/>): on hand-built quantizations and
/// namesakes, and streaming inference against evaluation's application of it.</summary>
public sealed class SourceNameRuleTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    private static readonly string[] Hand =
    [
        "meta-llama/Llama-2-7b", "someone/Kurtis-Llama-2-7b-Instruct", "bartowski/Kurtis-Llama-2-7b-Instruct-GGUF",
        "mradermacher/Kurtis-Llama-2-7b-Instruct-GGUF", "HuggingFaceTB/SmolVLM-Instruct", "HuggingFaceTB/SmolVLM-Base",
        "a/smolvlm-instruct-trl-sft-ChartQA", "b/smolvlm-instruct-trl-sft-ChartQA", "c/smolvlm-instruct-dpo", "llama/llama",
        "x/Kurtis-Llama-2-7b-Instruct-GGUF-chat", "y/Kurtis-Llama-2-7b-Instruct-Q8_0-GGUF",
    ];

    private static int Pick(string child, string[] candidates, double[] scores)
    {
        var (s, t) = Session([.. Hand.Select((id, i) => Model(id, i, 10_000 - i))]);
        int[] parents = [.. candidates.Select(c => t.IndexOf[c])];
        int top = PairScoring.TopTwo(scores).Top;
        return SourceNameRule.Pick(s.Signals, t.IndexOf[child], parents, scores, top);
    }

    [Fact]
    public void A_quantization_goes_to_the_longest_unquantized_name_it_holds()
    {
        string[] cands = ["meta-llama/Llama-2-7b", "bartowski/Kurtis-Llama-2-7b-Instruct-GGUF", "someone/Kurtis-Llama-2-7b-Instruct", "llama/llama"];
        // the famous base and another quantizer's copy (same length as the child's name: not eligible) score higher
        Assert.Equal(2, Pick("mradermacher/Kurtis-Llama-2-7b-Instruct-GGUF", cands, [5, 4, -9, 1]));
        // without the source, the longest name the child holds is the base, and "Kurtis Instruct GGUF" is more than a
        // format: the order stands; a one-token name never counts
        Assert.Equal(0, Pick("mradermacher/Kurtis-Llama-2-7b-Instruct-GGUF", ["llama/llama", "meta-llama/Llama-2-7b"], [3, -2]));
        Assert.Equal(0, Pick("mradermacher/Kurtis-Llama-2-7b-Instruct-GGUF", ["llama/llama", "bartowski/Kurtis-Llama-2-7b-Instruct-GGUF"], [3, 2]));
        // a fine-tune of a quantization carries the marker inside the source's name, not as its own format
        Assert.Equal(0, Pick("x/Kurtis-Llama-2-7b-Instruct-GGUF-chat", ["meta-llama/Llama-2-7b", "bartowski/Kurtis-Llama-2-7b-Instruct-GGUF"], [3, 2]));
        // a GGUF type's parts are format too
        Assert.Equal(1, Pick("y/Kurtis-Llama-2-7b-Instruct-Q8_0-GGUF", ["meta-llama/Llama-2-7b", "someone/Kurtis-Llama-2-7b-Instruct"], [3, -4]));
    }

    [Fact]
    public void A_namesake_first_choice_gives_way_to_the_name_the_child_is_built_on()
    {
        string[] cands = ["a/smolvlm-instruct-trl-sft-ChartQA", "HuggingFaceTB/SmolVLM-Base", "HuggingFaceTB/SmolVLM-Instruct", "c/smolvlm-instruct-dpo"];
        Assert.Equal(2, Pick("b/smolvlm-instruct-trl-sft-ChartQA", cands, [2, 1, -7, 0]));
        // the same candidates, but the first choice is no namesake: the order stands (the child is no quantization)
        Assert.Equal(1, Pick("b/smolvlm-instruct-trl-sft-ChartQA", cands, [2, 3, -7, 0]));
    }

    [Fact]
    public void Equal_lengths_go_to_the_higher_score_then_the_earlier_candidate()
    {
        string[] cands = ["a/smolvlm-instruct-trl-sft-ChartQA", "HuggingFaceTB/SmolVLM-Instruct", "HuggingFaceTB/SmolVLM-Instruct"];
        Assert.Equal(2, Pick("b/smolvlm-instruct-trl-sft-ChartQA", cands, [2, -3, -1]));
        Assert.Equal(1, Pick("b/smolvlm-instruct-trl-sft-ChartQA", cands, [2, -1, -1]));
    }

    [Fact]
    public void Streaming_inference_applies_the_rule_as_evaluation_does()
    {
        var s = eco.Session.Signals;
        var known = KnownLineage.From(eco.Graph, null, false);
        var ranker = eco.Session.TrainRanker(null, out _, out _);
        var second = new TopTwoReranker([0.05, 1, -3, 0.1]);
        int[] all = [.. Enumerable.Range(0, eco.Table.Count)];
        var cands = eco.Session.Candidates(all);
        double[] raw = PairScoring.ScoreAll(s, known, cands, ranker.Ensemble, 2);
        var (_, firstMargin, firstTop) = PairScoring.BestPerChild(s, known, cands, ranker.Ensemble, 2);
        PairScoring.Rerank(s, cands, raw, second);
        var reranked = ChildOutcome.Of(eco.Graph, cands, raw);
        int ruled = PairScoring.ApplySourceNameRule(s, cands, raw);
        Assert.True(ruled > 20, $"{ruled} children ordered by the rule");
        var outcomes = ChildOutcome.Of(eco.Graph, cands, raw);
        var (parent, margin, top) = PairScoring.BestPerChild(s, eco.Session.Index, known, all, eco.Options.K, ranker.Ensemble, 3, second, sourceNameRule: true);
        int changed = 0;
        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(outcomes[i].Top, parent[i]);
            Assert.Equal(firstMargin[i], margin[i]);
            Assert.Equal(firstTop[i], top[i]);
            Assert.Equal(reranked[i].Margin, outcomes[i].Margin);   // the exchange keeps the margin the maps read
            if (parent[i] != reranked[i].Top) changed++;
        }
        Assert.Equal(ruled, changed);
    }
}
