using System.Text;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Similarity;

/// <summary>Hand-made and generated family tables for similarity tests.</summary>
public static class SimilarityFixtures
{
    private static readonly string[] Words =
    [
        "model", "fine", "tuned", "llama", "dataset", "training", "license", "apache", "evaluation", "results", "bert",
        "token", "gguf", "quantized", "adapter", "lora", "merge", "language", "english", "french", "chat", "instruct",
        "base", "weights", "parameters", "learning", "rate", "batch", "size", "epochs", "accuracy", "loss", "ü", "日本語",
    ];

    public static ModelRecord Model(string id, string? card = null, (string Id, RelationMask Mask)[]? parents = null,
        string[]? licenses = null, string[]? languages = null, string? task = "text-generation", string? library = "transformers",
        string[]? datasets = null, string[]? tags = null, string? modelType = null)
    {
        var r = new ModelRecord
        {
            Id = id,
            Author = id.Contains('/', StringComparison.Ordinal) ? id[..id.IndexOf('/', StringComparison.Ordinal)] : null,
            PipelineTag = task,
            LibraryName = library,
            Licenses = [.. licenses ?? []],
            Languages = [.. languages ?? []],
            Datasets = [.. datasets ?? []],
            Tags = [.. tags ?? []],
            ModelType = modelType,
            Card = card is null ? null : Encoding.UTF8.GetBytes(card),
        };
        foreach (var (pid, mask) in parents ?? []) r.Parents.Add(new ParentRef(pid, mask));
        return r;
    }

    public static (ModelTable Table, FamilyGraph Graph) Build(IEnumerable<ModelRecord> records)
    {
        var b = new ModelTableBuilder(CardKeep.Features | CardKeep.Text); // the text for the brute-force oracle
        foreach (ModelRecord r in records) Assert.Null(b.Add(r));
        ModelTable t = b.Build();
        return (t, FamilyGraphBuilder.Build(t));
    }

    /// <summary>A card drawn from a template with a mutation rate.</summary>
    public static string Card(Random rng, string[] template, double mutation)
    {
        var sb = new StringBuilder("---\nlicense: apache-2.0\n---\n");
        foreach (string w in template) sb.Append(rng.NextDouble() < mutation ? Words[rng.Next(Words.Length)] : w).Append(' ');
        return sb.ToString();
    }

