using Phylo.Lineage.Candidates;

namespace Phylo.Lineage;

/// <summary>
/// The relation an inferred edge most likely has, read from the child's name tokens (the Hub's naming habits):
/// quantization markers (gguf, gptq, awq, exl2, bnb, int4/int8, 4bit/8bit, q2…q8 tokens) → quantized; lora, qlora,
/// adapter, peft → adapter; merge, merged, slerp, ties, dare → merge; anything else → finetune.
/// </summary>
public static class RelationGuess
{
    private static readonly HashSet<string> Quantized = ["gguf", "gptq", "awq", "exl2", "bnb", "int4", "int8", "4bit", "8bit", "fp8", "mlx", "q2", "q3", "q4", "q5", "q6", "q8"];
    private static readonly HashSet<string> Adapter = ["lora", "qlora", "adapter", "peft", "dreambooth"];
    private static readonly HashSet<string> Merge = ["merge", "merged", "slerp", "ties", "dare", "mergekit"];

    public static string Of(string childId)
    {
        string[] tokens = NameTokens.Tokens(NameTokens.RepoName(childId).ToString());
        foreach (string t in tokens) if (Quantized.Contains(t)) return "quantized";
        foreach (string t in tokens) if (Adapter.Contains(t)) return "adapter";
        foreach (string t in tokens) if (Merge.Contains(t)) return "merge";
        return "finetune";
    }
}
