using Phylo.Lineage;
using Phylo.Lineage.Candidates;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;
using static Phylo.Tests.Lineage.CandidateSourceTests;

namespace Phylo.Tests.Lineage;

/// <summary>The features that compare a candidate with the child's other candidates (<see cref="CandidateContrast"/>):
/// on a hand-built parent and its relative, and against a plain recomputation on every candidate of a synthetic ecosystem.</summary>
public sealed class CandidateContrastTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    private static int F(string name) => Array.IndexOf(PairFeatures.Names, name);

    private static (float[] Matrix, int[] Parents) Features(LineageSession s, int child)
    {
        var cands = CandidateGenerator.Generate(s.Signals, s.Index, [child], 50, 2, CandidateGenerator.AllSources);
        var matrix = new float[cands.Count * PairFeatures.Count];
        PairFeatures.FillChild(s.Signals, KnownLineage.From(s.Graph, enabled: false), cands, 0, matrix);
        return (matrix, cands.Parents);
    }

    [Fact]
    public void A_DPO_run_of_a_base_prefers_the_base_to_its_chat_sibling_by_name()
    {
        var (s, t) = Session(
            Model("meta-llama/Llama-2-7b", 0, 5_000, modelType: "llama", task: "text-generation"),
            Model("meta-llama/Llama-2-7b-chat-hf", 1, 50_000, modelType: "llama", task: "text-generation", library: "transformers"),
            Model("someone/Llama-2-7b-dpo", 40, 1, modelType: "llama"));
        var (m, parents) = Features(s, t.IndexOf["someone/Llama-2-7b-dpo"]);
        int basis = Array.IndexOf(parents, t.IndexOf["meta-llama/Llama-2-7b"]), chat = Array.IndexOf(parents, t.IndexOf["meta-llama/Llama-2-7b-chat-hf"]);
        Assert.True(basis >= 0 && chat >= 0);
        float At(int row, string name) => m[row * PairFeatures.Count + F(name)];
        // both match llama, 2, 7b; the chat model also has chat, hf, which the child lacks
        Assert.Equal(0f, At(basis, "name_dominated"));
        Assert.Equal(1f, At(chat, "name_dominated"));
        Assert.Equal(0f, At(basis, "parent_name_tokens_not_in_child"));
        Assert.Equal(2f, At(chat, "parent_name_tokens_not_in_child"));
        Assert.Equal(0f, At(basis, "shared_name_tokens_margin"));   // tied with the sibling
        Assert.True(At(basis, "parent_tokens_in_child_margin") > 0f);
        Assert.True(At(chat, "parent_tokens_in_child_margin") < 0f);
        // kind: both share the model type with the child, nothing else (the child has no task or library)
        Assert.Equal(1f, At(basis, "kind_agreement"));
        Assert.Equal(At(basis, "kind_agreement"), At(chat, "kind_agreement"));
    }

    [Fact]
    public void Contrast_features_match_a_plain_recomputation_on_every_candidate()
    {
        var s = eco.Session;
        int[] children = FamilySplit.Children(eco.Graph, new bool[eco.Graph.Families.Length], wantHeldOut: false)[..400];
        var cands = s.Candidates(children);
        var known = KnownLineage.From(eco.Graph, enabled: false);
        const int n = PairFeatures.Count;
        int dominated = 0;
        for (int i = 0; i < children.Length; i++)
        {
            var range = cands.Of(i);
            int count = range.End.Value - range.Start.Value;
            var m = new float[count * n];
            PairFeatures.FillChild(s.Signals, known, cands, i, m);
            var childTokens = s.Signals.Name(children[i]).ToArray().Distinct().ToArray();
            int[] shared = new int[count], extra = new int[count];
            float[] agree = new float[count];
            for (int k = 0; k < count; k++)
            {
                var name = s.Signals.Name(cands.Parents[range.Start.Value + k]).ToArray();
                shared[k] = childTokens.Count(name.Contains);
                extra[k] = name.Distinct().Count() - shared[k];
                float[] f = m[(k * n)..((k + 1) * n)];
                agree[k] = (f[7] == 1 ? 1 : 0) + (f[8] == 1 ? 1 : 0) + (f[10] == 1 ? 1 : 0) + (f[11] > 0 ? 1 : 0);
            }
            for (int k = 0; k < count; k++)
            {
                float Of(int row, int feature) => m[row * n + feature];
                float OthersMax(Func<int, float> v) => count == 1 ? -1f : Enumerable.Range(0, count).Where(j => j != k).Max(v);
                Assert.Equal(agree[k], Of(k, F("kind_agreement")));
                Assert.Equal(extra[k], Of(k, F("parent_name_tokens_not_in_child")));
                Assert.Equal(shared[k] - OthersMax(j => shared[j]), Of(k, F("shared_name_tokens_margin")));
                foreach (var (from, to) in new[] { ("kind_agreement", "kind_agreement_margin"), ("name_token_jaccard", "name_token_jaccard_margin"),
                    ("parent_tokens_in_child", "parent_tokens_in_child_margin"), ("parent_run_in_child", "parent_run_in_child_margin"),
                    ("name_levenshtein_similarity", "name_levenshtein_margin"), ("tag_jaccard", "tag_jaccard_margin"), ("card_minhash_jaccard", "card_minhash_margin") })
                    Assert.Equal(Of(k, F(from)) - OthersMax(j => Of(j, F(from))), Of(k, F(to)));
                bool isDominated = shared[k] > 0 && Enumerable.Range(0, count).Any(j => j != k && shared[j] >= shared[k] && extra[j] <= extra[k]
                    && (shared[j] > shared[k] || extra[j] < extra[k]));
                Assert.Equal(isDominated ? 1f : 0f, Of(k, F("name_dominated")));
                dominated += isDominated ? 1 : 0;
                // among the candidates with the most kind agreement, the popularity rank; −1 for the others
                var agreeing = Enumerable.Range(0, count).Where(j => agree[j] == agree.Max())
                    .OrderBy(j => s.Signals.PopularityRank[cands.Parents[range.Start.Value + j]]).ToList();
                Assert.Equal(agreeing.IndexOf(k), (int)Of(k, F("popularity_rank_among_best_agreeing")));
            }
        }
        Assert.True(dominated > 0, "no dominated candidate: the case is not exercised");
    }
}