    public static string[] Template(Random rng, int words = 140)
    {
        var t = new string[words];
        for (int i = 0; i < words; i++) t[i] = Words[rng.Next(Words.Length)] + (rng.Next(4) == 0 ? rng.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        return t;
    }

    private static readonly RelationMask[] Masks = [RelationMask.Finetune, RelationMask.Finetune, RelationMask.Quantized, RelationMask.Adapter, RelationMask.Merge, RelationMask.None];

    /// <summary>
    /// Three small families with every pair type in every view: multi-level chains, a model with two parents (so an
    /// aunt can be her own niece), merges, short, missing and auto-generated cards, models with no traits.
    /// </summary>
    public static (ModelTable Table, FamilyGraph Graph) Tiny(int seed = 5)
    {
        var rng = new Random(seed);
        var list = new List<ModelRecord>();
        string[] lic = ["mit", "apache-2.0", "llama3", "gemma"], lang = ["English", "French", "German"], ds = ["squad", "mit", "imdb"];
        for (int f = 0; f < 3; f++)
        {
            string[] tpl = Template(rng);
            // 14 models per family: node i's parents are chosen among earlier nodes.
            for (int i = 0; i < 14; i++)
            {
                var parents = new List<(string, RelationMask)>();
                if (i > 0) parents.Add(($"f{f}/m{(i - 1) / 2}", Masks[rng.Next(Masks.Length)]));
                if (i > 3 && i % 4 == 0) parents.Add(($"f{f}/m{(i - 1) / 2 - 1}", Masks[rng.Next(Masks.Length)]));
                if (i == 5) parents = [($"f{f}/m2", RelationMask.Finetune), ($"f{f}/m0", RelationMask.Finetune)]; // m5: child of m2 and of m2's parent
                string? card = (i % 7) switch
                {
                    3 => null,
                    5 => "short card",
                    6 => Card(rng, tpl, 0.2) + " This model card was automatically generated.",
                    _ => Card(rng, tpl, 0.1 + 0.05 * (i % 3)),
                };
                bool bare = i == 9;
                list.Add(Model($"f{f}/m{i}", card, [.. parents],
                    licenses: bare ? [] : [lic[rng.Next(lic.Length)]],
                    languages: bare ? [] : lang.Take(rng.Next(3)).ToArray(),
                    task: bare ? null : (rng.Next(2) == 0 ? "text-generation" : "fill-mask"),
                    library: bare ? null : "transformers",
                    datasets: bare ? [] : ds.Take(rng.Next(3)).ToArray(),
                    tags: ["tag" + rng.Next(3), "base_model:x"]));
            }
        }
        list.Add(Model("loner/solo", Card(rng, Template(rng), 0)));
        return Build(list);
    }

    /// <summary>
    /// A hand-built fine-tune graph for the design tests (docs/definitions.md, "The 24 design configurations"): two
    /// families with parents of 1 to 5 children, chains four generations deep, a model with two parents in different
    /// branches (1/indeg weights), a model that is the child of both its parent and its grandparent (an aunt who is her
    /// own niece in quad_2), an adapter and a merge edge that the fine-tune view must leave out, models without a card
    /// genome (none, short, auto-generated), and records with tags, likes and dates so the metadata genomes differ.
    /// </summary>
    public static (ModelTable Table, FamilyGraph Graph) FinetuneFamilies(int seed = 11)
    {
        var rng = new Random(seed);
        // (id, parents…): all fine-tune unless marked.
        (string Id, string[] Parents)[] shape =
        [
            ("a/root", []), ("a/c1", ["a/root"]), ("a/c2", ["a/root"]), ("a/c3", ["a/root"]), ("a/c4", ["a/root"]), ("a/c5", ["a/root"]),
            ("a/g11", ["a/c1"]), ("a/g12", ["a/c1"]), ("a/g13", ["a/c1"]), ("a/g21", ["a/c2"]), ("a/g22", ["a/c2"]),
            ("a/g23", ["a/c2", "a/root"]),                      // child of c2 and of c2's parent
            ("a/g31", ["a/c3", "a/c1"]),                        // two parents in different branches
            ("a/h111", ["a/g11"]), ("a/h112", ["a/g11"]), ("a/h121", ["a/g12"]), ("a/h211", ["a/g21"]), ("a/h212", ["a/g21"]), ("a/h213", ["a/g21"]),
            ("a/h311", ["a/g31"]), ("a/i1", ["a/h111"]), ("a/i2", ["a/h111"]), ("a/i3", ["a/h211"]),
            ("b/root", []), ("b/c1", ["b/root"]), ("b/c2", ["b/root"]), ("b/c3", ["b/root"]), ("b/g1", ["b/c1"]), ("b/g2", ["b/c1"]),
            ("b/g3", ["b/c2"]), ("b/h1", ["b/g1"]), ("b/h2", ["b/g1"]), ("b/h3", ["b/g3"]),
            ("c/solo", []), ("c/leaf", ["c/solo"]),
        ];
        var templates = new Dictionary<string, string[]>();
        var list = new List<ModelRecord>();
        string[] tags = ["transformers", "safetensors", "llama", "text-generation", "conversational", "en", "license:apache-2.0", "region:us"];
        for (int i = 0; i < shape.Length; i++)
        {
            (string id, string[] parents) = shape[i];
            string[] tpl = parents.Length == 0 ? Template(rng) : Mutate(rng, templates[parents[0]], 0.15);
            templates[id] = tpl;
            var links = parents.Select(p => (p, RelationMask.Finetune)).ToList();
            if (id == "a/g22") links.Add(("a/c3", RelationMask.Adapter));   // not a fine-tune edge
            if (id == "b/g2") links.Add(("b/c2", RelationMask.Merge));
            string? card = (i % 9) switch
            {
                4 => null,
                7 => "too short to be a genome",
                8 => Card(rng, tpl, 0.1) + " generated automatically",
                _ => Card(rng, tpl, 0.05),
            };
            var r = Model(id, card, [.. links], licenses: [rng.Next(2) == 0 ? "apache-2.0" : "mit"], languages: rng.Next(3) == 0 ? ["English"] : [],
                task: rng.Next(4) == 0 ? null : "text-generation", tags: [.. tags.Where(_ => rng.Next(3) > 0), .. parents.Select(p => "base_model:" + p)]);
            r.Likes = rng.Next(0, 300);
            r.Downloads = rng.Next(0, 100_000);
            r.CreatedAt = 1_700_000_000 + rng.Next(0, 30_000_000);
            r.CreatedMillis = rng.Next(1000);
            r.TrendingScore = rng.Next(0, 5);
            r.Private = 0;
            list.Add(r);
        }
        return Build(list);
    }

    /// <summary>
    /// A generated forest with planted inheritance: each parent has a "litter" template (its own card heavily
    /// mutated); its children's cards are light mutations of that template, so siblings share more than parent and
    /// child. Heavy-tailed children per parent, a few merges, a third of the models without a card genome.
    /// </summary>
    public static (ModelTable Table, FamilyGraph Graph) Planted(int models, int seed)
    {
        var rng = new Random(seed);
        var list = new List<ModelRecord>(models);
        var cards = new List<string[]>();
        var litter = new Dictionary<int, string[]>();
        string[] lic = ["mit", "apache-2.0", "llama3"], tasks = ["text-generation", "fill-mask", "image-classification"];
        for (int i = 0; i < models; i++)
        {
            int parent = i < 40 || rng.Next(10) == 0 ? -1 : (int)(Math.Pow(rng.NextDouble(), 2.5) * i);
            string[] words;
            if (parent < 0) words = Template(rng);
            else
            {
                if (!litter.TryGetValue(parent, out string[]? l)) litter[parent] = l = Mutate(rng, cards[parent], 0.6);
                words = Mutate(rng, l, 0.05);
            }
            cards.Add(words);
            var parents = new List<(string, RelationMask)>();
            if (parent >= 0) parents.Add(($"m{parent}", Masks[rng.Next(4)]));
            if (parent > 0 && rng.Next(25) == 0) parents.Add(($"m{rng.Next(parent)}", RelationMask.Merge));
            string? card = rng.Next(3) == 0 ? null : string.Join(' ', words);
            list.Add(Model($"m{i}", card, [.. parents], licenses: [lic[(i + (parent < 0 ? 0 : parent)) % 3]],
                task: tasks[rng.Next(parent < 0 ? 3 : 1)], datasets: rng.Next(4) == 0 ? ["d" + rng.Next(5)] : []));
        }
        return Build(list);
    }

    private static string[] Mutate(Random rng, string[] words, double rate)
    {
        var r = (string[])words.Clone();
        for (int i = 0; i < r.Length; i++) if (rng.NextDouble() < rate) r[i] = Words[rng.Next(Words.Length)] + rng.Next(50);
        return r;
    }
}
