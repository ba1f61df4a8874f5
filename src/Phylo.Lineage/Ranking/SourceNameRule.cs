using Phylo.Lineage.Candidates;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// A candidate-order rule after the two learned stages: when a child's name is another model's name plus a quantization
/// format, or the first choice is the child's namesake, the candidate whose name the child's is built on goes first.
/// Both cases are read from names alone (observable at inference):
/// <list type="bullet">
/// <item><b>quantizations</b>: quantizers name their repository after the model they quantize plus the format
/// (<c>mradermacher/X-Llama-3-8B-GGUF</c> ← <c>owner/X-Llama-3-8B</c>, <c>…-Q4_K_M-GGUF</c>, <c>…-mlx-4bit</c>), so when the
/// child's tokens outside the longest candidate name it holds are a quantization format and nothing else, that candidate is
/// the source — not the famous base its name holds in turn, which the first stage, trained on famous parents, prefers;</item>
/// <item><b>namesakes</b>: a first choice with exactly the child's repository name under another owner is a sibling from
/// the same tutorial or training job far more often than the parent (<c>x/smolvlm-instruct-trl-sft-ChartQA</c>, pushed
/// under a tutorial's default name by dozens of users, is a fine-tune of <c>SmolVLM-Instruct</c>), so the choice goes to
/// the longest candidate name the child's holds.</item>
/// </list>
/// The longest name: among candidates with at least <see cref="MinTokens"/> name tokens and fewer than the child's (so never
/// a namesake) whose token sequence is a contiguous run of the child's, the one with the most tokens; ties go to the higher
/// score, then the earlier candidate (the order <see cref="Evaluation.ChildOutcome.Of"/> uses). Without one the order
/// stands. Measured in native-notes/lineage.md, "Names built on names".
/// </summary>
public static class SourceNameRule
{
    /// <summary>Fewest tokens a source name has: one token (<c>llama</c>, <c>bert</c>) names a family, not a model.</summary>
    public const int MinTokens = 2;

    /// <summary>Tokens of a quantization format besides the markers themselves (<see cref="RelationGuess.IsQuantizationMarker"/>):
    /// GGUF type parts (<c>Q4_K_M</c>, <c>Q8_0</c>, <c>Q5_1</c>, <c>IQ3_XXS</c>, <c>IQ4_NL</c>), imatrix marks (<c>i1</c>),
    /// precisions and other packers' names.</summary>
    private static readonly HashSet<ulong> FormatTokens = [.. new[]
    {
        "k", "m", "s", "l", "xs", "xxs", "xl", "nl", "0", "1", "i1", "iq1", "iq2", "iq3", "iq4", "imat", "imatrix",
        "fp16", "bf16", "f16", "fp32", "f32", "fp4", "nf4", "2bit", "3bit", "5bit", "6bit", "bpw", "w4a16", "w8a8",
    }.Select(t => NameTokens.Hash(t, 0))];

    /// <summary>The index into <paramref name="parents"/> of the candidate to put first, <paramref name="top"/> (the best by
    /// <paramref name="scores"/>) when the rule does not fire.</summary>
    public static int Pick(ModelSignals s, int child, ReadOnlySpan<int> parents, ReadOnlySpan<double> scores, int top)
    {
        if (top < 0) return top;
        bool namesake = IsNamesake(s, child, parents[top]);
        if (!namesake && s.Relation[child] != RelationGuess.Quantized) return top;   // no marker anywhere in the name
        ReadOnlySpan<ulong> childName = s.Name(child);
        int best = -1, bestLength = 0, at = -1;
        for (int k = 0; k < parents.Length; k++)
        {
            ReadOnlySpan<ulong> name = s.Name(parents[k]);
            if (name.Length < Math.Max(MinTokens, bestLength) || name.Length >= childName.Length) continue;
            int position = childName.IndexOf(name);
            if (position < 0) continue;
            if (name.Length > bestLength || scores[k] > scores[best] || (scores[k] == scores[best] && k < best))
                (best, bestLength, at) = (k, name.Length, position);
        }
        if (best < 0) return top;
        return namesake || IsQuantizationFormat(childName[..at], childName[(at + bestLength)..]) ? best : top;
    }

    /// <summary>The tokens around the source name are a quantization format: at least one marker, nothing but format tokens.</summary>
    private static bool IsQuantizationFormat(ReadOnlySpan<ulong> before, ReadOnlySpan<ulong> after) =>
        FormatOnly(before) && FormatOnly(after) && (HasMarker(before) || HasMarker(after));

    private static bool FormatOnly(ReadOnlySpan<ulong> tokens)
    {
        foreach (ulong t in tokens) if (!RelationGuess.IsQuantizationMarker(t) && !FormatTokens.Contains(t)) return false;
        return true;
    }

    private static bool HasMarker(ReadOnlySpan<ulong> tokens)
    {
        foreach (ulong t in tokens) if (RelationGuess.IsQuantizationMarker(t)) return true;
        return false;
    }

    /// <summary>The candidate has exactly the child's repository name (case aside) under another owner.</summary>
    public static bool IsNamesake(ModelSignals s, int child, int candidate) =>
        NameTokens.RepoName(s.Table.Ids[child]).Equals(NameTokens.RepoName(s.Table.Ids[candidate]), StringComparison.OrdinalIgnoreCase);
}
