using System.Text;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Table;

namespace Phylo.Bench;

/// <summary>
/// A seeded snapshot-sized table for similarity benchmarks: ~31 % of models have a parent (heavy-tailed: the first
/// models get tens of thousands of children), a few get a second (merge) parent; cards come from a few hundred
/// 110-word templates over a 3,000-word vocabulary with mutations (a parent's children share a litter template),
/// ~⅓ long enough for the card genome, the rest short, missing or auto-generated. Cards are ~700 characters.
/// </summary>
public static class SyntheticFamilies
{
    public static (ModelTable Table, FamilyGraph Graph) Build(int models, int templates = 300, ulong seed = 7)
    {
        string[] vocab = new string[3000];
        var rng = new Random((int)seed);
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < vocab.Length; i++)
        {
            var sb = new StringBuilder();
            int len = 3 + rng.Next(8);
            for (int k = 0; k < len; k++) sb.Append(letters[rng.Next(letters.Length)]);
            vocab[i] = sb.ToString();
        }
        var tpl = new int[templates][];
        for (int t = 0; t < templates; t++) { tpl[t] = new int[110]; for (int k = 0; k < 110; k++) tpl[t][k] = Zipf(rng, vocab.Length); }
        string[] licenses = ["apache-2.0", "mit", "llama3", "gemma", "cc-by-4.0", "openrail"], tasks = ["text-generation", "fill-mask", "text-to-image", "image-classification"];
        RelationMask[] masks = [RelationMask.Finetune, RelationMask.Quantized, RelationMask.Adapter, RelationMask.Adapter, RelationMask.Finetune, RelationMask.Quantized, RelationMask.Adapter];
        var template = new int[models];
        var builder = new ModelTableBuilder();
        var words = new int[110];
        var text = new StringBuilder(1024);
        for (int i = 0; i < models; i++)
        {
            var r = new Random(unchecked((int)(seed * 1_000_003UL) ^ i));
            int parent = i > 1000 && r.NextDouble() < 0.31 ? (int)(i * Math.Pow(r.NextDouble(), 4)) : -1;
            template[i] = parent < 0 ? r.Next(templates) : template[parent];
            var rec = new ModelRecord
            {
                Id = $"org{i % 5000}/model-{i}",
                Author = $"org{i % 5000}",
                PipelineTag = tasks[template[i] % tasks.Length],
                LibraryName = "transformers",
                Licenses = [licenses[(template[i] + (r.Next(5) == 0 ? 1 : 0)) % licenses.Length]],
                Tags = ["tag" + r.Next(40), "region:us"],
                CreatedAt = 1_700_000_000 + i,
            };
            if (r.Next(3) == 0) rec.Languages.Add(r.Next(4) == 0 ? "French" : "English");
            if (r.Next(6) == 0) rec.Datasets.Add("dataset" + r.Next(200));
            if (parent >= 0)
            {
                rec.Parents.Add(new ParentRef($"org{parent % 5000}/model-{parent}", masks[r.Next(masks.Length)]));
                if (r.Next(20) == 0 && parent > 0) { int p2 = r.Next(parent); rec.Parents.Add(new ParentRef($"org{p2 % 5000}/model-{p2}", RelationMask.Merge)); }
            }
            int kind = r.Next(6);
            if (kind <= 1)
            {
                // The litter template of the parent (seeded by the parent), then this model's own mutations.
                tpl[template[i]].CopyTo(words, 0);
                if (parent >= 0) Mutate(new Random(parent), words, 0.4, vocab.Length);
                Mutate(r, words, parent >= 0 ? 0.05 : 0.15, vocab.Length);
                text.Clear().Append("---\nlicense: ").Append(rec.Licenses[0]).Append("\n---\n# ").Append(rec.Id).Append('\n');
                foreach (int w in words) text.Append(vocab[w]).Append(' ');
                rec.Card = Encoding.UTF8.GetBytes(text.ToString());
            }
            else if (kind == 2) rec.Card = Encoding.UTF8.GetBytes("# " + rec.Id + "\nA short card.");
            else if (kind == 3) rec.Card = Encoding.UTF8.GetBytes("This model card has been generated automatically according to the information the Trainer had access to. " + new string('x', 600));
            builder.Add(rec);
        }
        ModelTable table = builder.Build();
        return (table, FamilyGraphBuilder.Build(table));
    }

    private static void Mutate(Random r, int[] words, double rate, int vocab)
    {
        for (int k = 0; k < words.Length; k++) if (r.NextDouble() < rate) words[k] = Zipf(r, vocab);
    }

    // Word ranks with a Zipf-like head: common words recur across templates, as in real cards.
    private static int Zipf(Random r, int n) => (int)(Math.Pow(r.NextDouble(), 2.2) * n);
}
