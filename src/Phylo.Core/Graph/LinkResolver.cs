using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Step 1 of the graph build: declared parent ids resolved to model indices, in child order.
/// Dangling parents (not in the snapshot) and self-links are counted and left out.
/// </summary>
internal sealed class ResolvedLinks
{
    public required int[] Parent { get; init; }
    public required int[] Child { get; init; }
    public required RelationMask[] Mask { get; init; }
    public required int Count { get; init; }
    public required long Dangling { get; init; }
    public required int DanglingParents { get; init; }
    public required int SelfLinks { get; init; }

    public static ResolvedLinks Resolve(ModelTable table)
    {
        int n = table.Count;
        int[] refOffsets = table.ParentRefOffsets;
        string[] refIds = table.ParentRefIds;
        RelationMask[] refMasks = table.ParentRefMasks;
        var parent = new int[refIds.Length];
        var child = new int[refIds.Length];
        var mask = new RelationMask[refIds.Length];
        // Parent ids repeat heavily (one base model can have tens of thousands of children), so each distinct id
        // is resolved once against the large IndexOf; repeats hit this much smaller, cache-friendly dictionary.
        var resolvedName = new Dictionary<string, int>(StringComparer.Ordinal);
        long dangling = 0;
        int danglingParents = 0, self = 0, m = 0;
        for (int c = 0; c < n; c++)
        {
            for (int r = refOffsets[c]; r < refOffsets[c + 1]; r++)
            {
                string id = refIds[r];
                if (!resolvedName.TryGetValue(id, out int p))
                {
                    if (!table.IndexOf.TryGetValue(id, out p)) { p = -1; danglingParents++; }
                    resolvedName.Add(id, p);
                }
                if (p < 0) { dangling++; continue; }
                if (p == c) { self++; continue; }
                parent[m] = p;
                child[m] = c;
                mask[m] = refMasks[r];
                m++;
            }
        }
        return new ResolvedLinks
        {
            Parent = parent, Child = child, Mask = mask, Count = m,
            Dangling = dangling, DanglingParents = danglingParents, SelfLinks = self,
        };
    }
}
