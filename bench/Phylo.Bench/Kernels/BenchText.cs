using System.Text;

namespace Phylo.Bench.Kernels;

/// <summary>
/// Deterministic card-like text for kernel benchmarks (no real data needed): markdown headings, English-ish
/// sentences from a fixed word list with a Zipf-like skew, model names with digits and underscores, a little
/// non-ASCII. Cards of one "family" share a template, as real fine-tunes do.
/// </summary>
internal static class BenchText
{
    private static readonly string[] Words =
    [
        "the", "model", "is", "a", "fine", "tuned", "version", "of", "on", "dataset", "training", "results", "license",
        "apache", "this", "trained", "with", "learning", "rate", "batch", "size", "evaluation", "loss", "accuracy",
        "more", "information", "needed", "intended", "uses", "limitations", "procedure", "hyperparameters", "framework",
        "versions", "transformers", "pytorch", "datasets", "tokenizers", "language", "english", "text", "generation",
        "llama", "mistral", "qwen", "gguf", "quantized", "lora", "adapter", "base_model", "merge", "weights", "über",
        "modèle", "日本語", "données", "gpt_4o", "v1", "2024", "bf16", "q4_k_m", "context", "tokens", "instruct", "chat",
    ];

    public static string Card(Random rng, int family, int minChars)
    {
        var template = new Random(family);
        var sb = new StringBuilder("---\nlicense: apache-2.0\nbase_model: org/model-");
        sb.Append(family).Append("\n---\n\n# Model card\n\n");
        while (sb.Length < minChars)
        {
            // 70 % of sentences come from the family template, the rest are free.
            Random src = rng.Next(10) < 7 ? template : rng;
            int len = 6 + src.Next(12);
            for (int w = 0; w < len; w++)
            {
                int pick = (int)(Words.Length * Math.Pow(src.NextDouble(), 2.2));
                sb.Append(Words[pick]).Append(w == len - 1 ? ".\n" : " ");
            }
            if (src.Next(6) == 0) sb.Append("\n## Training hyperparameters\n- learning_rate: 2e-05\n");
        }
        return sb.ToString();
    }

    public static List<string> Cards(int count, int minChars, int seed = 7)
    {
        var rng = new Random(seed);
        var list = new List<string>(count);
        for (int i = 0; i < count; i++) list.Add(Card(rng, i / 8, minChars));
        return list;
    }

    /// <summary>The first <paramref name="n"/> code points.</summary>
    public static string Prefix(string s, int n)
    {
        var sb = new StringBuilder();
        int k = 0;
        foreach (Rune r in s.EnumerateRunes())
        {
            if (k++ == n) break;
            sb.Append(r.ToString());
        }
        return sb.ToString();
    }
}
