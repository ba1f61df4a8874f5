using System.Runtime.CompilerServices;

namespace Phylo.Lineage.Features;

/// <summary>
/// The features of a candidate that compare it with the child's other candidates (<see cref="PairFeatures.Names"/> from
/// <c>kind_agreement</c> on). A pair's own features say how much the child and the candidate share; these say whether
/// another candidate shares more, which is what separates a parent from its relatives: a quantization of
/// <c>X-Llama-2-7b-Instruct</c> matches <c>Llama-2-7b-Instruct</c> and <c>Llama-2-7b</c> too, but <c>X-…</c> best; a DPO
/// run of <c>Llama-2-7b</c> matches <c>Llama-2-7b-chat-hf</c> as well, whose extra tokens it does not carry.
/// Everything here is observable at inference: the child's name and kind and its candidates' names and kinds.
/// (native-notes/lineage.md, "Candidate contrast").
/// </summary>
[SkipLocalsInit]
public static class CandidateContrast
{
    private const int Agreement = 30, AgreementMargin = 31, Dominated = 38, AgreeingPopularity = 39, SharedMargin = 40, Extra = 41;

    /// <summary>(pair feature, its margin over the best other candidate).</summary>
    private static ReadOnlySpan<byte> MarginOf => [30, 31, 1, 32, 2, 33, 4, 34, 3, 35, 11, 36, 0, 37];

    /// <summary>What a margin compares with when the child has one candidate (below every feature's range but −1's own).</summary>
    private const float NoOther = -1f;

    /// <summary>
    /// Fills the contrast features of every candidate row of <paramref name="matrix"/> (rows of
    /// <see cref="PairFeatures.Count"/>, the pair features already in place); <paramref name="order"/> is the candidates by
    /// popularity (low 32 bits: row), <paramref name="shared"/> per row how many of the child's distinct name tokens the
    /// candidate's name carries.
    /// </summary>
    public static void Fill(ModelSignals s, ReadOnlySpan<int> shared, ReadOnlySpan<int> parents, ReadOnlySpan<ulong> order, Span<float> matrix)
    {
        const int n = PairFeatures.Count;
        int count = parents.Length;
        if (count == 0) return;
        Span<int> extra = count <= 256 ? stackalloc int[count] : new int[count];
        // per number of shared tokens v: the fewest extra tokens among candidates sharing exactly v, and more than v
        Span<int> fewestAt = stackalloc int[Candidates.NameTokens.MaxTokens + 2];
        fewestAt.Fill(int.MaxValue);
        for (int k = 0; k < count; k++)
        {
            Span<float> f = matrix.Slice(k * n, n);
            int sh = shared[k];
            extra[k] = s.NameDistinct[parents[k]] - sh;
            fewestAt[sh] = Math.Min(fewestAt[sh], extra[k]);
            f[Agreement] = (f[7] == 1f ? 1 : 0) + (f[8] == 1f ? 1 : 0) + (f[10] == 1f ? 1 : 0) + (f[11] > 0f ? 1 : 0);
            f[Extra] = extra[k];
        }
        Span<int> fewestAbove = stackalloc int[fewestAt.Length];
        fewestAbove[^1] = int.MaxValue;
        for (int v = fewestAt.Length - 2; v >= 0; v--) fewestAbove[v] = Math.Min(fewestAbove[v + 1], fewestAt[v + 1]);
        for (int q = 0; q < MarginOf.Length; q += 2) Margins(matrix, count, MarginOf[q], MarginOf[q + 1]);
        int best = -1, second = -1;
        float mostAgreement = 0;
        for (int k = 0; k < count; k++)
        {
            if (shared[k] > best) (second, best) = (best, shared[k]);
            else if (shared[k] > second) second = shared[k];
            mostAgreement = Math.Max(mostAgreement, matrix[k * n + Agreement]);
        }
        int agreeing = 0;
        for (int r = 0; r < count; r++)
        {
            int k = (int)(order[r] & 0xFFFF_FFFF);
            Span<float> f = matrix.Slice(k * n, n);
            f[AgreeingPopularity] = f[Agreement] == mostAgreement ? agreeing++ : -1f;
            int other = shared[k] == best ? second : best;
            f[SharedMargin] = other < 0 ? shared[k] - NoOther : shared[k] - other;
            // dominated: another candidate matches at least as many of the child's tokens with at most as many the child
            // lacks, and is better in one of the two (a candidate matching nothing is never called dominated)
            f[Dominated] = shared[k] > 0 && (fewestAbove[shared[k]] <= extra[k] || fewestAt[shared[k]] < extra[k]) ? 1f : 0f;
        }
    }

    /// <summary>Feature <paramref name="to"/> of each row: its feature <paramref name="from"/> minus the largest among the
    /// other rows (<see cref="NoOther"/> when there is none).</summary>
    private static void Margins(Span<float> matrix, int count, int from, int to)
    {
        const int n = PairFeatures.Count;
        float best = float.NegativeInfinity, second = float.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            float v = matrix[k * n + from];
            if (v > best) (second, best) = (best, v);
            else if (v > second) second = v;
        }
        for (int k = 0; k < count; k++)
        {
            float v = matrix[k * n + from];
            float other = v == best ? second : best;
            matrix[k * n + to] = v - (float.IsNegativeInfinity(other) ? NoOther : other);
        }
    }
}
