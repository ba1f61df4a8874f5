using System.Text;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>
/// A seeded random table + graph with the rough shape of the Hub (heavy-tailed children per parent,
/// inherited traits with some drift, the study's relation mix), for drift tests and benchmarks until the
/// Synth generator lands. Not calibrated: use it for speed and invariance, never for facts.
/// </summary>
internal static class RandomEcosystem
{
    private static readonly string[] Licenses =
    [
        "apache-2.0", "mit", "other", "llama3", "gemma", "openrail", "cc-by-nc-4.0", "llama2", "cc-by-4.0", "llama3.1",
        "creativeml-openrail-m", "openrail++", "gpl-3.0", "cc-by-sa-4.0", "llama3.2", "cc0-1.0", "bsd-3-clause", "unknown",
        "llama3.3", "afl-3.0", "artistic-2.0", "cc-by-nc-sa-4.0", "bigscience-bloom-rail-1.0", "unlicense", "gpl-2.0", "wtfpl",
    ];

    private static readonly RelationMask[] Masks =
        [RelationMask.Finetune, RelationMask.Quantized, RelationMask.Adapter, RelationMask.Merge, RelationMask.None];
    private static readonly int[] MaskPercent = [33, 18, 42, 4, 3];

    /// <summary>Builds <paramref name="models"/> models of which about <paramref name="childShare"/> declare a parent.</summary>
    public static (ModelTable Table, FamilyGraph Graph) Build(int models, double childShare, ulong seed)
    {
        var rng = new Rng(seed);
        byte[][] cards = Cards(rng);
        string[] languages = Names("lang", 60), tasks = Names("task", 30), libraries = Names("lib", 20), datasets = Names("ds", 3000);
        var builder = new ModelTableBuilder(keepCards: false);
        var licenseOf = new int[models];
        var created = new long[models];
        for (int i = 0; i < models; i++)
        {
            var r = new ModelRecord { Id = $"org{i % 9973}/model-{i}", SourceFile = "random", Line = i + 1 };
            int parent = i > 16 && rng.Unit() < childShare ? (int)(i * Math.Pow(rng.Unit(), 4)) : -1;
            licenseOf[i] = parent >= 0 && rng.Unit() < 0.8 ? licenseOf[parent] : rng.Zipf(Licenses.Length + 12) - 12;
            if (licenseOf[i] >= 0) r.Licenses.Add(Licenses[licenseOf[i]]);
            if (rng.Unit() < 0.04) r.Licenses.Add(Licenses[rng.Zipf(Licenses.Length)]);
            int langCount = rng.Unit() < 0.15 ? 1 + rng.Zipf(8) : 0;
            for (int k = 0; k < langCount; k++) r.Languages.Add(languages[rng.Zipf(languages.Length)]);
            if (rng.Unit() < 0.7) r.PipelineTag = tasks[rng.Zipf(tasks.Length)];
            if (rng.Unit() < 0.8) r.LibraryName = libraries[rng.Zipf(libraries.Length)];
            int dsCount = rng.Unit() < 0.2 ? 1 + rng.Zipf(4) : 0;
            for (int k = 0; k < dsCount; k++) r.Datasets.Add(datasets[rng.Zipf(datasets.Length)]);
            if (rng.Unit() < 0.7) r.Card = cards[rng.Zipf(cards.Length)];
            r.Likes = (long)Math.Pow(10, 4 * rng.Unit() * rng.Unit());
            r.Downloads = (long)Math.Pow(10, 7 * rng.Unit() * rng.Unit());
            created[i] = parent >= 0 ? created[parent] + (long)(rng.Unit() * 3e7) : 1_500_000_000 + (long)(rng.Unit() * 2e8);
            r.CreatedAt = rng.Unit() < 0.01 ? ModelRecord.UnknownTime : created[i];
            if (parent >= 0)
            {
                RelationMask mask = Masks[rng.Pick(MaskPercent)];
                r.Parents.Add(new ParentRef($"org{parent % 9973}/model-{parent}", mask));
                if (mask == RelationMask.Merge && parent > 0)
                {
                    int second = (int)(parent * rng.Unit());
                    r.Parents.Add(new ParentRef($"org{second % 9973}/model-{second}", mask));
                }
            }
            builder.Add(r);
        }
        ModelTable table = builder.Build();
        return (table, FamilyGraphBuilder.Build(table));
    }

    private static string[] Names(string prefix, int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = prefix + i;
        return names;
    }

    private static byte[][] Cards(Rng rng)
    {
        var cards = new byte[32][];
        for (int i = 0; i < cards.Length; i++)
        {
            var sb = new StringBuilder();
            int words = 2 + (int)(120 * rng.Unit() * rng.Unit());
            for (int w = 0; w < words; w++) sb.Append("word").Append(w % 97).Append(' ');
            if (i % 4 == 1) sb.Append("This model card has been generated automatically.");
            cards[i] = Encoding.UTF8.GetBytes(sb.ToString());
        }
        return cards;
    }

    /// <summary>SplitMix64 stream.</summary>
    private sealed class Rng(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next() => DriftHash.Mix(_state++);

        public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));

        /// <summary>An index in [0, n) with weight ~ 1/(k+1).</summary>
        public int Zipf(int n) => Math.Min(n - 1, (int)Math.Floor(Math.Exp(Unit() * Math.Log(n + 1))) - 1);

        public int Pick(int[] percent)
        {
            double u = Unit() * 100, acc = 0;
            for (int i = 0; i < percent.Length; i++) if (u < (acc += percent[i])) return i;
            return percent.Length - 1;
        }
    }
}
