using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>
/// Where the ecosystem goes (beyond the study): the license of a child as a Markov chain on its parent's
/// license along the no-merge forest (one parent per child, so one step = one generation).
/// </summary>
/// <param name="States">The most common licenses, then "other" (every other license) and "none" (no license).</param>
/// <param name="Counts">[parent state][child state] transitions; a model with several licenses counts each distinct state.</param>
/// <param name="Matrix">Row-normalized <see cref="Counts"/>; a state never seen as a parent keeps itself (absorbing).</param>
/// <param name="RootMix">License mix of today's roots: forest roots with at least one descendant.</param>
/// <param name="Mixes">Predicted mix after each of <see cref="DriftOptions.ChainGenerations"/> generations.</param>
/// <param name="Stationary">The limit of the lazy chain started from <see cref="RootMix"/>: a fixed point of <see cref="Matrix"/>.</param>
/// <param name="Residual">‖π·P − π‖₁ of <see cref="Stationary"/>.</param>
public sealed record LicenseChainResult(
    string[] States,
    long[][] Counts,
    double[][] Matrix,
    double[] RootMix,
    (int Generation, double[] Mix)[] Mixes,
    double[] Stationary,
    int Iterations,
    double Residual);

/// <summary>Per-shard chain counts.</summary>
public sealed class ChainPartial
{
    internal ChainPartial(int states)
    {
        StateCount = states;
        Transitions = new long[states * states];
        Roots = new long[states];
    }

    internal int StateCount { get; }
    internal long[] Transitions { get; }
    internal long[] Roots { get; }
}

/// <summary>Builds, merges and solves the license chain.</summary>
public static class LicenseChain
{
    public const string OtherState = "other";
    public const string NoneState = "none";
    private const double Tolerance = 1e-14;
    private const int MaxIterations = 200_000;

    /// <summary>Chain states of the table's license vocabulary: ids → state, and the state names.</summary>
    internal static (int[] StateOf, string[] States) StatesOf(TraitColumn licenses, int keep)
    {
        var ids = new List<int>();
        for (int i = 0; i < licenses.Vocabulary.Length; i++)
            if (Array.IndexOf(TraitOrdering.Excluded, licenses.Vocabulary[i]) < 0 && licenses.ModelCounts[i] > 0) ids.Add(i);
        ids.Sort((x, y) => licenses.ModelCounts[x] != licenses.ModelCounts[y]
            ? licenses.ModelCounts[y].CompareTo(licenses.ModelCounts[x])
            : string.CompareOrdinal(licenses.Vocabulary[x], licenses.Vocabulary[y]));
        int kept = Math.Min(keep, ids.Count);
        var names = new string[kept + 2];
        var stateOf = new int[licenses.Vocabulary.Length];
        Array.Fill(stateOf, kept);
        for (int s = 0; s < kept; s++) { stateOf[ids[s]] = s; names[s] = licenses.Vocabulary[ids[s]]; }
        names[kept] = OtherState;
        names[kept + 1] = NoneState;
        return (stateOf, names);
    }

