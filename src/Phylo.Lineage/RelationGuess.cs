using Phylo.Lineage.Candidates;

namespace Phylo.Lineage;

/// <summary>
/// The relation an inferred edge most likely has, read from the child's name tokens (the Hub's naming habits):
/// quantization markers (gguf, gptq, awq, exl2, bnb, int4/int8, 4bit/8bit, q2…q8 tokens) → quantized; lora, qlora,
/// adapter, peft → adapter; merge, merged, slerp, ties, dare → merge; anything else → finetune.
/// </summary>
public static class RelationGuess
{
    public const byte Finetune = 0, Quantized = 1, Adapter = 2, Merge = 3;

    private static readonly HashSet<ulong> QuantizedTokens = Hashes("gguf", "gptq", "awq", "exl2", "bnb", "int4", "int8", "4bit", "8bit", "fp8", "mlx", "q2", "q3", "q4", "q5", "q6", "q8");
    private static readonly HashSet<ulong> AdapterTokens = Hashes("lora", "qlora", "adapter", "peft");
    private static readonly HashSet<ulong> MergeTokens = Hashes("merge", "merged", "slerp", "ties", "dare", "mergekit");

    public static string Of(string childId)
    {
        Span<ulong> tokens = stackalloc ulong[NameTokens.MaxTokens];
        return Name(Code(tokens[..NameTokens.SequenceHashes(NameTokens.RepoName(childId), tokens)]));
    }

    /// <summary>The guess from a name's token hashes (<see cref="NameTokens.SequenceHashes"/>): one of the codes above.</summary>
    public static byte Code(ReadOnlySpan<ulong> tokens)
    {
        foreach (ulong t in tokens) if (QuantizedTokens.Contains(t)) return Quantized;
        foreach (ulong t in tokens) if (AdapterTokens.Contains(t)) return Adapter;
        foreach (ulong t in tokens) if (MergeTokens.Contains(t)) return Merge;
        return Finetune;
    }

    /// <summary>Whether a token hash is a quantization marker (what makes a name <see cref="Quantized"/>).</summary>
    public static bool IsQuantizationMarker(ulong token) => QuantizedTokens.Contains(token);

    public static string Name(byte code) => code switch
    {
        Quantized => "quantized",
        Adapter => "adapter",
        Merge => "merge",
        _ => "finetune",
    };

    private static HashSet<ulong> Hashes(params string[] words) => [.. words.Select(w => NameTokens.Hash(w, 0))];
}
