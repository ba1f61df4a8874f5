using Phylo.Graph;

namespace Phylo.Lineage.Features;

/// <summary>
/// What the ranker may know about the declared graph: per model, its children and forest generation over the
/// <em>visible</em> edges (all of them for inference; only training families' during evaluation, so a held-out
/// family's models look like parentless roots with no children, as undeclared models do).
/// <para>Off by default (<see cref="Enabled"/> false → the features are −1): under a by-family split a held-out
/// child's true parent is in its own hidden family, so it always shows 0 children, while in training (and in real
/// inference) true parents show many. A ranker that learns "parents have children" is then measured on a population
/// where that never holds; bench/README.md has the numbers with and without.</para>
/// </summary>
public sealed class KnownLineage
{
    public required int[] Children { get; init; }
    public required int[] Generation { get; init; }
    public bool Enabled { get; init; }

    public static KnownLineage From(FamilyGraph graph, bool[]? hiddenFamily = null, bool enabled = true)
    {
        int n = graph.NodeCount;
        var children = new int[n];
        var generation = new int[n];
        for (int m = 0; m < n; m++)
        {
            if (hiddenFamily is not null && hiddenFamily[graph.FamilyOf[m]]) continue;
            children[m] = graph.OutDegree(m);
            generation[m] = graph.Generation[m];
        }
        return new KnownLineage { Children = children, Generation = generation, Enabled = enabled };
    }
}
