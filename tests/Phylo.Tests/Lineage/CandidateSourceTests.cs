using System.Text;
using Phylo.Graph;
using Phylo.Lineage;
using Phylo.Lineage.Candidates;
using Phylo.Table;

namespace Phylo.Tests.Lineage;

/// <summary>Each candidate source on a hand-built snapshot: the parent it should find, found by that source alone, and
/// never a model created after the child.</summary>
public sealed class CandidateSourceTests
{
    private const long Day = 86_400, T0 = 1_700_000_000;

    internal static ModelRecord Model(string id, long day, long downloads, string? modelType = null, string? card = null,
        string? task = null, string? library = null, string[]? tags = null) => new()
        {
            Id = id, Author = id[..id.IndexOf('/')], CreatedAt = T0 + day * Day, Downloads = downloads, ModelType = modelType,
            PipelineTag = task, LibraryName = library, Tags = [.. tags ?? []], Card = card is null ? null : Encoding.UTF8.GetBytes(card),
            SourceFile = "hand.jsonl",
        };

    /// <summary>A crowd of unrelated models around the cases, so no source wins by being the only one with any candidate.</summary>
    private static IEnumerable<ModelRecord> Crowd()
    {
        for (int i = 0; i < 60; i++)
            yield return Model($"crowd{i % 7}/model-{i}", i % 30, 1000 + i, modelType: i % 2 == 0 ? "bert" : "t5",
                card: $"# Model {i}\nA model card about topic {i % 5} with enough words to count as a body of text for the signals.",
                task: "fill-mask", library: "transformers", tags: ["pytorch", $"topic-{i % 5}"]);
    }

    internal static (LineageSession Session, ModelTable Table) Session(params ModelRecord[] cases)
    {
        var b = new ModelTableBuilder(CardKeep.Features | CardKeep.Bodies);
        foreach (var r in cases.Concat(Crowd())) Assert.Null(b.Add(r));
        ModelTable table = b.Build();
        FamilyGraph graph = FamilyGraphBuilder.Build(table);
        return (new LineageSession(table, graph, new LineageOptions { Threads = 2 }), table);
    }

    private static (int[] Parents, CandidateSource[] Sources) CandidatesOf(LineageSession s, ModelTable t, string child, CandidateSource only)
    {
        var set = CandidateGenerator.Generate(s.Signals, s.Index, [t.IndexOf[child]], 50, 2, only);
        return (set.Parents, set.Sources);
    }

    [Fact]
    public void Base_name_finds_the_model_a_child_is_named_after()
    {
        var (s, t) = Session(
            Model("meta-llama/Meta-Llama-3-8B", 0, 5_000_000),
            Model("meta-llama/Meta-Llama-3-70B", 0, 4_000_000),
            Model("someone/llama3-8b-sft-dpo", 40, 3),
            Model("someone/future-Meta-Llama-3-8B-copy", 80, 9_000_000));   // same base name, but created after the child
        var (parents, sources) = CandidatesOf(s, t, "someone/llama3-8b-sft-dpo", CandidateSource.BaseName);
        Assert.Equal([t.IndexOf["meta-llama/Meta-Llama-3-8B"]], parents);
        Assert.All(sources, src => Assert.Equal(CandidateSource.BaseName, src));
        Assert.DoesNotContain(t.IndexOf["someone/future-Meta-Llama-3-8B-copy"], CandidatesOf(s, t, "someone/llama3-8b-sft-dpo", CandidateGenerator.AllSources).Parents);
    }

    [Fact]
    public void A_card_link_names_the_parent_but_the_front_matter_declaration_does_not()
    {
        var (s, t) = Session(
            Model("org/obscure-base", 0, 12),
            Model("org/declared-only", 0, 11),
            Model("kid/finetune", 10, 1, card: "---\nbase_model: org/declared-only\n---\nThis model is a fine-tuned version of " +
                                               "[org/obscure-base](https://huggingface.co/org/obscure-base) on my data."));
        var (parents, sources) = CandidatesOf(s, t, "kid/finetune", CandidateSource.Mention);
        Assert.Equal([t.IndexOf["org/obscure-base"]], parents);
        Assert.Equal([CandidateSource.Mention], sources);
        Assert.Equal(2f, s.Signals.MentionKind(t.IndexOf["kid/finetune"], t.IndexOf["org/obscure-base"]));   // a link
        Assert.Equal(0f, s.Signals.MentionKind(t.IndexOf["kid/finetune"], t.IndexOf["org/declared-only"]));
    }

    [Fact]
    public void Architecture_offers_the_most_popular_earlier_models_of_the_same_type()
    {
        var (s, t) = Session(
            Model("big/rare-arch-base", 0, 800_000, modelType: "rwkv"),
            Model("small/rare-arch-toy", 1, 5, modelType: "rwkv"),
            Model("late/rare-arch-star", 90, 9_000_000, modelType: "rwkv"),
            Model("x/unnamed-thing", 30, 0, modelType: "rwkv"));
        var (parents, _) = CandidatesOf(s, t, "x/unnamed-thing", CandidateSource.Architecture);
        Assert.Equal([t.IndexOf["big/rare-arch-base"], t.IndexOf["small/rare-arch-toy"]], parents);   // by popularity; the later star is not a candidate
    }

    [Fact]
    public void Popularity_prior_keeps_the_most_popular_models_of_any_date()
    {
        // Pools keep a skyline: a late, hugely popular model must not push an early popular one out for early children.
        var records = new List<ModelRecord> { Model("early/child", 5, 0) };
        for (int i = 0; i < 40; i++) records.Add(Model($"late/star-{i}", 100 + i, 10_000_000 + i));
        records.Add(Model("early/famous", 0, 50_000));
        var (s, t) = Session([.. records]);
        var (parents, _) = CandidatesOf(s, t, "early/child", CandidateSource.Popular);
        Assert.Contains(t.IndexOf["early/famous"], parents);
        Assert.All(parents, p => Assert.True(CandidateGenerator.CreatedNotAfter(t, p, t.IndexOf["early/child"])));
    }

    [Fact]
    public void Tags_never_include_key_value_tags_such_as_base_model()
    {
        var (s, t) = Session(
            Model("org/parent", 0, 100, tags: ["base_model:org/other"]),
            Model("org/other", 0, 90),
            Model("kid/child", 10, 1, tags: ["base_model:org/other", "base_model:finetune:org/other"]));
        Assert.Empty(CandidatesOf(s, t, "kid/child", CandidateSource.Tags).Parents);
    }
}
