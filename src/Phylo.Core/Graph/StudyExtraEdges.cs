using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Declared links the study's graph kept as edges but <see cref="FamilyGraph"/> leaves out: self-links (a model naming
/// itself as parent) and the edges dropped to break cycles (docs/definitions.md, "The study's graph"). Both ends of each
/// lie in one family: a self-link trivially, a cycle edge because the rest of its cycle is kept. Ordered by (child, parent).
/// </summary>
public sealed class StudyExtraEdges
{
    public static readonly StudyExtraEdges None = new([], [], []);

    private StudyExtraEdges(int[] parent, int[] child, RelationMask[] mask)
    {
        Parent = parent;
        Child = child;
        Mask = mask;
        Types = Array.ConvertAll(mask, Relations.Primary);
    }

    public int[] Parent { get; }
    public int[] Child { get; }
    public RelationMask[] Mask { get; }
    public EdgeType[] Types { get; }
    public int Count => Parent.Length;

    /// <summary>Self-links, then cycle edges, merged into (child, parent) order.</summary>
    internal static StudyExtraEdges Of(EdgeArrays selfLinks, EdgeArrays cycleEdges)
    {
        int n = selfLinks.Count + cycleEdges.Count;
        if (n == 0) return None;
        var order = new (int Child, int Parent, RelationMask Mask)[n];
        for (int i = 0; i < selfLinks.Count; i++) order[i] = (selfLinks.Child[i], selfLinks.Parent[i], selfLinks.Mask[i]);
        for (int i = 0; i < cycleEdges.Count; i++) order[selfLinks.Count + i] = (cycleEdges.Child[i], cycleEdges.Parent[i], cycleEdges.Mask[i]);
        Array.Sort(order, (a, b) => a.Child != b.Child ? a.Child.CompareTo(b.Child) : a.Parent.CompareTo(b.Parent));
        return new StudyExtraEdges(
            Array.ConvertAll(order, o => o.Parent), Array.ConvertAll(order, o => o.Child), Array.ConvertAll(order, o => o.Mask));
    }
}