    public static ChainPartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        TraitColumn licenses = table[TraitKind.License];
        var (stateOf, states) = StatesOf(licenses, options.ChainLicenses);
        int s = states.Length;
        var partial = new ChainPartial(s);
        Span<bool> parentStates = stackalloc bool[s], childStates = stackalloc bool[s];
        foreach (int e in shard.Edges(graph))
        {
            if (!graph.IsForestEdge[e]) continue;
            Mark(licenses[graph.EdgeParent[e]], stateOf, parentStates);
            Mark(licenses[graph.EdgeChild[e]], stateOf, childStates);
            for (int a = 0; a < s; a++)
            {
                if (!parentStates[a]) continue;
                for (int b = 0; b < s; b++) if (childStates[b]) partial.Transitions[a * s + b]++;
            }
        }
        for (int v = 0; v < graph.NodeCount; v++)
        {
            if (graph.ForestParent[v] >= 0 || graph.Descendants[v] == 0 || !shard.Contains(graph.FamilyOf[v])) continue;
            Mark(licenses[v], stateOf, parentStates);
            for (int a = 0; a < s; a++) if (parentStates[a]) partial.Roots[a]++;
        }
        return partial;
    }

    /// <summary>Sets the distinct states of a license set; the "none" state (last) when it is empty.</summary>
    private static void Mark(ReadOnlySpan<int> ids, int[] stateOf, Span<bool> states)
    {
        states.Clear();
        if (ids.IsEmpty) states[^1] = true;
        foreach (int id in ids) states[stateOf[id]] = true;
    }

    public static ChainPartial Merge(ChainPartial left, ChainPartial right)
    {
        var merged = new ChainPartial(left.StateCount);
        for (int i = 0; i < merged.Transitions.Length; i++) merged.Transitions[i] = left.Transitions[i] + right.Transitions[i];
        for (int i = 0; i < merged.Roots.Length; i++) merged.Roots[i] = left.Roots[i] + right.Roots[i];
        return merged;
    }

    public static LicenseChainResult Finish(ModelTable table, ChainPartial partial, DriftOptions options)
    {
        string[] states = StatesOf(table[TraitKind.License], options.ChainLicenses).States;
        int s = states.Length;
        var counts = new long[s][];
        var matrix = new double[s][];
        for (int a = 0; a < s; a++)
        {
            counts[a] = partial.Transitions.AsSpan(a * s, s).ToArray();
            matrix[a] = new double[s];
            long total = 0;
            foreach (long n in counts[a]) total += n;
            if (total == 0) { matrix[a][a] = 1; continue; }
            for (int b = 0; b < s; b++) matrix[a][b] = counts[a][b] / (double)total;
        }
        double[] rootMix = Normalize(partial.Roots);
        var mixes = new (int, double[])[options.ChainGenerations.Count];
        for (int i = 0; i < mixes.Length; i++)
        {
            int generations = options.ChainGenerations[i];
            double[] mix = rootMix;
            for (int g = 0; g < generations; g++) mix = Step(mix, matrix);
            mixes[i] = (generations, mix);
        }
        var (stationary, iterations) = Stationary(matrix, rootMix);
        return new LicenseChainResult(states, counts, matrix, rootMix, mixes, stationary, iterations, L1(Step(stationary, matrix), stationary));
    }

    private static double[] Normalize(long[] counts)
    {
        long total = 0;
        foreach (long n in counts) total += n;
        var p = new double[counts.Length];
        for (int i = 0; i < p.Length; i++) p[i] = total == 0 ? 1.0 / p.Length : counts[i] / (double)total;
        return p;
    }

    /// <summary>π·P.</summary>
    internal static double[] Step(double[] pi, double[][] matrix)
    {
        var next = new double[pi.Length];
        for (int a = 0; a < pi.Length; a++)
        {
            if (pi[a] == 0) continue;
            for (int b = 0; b < next.Length; b++) next[b] += pi[a] * matrix[a][b];
        }
        return next;
    }

    /// <summary>
    /// Power iteration of the lazy chain (P + I)/2 — the same stationary distributions as P, but aperiodic,
    /// so it converges from any start; started from the root mix it picks the stationary distribution the
    /// ecosystem drifts to even when P is reducible. Renormalized each step against rounding.
    /// </summary>
    internal static (double[] Pi, int Iterations) Stationary(double[][] matrix, double[] start)
    {
        double[] pi = start;
        for (int it = 1; it <= MaxIterations; it++)
        {
            double[] moved = Step(pi, matrix);
            var next = new double[pi.Length];
            double sum = 0;
            for (int i = 0; i < next.Length; i++) { next[i] = 0.5 * (pi[i] + moved[i]); sum += next[i]; }
            for (int i = 0; i < next.Length; i++) next[i] /= sum;
            bool done = L1(next, pi) < Tolerance;
            pi = next;
            if (done) return (pi, it);
        }
        return (pi, MaxIterations);
    }

    private static double L1(double[] a, double[] b)
    {
        double d = 0;
        for (int i = 0; i < a.Length; i++) d += Math.Abs(a[i] - b[i]);
        return d;
    }
}
