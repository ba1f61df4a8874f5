using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Parent links that were inferred (<c>phylo lineage infer</c>), not declared: model ids as read, with the relation
/// guessed for each. <see cref="FamilyGraphBuilder"/> adds them to the graph after the declared links, flagged
/// <see cref="FamilyGraph.Inferred"/>; declared links always win.
/// </summary>
public sealed record InferredLinks(string[] Child, string[] Parent, RelationMask[] Mask)
{
    public int Count => Child.Length;
}

/// <summary>
/// What became of the inferred links. Every link ends up in exactly one bucket:
/// <c>Given = Added + UnknownModel + SelfLinks + Duplicates + CyclesClosed</c>.
/// </summary>
/// <param name="Given">Links in the file.</param>
/// <param name="Added">Edges added to the graph, flagged inferred.</param>
/// <param name="UnknownModel">Links whose child or parent is not in the snapshot.</param>
/// <param name="SelfLinks">Links from a model to itself.</param>
/// <param name="Duplicates">Links that repeat a declared edge (the declared one is kept) or an earlier inferred link.</param>
/// <param name="CyclesClosed">Links that would close a cycle with the declared and the other inferred edges.</param>
public sealed record InferredLinkStats(long Given, long Added, long UnknownModel, long SelfLinks, long Duplicates, long CyclesClosed);
