using Phylo.Graph;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Analyses.Graph;

/// <summary>A family of the study's no-merge view: the model that names it and its size.</summary>
public readonly record struct StudyFamilyRank(string Name, int Size);

/// <summary>
/// One shard's graph numbers by the study's own rules (docs/definitions.md): edges of the study's graph (declared edges,
/// self-links and cycle edges kept), parent models by the bare-list rule, children with children counted per edge in the
/// no-merge view, and the largest no-merge families. Integer counts and row-keyed unions: merging is exact.
/// </summary>
/// <param name="EdgesByType">The study graph's edges per primary relation.</param>
/// <param name="SelfLinks">Self-links among them.</param>
/// <param name="CycleEdges">Edges among them that <see cref="FamilyGraph"/> drops to break cycles.</param>
/// <param name="BareParents">Models per bare parent-list key (<see cref="BareParentCounts"/>).</param>
/// <param name="ChildrenWithChildren">Per primary relation: no-merge edges whose child has a child in the no-merge view.</param>
/// <param name="LargestFamilies">The largest no-merge components owned, by size desc then name.</param>
public sealed record StudyGraphPartial(
    long[] EdgesByType,
    long SelfLinks,
    long CycleEdges,
    Dictionary<string, long> BareParents,
    long[] ChildrenWithChildren,
    StudyFamilyRank[] LargestFamilies)
{
    public const int TopFamilies = 10;

    public long Edges => EdgesByType.Sum();

    public static StudyGraphPartial Compute(ModelTable table, FamilyGraph graph, ShardScope scope)
    {
        var nm = StudyNoMerge.Of(graph);
        var byType = new long[Relations.EdgeTypeCount];
        var withChildren = new long[Relations.EdgeTypeCount];
        for (int m = 0; m < graph.NodeCount; m++)
        {
            if (!scope.OwnsModel(m)) continue;
            foreach (int e in graph.InEdges(m))
                if (graph.IsDeclared(e)) Count(graph.EdgeTypes[e], m);
        }
        long self = 0, cycle = 0;
        var extra = graph.StudyExtraEdges;
        for (int i = 0; i < extra.Count; i++)
        {
            if (!scope.OwnsModel(extra.Child[i])) continue;
            Count(extra.Types[i], extra.Child[i]);
            if (extra.Parent[i] == extra.Child[i]) self++;
            else cycle++;
        }
        var families = new TopK<StudyFamilyRank>(TopFamilies, BySize);
        for (int c = 0; c < nm.ComponentCount; c++)
            if (scope.OwnsModel(nm.Named[c])) families.Add(new StudyFamilyRank(table.Ids[nm.Named[c]], nm.Sizes[c]));
        return new StudyGraphPartial(byType, self, cycle, BareParentCounts.Count(table, scope.OwnsModel), withChildren, families.ToArray());

        void Count(EdgeType type, int child)
        {
            byType[(int)type]++;
            if (StudyNoMerge.Keeps(type) && nm.OutDegree[child] > 0) withChildren[(int)type]++;
        }
    }

    private static int BySize(StudyFamilyRank a, StudyFamilyRank b) => a.Size != b.Size ? b.Size.CompareTo(a.Size) : string.CompareOrdinal(a.Name, b.Name);

    private static StudyFamilyRank[] Top(IEnumerable<StudyFamilyRank> families) => TopK.Of(families, TopFamilies, BySize);

    public static StudyGraphPartial Merge(StudyGraphPartial a, StudyGraphPartial b)
    {
        var parents = new Dictionary<string, long>(a.BareParents, StringComparer.Ordinal);
        BareParentCounts.AddInto(parents, b.BareParents);
        return new StudyGraphPartial(Add(a.EdgesByType, b.EdgesByType), a.SelfLinks + b.SelfLinks, a.CycleEdges + b.CycleEdges, parents,
            Add(a.ChildrenWithChildren, b.ChildrenWithChildren), Top([.. a.LargestFamilies, .. b.LargestFamilies]));
    }

    private static long[] Add(long[] a, long[] b)
    {
        var r = new long[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] + b[i];
        return r;
    }

    public void Write(PartWriter w)
    {
        w.Array(EdgesByType);
        w.Int(SelfLinks);
        w.Int(CycleEdges);
        string[] keys = [.. BareParents.Keys.Order(StringComparer.Ordinal)];
        w.Strings(keys);
        w.Array(Array.ConvertAll(keys, k => BareParents[k]));
        w.Array(ChildrenWithChildren);
        w.Strings([.. LargestFamilies.Select(f => f.Name)]);
        w.Array([.. LargestFamilies.Select(f => f.Size)]);
    }

    public static StudyGraphPartial Read(PartReader r)
    {
        long[] byType = r.Array<long>();
        long self = r.Int(), cycle = r.Int();
        string[] keys = r.Strings();
        long[] counts = r.Array<long>();
        if (counts.Length != keys.Length) throw new InvalidDataException("parent-model keys and counts of different lengths");
        var parents = new Dictionary<string, long>(keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++) parents[keys[i]] = counts[i];
        long[] withChildren = r.Array<long>();
        string[] names = r.Strings();
        int[] sizes = r.Array<int>();
        if (sizes.Length != names.Length) throw new InvalidDataException("family names and sizes of different lengths");
        return new StudyGraphPartial(byType, self, cycle, parents, withChildren, [.. names.Select((n, i) => new StudyFamilyRank(n, sizes[i]))]);
    }
}
