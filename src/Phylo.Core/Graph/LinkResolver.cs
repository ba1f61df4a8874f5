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
    /// <summary>The self-links themselves (model, declared mask), in model order: the study's graph keeps them as edges.</summary>
    public required EdgeArrays SelfEdges { get; init; }

    public static ResolvedLinks Resolve(ModelTable table)
    {
        int n = table.Count;
        int[] refOffsets = table.ParentRefOffsets;
        string[] refIds = table.ParentRefIds;
        RelationMask[] refMasks = table.ParentRefMasks;
        var parent = new int[refIds.Length];
        var child = new int[refIds.Length];
        var mask = new RelationMask[refIds.Length];
        int[] target = ParentTargets(table, out int[] keys, out int danglingParents);
        long dangling = 0;
        int self = 0, m = 0;
        var selfModels = new List<int>();
        var selfMasks = new List<RelationMask>();
        for (int c = 0; c < n; c++)
        {
            for (int r = refOffsets[c]; r < refOffsets[c + 1]; r++)
            {
                int p = target[keys[r]];
                if (p < 0) { dangling++; continue; }
                if (p == c)
                {
                    self++;
                    if (selfModels.Count > 0 && selfModels[^1] == c) selfMasks[^1] |= refMasks[r];   // two ids naming the model itself
                    else { selfModels.Add(c); selfMasks.Add(refMasks[r]); }
                    continue;
                }
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
            SelfEdges = new EdgeArrays([.. selfModels], [.. selfModels], [.. selfMasks]),
        };
    }

    /// <summary>
    /// The model index of each distinct parent name (-1 when outside the snapshot) and each link's name key. Each
    /// distinct id is looked up once in the large <see cref="ModelTable.IndexOf"/>; tables without
    /// <see cref="ModelTable.ParentRefKeys"/> get their keys from a local interner.
    /// </summary>
    private static int[] ParentTargets(ModelTable table, out int[] keys, out int danglingParents)
    {
        string[] names;
        if (table.ParentRefKeys is { } k && table.ParentRefNames is { } nm) { keys = k; names = nm; }
        else
        {
            var interner = new StringInterner();
            keys = new int[table.ParentRefIds.Length];
            for (int r = 0; r < keys.Length; r++) keys[r] = interner.Intern(table.ParentRefIds[r]);
            names = interner.ToArray();
        }
        var target = new int[names.Length];
        danglingParents = 0;
        for (int i = 0; i < names.Length; i++)
        {
            if (table.IndexOf.TryGetValue(names[i], out int p)) target[i] = p;
            else { target[i] = -1; danglingParents++; }
        }
        return target;
    }
}
