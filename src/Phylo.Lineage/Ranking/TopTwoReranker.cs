using Phylo.Lineage.Candidates;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// The second stage: given a child's two best first-stage candidates A (ahead) and B, which of them is the parent. The
/// first stage scores each candidate alone (with its margins over the others); this one reads the two side by side and
/// swaps them when B is the more likely: how far the first stage put A ahead, which of the two the child's card names
/// (a link beats a bare id beats nothing), which one's name extends the other's (<c>Llama-2-7b-chat-hf</c> extends
/// <c>Llama-2-7b</c>), and which has exactly the child's repository name under another owner (a namesake: a sibling from
/// the same tutorial or training job far more often than a parent).
/// <para>A logistic regression on inputs antisymmetric in (A, B) plus one that says A is ahead (its weight is the prior
/// that the first stage is right), so the only asymmetry is the first stage's order. Trained on both orders of every
/// training child whose two best by <i>out-of-fold</i> first-stage scores hold exactly one declared parent
/// (<see cref="LineageSession.TrainReranker"/>); fitted by Newton's method with a ridge on the weights (a few hundred
/// rows). Everything it reads is observable at inference (native-notes/lineage.md, "Second stage").</para>
/// </summary>
public sealed class TopTwoReranker
{
    public static readonly string[] Names = ["first_stage_gap", "child_mentions_parent", "namesake", "ranked_ahead"];

    public const int Inputs = 4;

    /// <summary>Ridge on the weights (the inputs are of order 1).</summary>
    public const double Ridge = 1.0;

    public TopTwoReranker(double[] weights)
    {
        if (weights.Length != Inputs || weights.Any(w => !double.IsFinite(w)))
            throw new ArgumentException($"a second stage needs {Inputs} finite weights");
        Weights = weights;
    }

    public double[] Weights { get; }

    /// <summary>Log-odds that A rather than B is the parent.</summary>
    public double Logit(ReadOnlySpan<double> x)
    {
        double z = 0;
        for (int i = 0; i < Inputs; i++) z += Weights[i] * x[i];
        return z;
    }

    /// <summary>True when the second stage takes B (first-stage score <paramref name="scoreB"/>) over A, the first stage's best.</summary>
    public bool PrefersSecond(ModelSignals s, int child, int a, int b, double scoreA, double scoreB)
    {
        Span<double> x = stackalloc double[Inputs];
        Features(s, child, a, b, scoreA, scoreB, x);
        return Logit(x) < 0;
    }

    /// <summary>The inputs for candidates <paramref name="a"/> (ranked ahead) and <paramref name="b"/> of <paramref name="child"/>
    /// given their first-stage raw scores: antisymmetric in (A, B) but for the last, which is 1.</summary>
    public static void Features(ModelSignals s, int child, int a, int b, double scoreA, double scoreB, Span<double> x)
    {
        x[0] = Math.Clamp(scoreA - scoreB, -ChildOutcome.MaxMargin, ChildOutcome.MaxMargin);
        x[1] = s.HasCard[child] ? s.MentionKind(child, a) - s.MentionKind(child, b) : 0;
        ReadOnlySpan<char> childName = NameTokens.RepoName(s.Table.Ids[child]);
        x[2] = Namesake(childName, s.Table.Ids[a]) - Namesake(childName, s.Table.Ids[b]);
        x[3] = 1;
    }

    private static int Namesake(ReadOnlySpan<char> childName, ReadOnlySpan<char> candidateId) =>
        childName.Equals(NameTokens.RepoName(candidateId), StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    /// <summary>Inputs whose weight must not be negative: the first stage's gap and order are evidence for A, never against
    /// it (a fit that would make them so is refitted without them, as <see cref="ParentMap"/> does).</summary>
    private static ReadOnlySpan<byte> ForTheFirst => [0, 3];

    /// <summary>Fits on rows <c>x(A, B)</c> with "A is the parent" (each also used mirrored: <c>−x</c>, the opposite label);
    /// null when there is nothing to learn from (no rows).</summary>
    public static TopTwoReranker? Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> aIsParent)
    {
        if (rows.Count == 0) return null;
        var active = new bool[Inputs];
        Array.Fill(active, true);
        while (true)
        {
            double[] w = Newton(rows, aIsParent, active);
            int worst = -1;
            foreach (int i in ForTheFirst) if (active[i] && w[i] < 0 && (worst < 0 || w[i] < w[worst])) worst = i;
            if (worst < 0) return new TopTwoReranker(w);
            active[worst] = false;
        }
    }

    private static double[] Newton(IReadOnlyList<double[]> rows, IReadOnlyList<bool> aIsParent, bool[] active)
    {
        const int D = Inputs;
        var w = new double[D];
        double Loss(double[] theta)
        {
            double f = 0;
            for (int i = 0; i < D; i++) f += 0.5 * Ridge * theta[i] * theta[i];
            for (int n = 0; n < rows.Count; n++)
            {
                double z = 0;
                for (int i = 0; i < D; i++) z += theta[i] * rows[n][i];
                // both orders: y·z and (1 − y)·(−z) give the same margin m = ±z
                double m = aIsParent[n] ? z : -z;
                f += 2 * (m >= 0 ? Math.Log(1 + Math.Exp(-m)) : -m + Math.Log(1 + Math.Exp(m)));
            }
            return f;
        }
        double loss = Loss(w);
        for (int it = 0; it < 100; it++)
        {
            var g = new double[D];
            var h = new double[D, D];
            for (int i = 0; i < D; i++) { g[i] = -Ridge * w[i]; h[i, i] = Ridge; }
            for (int n = 0; n < rows.Count; n++)
            {
                double[] x = rows[n];
                double z = 0;
                for (int i = 0; i < D; i++) z += w[i] * x[i];
                double p = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
                double r = 2 * ((aIsParent[n] ? 1 : 0) - p), c = 2 * p * (1 - p);
                for (int i = 0; i < D; i++)
                {
                    if (!active[i]) continue;
                    g[i] += r * x[i];
                    for (int j = 0; j < D; j++) if (active[j]) h[i, j] += c * x[i] * x[j];
                }
            }
            for (int i = 0; i < D; i++) if (!active[i]) g[i] = 0;   // an inactive input's weight stays 0
            if (g.All(v => Math.Abs(v) < 1e-9)) break;
            double[] step = ParentMap.Solve(h, g);
            double t = 1;
            for (; t >= 1e-10; t /= 2)
            {
                var next = new double[D];
                for (int i = 0; i < D; i++) next[i] = w[i] + t * step[i];
                double f = Loss(next);
                if (f <= loss) { (w, loss) = (next, f); break; }
            }
            if (t < 1e-10) break;
        }
        return w;
    }
}
