using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>An edge whose child is under a more permissive class than its commercial or use-restricted parent.</summary>
public sealed record LicenseFlag(string Parent, string Child, string ParentLicense, string ChildLicense, string FamilyRoot);

/// <summary>A name with a count (a parent license, a family root).</summary>
public readonly record struct NamedCount(string Name, long Count);

/// <summary>The license-compliance view (beyond the study).</summary>
/// <param name="ClassMatrix">[parent class][child class] edge counts, indexed by <see cref="LicenseClass"/>.</param>
/// <param name="Flags">Flagged edges in edge order (parent, child model index).</param>
/// <param name="UnlicensedChildren">Edges from a restrictive parent to a child that declares no license (not flagged).</param>
/// <param name="ByParentLicense">Flagged edges per restrictive parent license, most first (ties by name).</param>
/// <param name="TopFamilies">Families by flagged edges, most first (ties by root id).</param>
public sealed record LicenseComplianceResult(
    GraphView View,
    long Edges,
    long[][] ClassMatrix,
    LicenseFlag[] Flags,
    long UnlicensedChildren,
    NamedCount[] ByParentLicense,
    NamedCount[] TopFamilies);

/// <summary>Per-shard compliance counts and the flagged edge ids.</summary>
public sealed class CompliancePartial
{
    internal long Edges { get; set; }
    internal long[] ClassMatrix { get; } = new long[LicenseClasses.Count * LicenseClasses.Count];
    /// <summary>Flagged edge ids (Compute visits them in child order; Merge and Finish sort).</summary>
    internal List<int> FlaggedEdges { get; } = [];
    internal long UnlicensedChildren { get; set; }
}

/// <summary>Flags license relaxations along the edges of <see cref="DriftOptions.ComplianceView"/>.</summary>
public static class LicenseCompliance
{
    public static CompliancePartial Compute(ModelTable table, FamilyGraph graph, FamilyShard shard, DriftOptions options)
    {
        TraitColumn licenses = table[TraitKind.License];
        LicenseClass[] byId = LicenseClasses.ForVocabulary(licenses.Vocabulary);
        var partial = new CompliancePartial();
        foreach (int e in shard.Edges(graph))
        {
            if (!graph.InView(e, options.ComplianceView)) continue;
            var parent = LicenseClasses.OfModel(licenses[graph.EdgeParent[e]], byId);
            var child = LicenseClasses.OfModel(licenses[graph.EdgeChild[e]], byId);
            partial.Edges++;
            partial.ClassMatrix[(int)parent * LicenseClasses.Count + (int)child]++;
            if (LicenseClasses.Relaxes(parent, child)) partial.FlaggedEdges.Add(e);
            else if (parent.IsRestrictive() && child == LicenseClass.None) partial.UnlicensedChildren++;
        }
        return partial;
    }

    public static CompliancePartial Merge(CompliancePartial left, CompliancePartial right)
    {
        var merged = new CompliancePartial
        {
            Edges = left.Edges + right.Edges,
            UnlicensedChildren = left.UnlicensedChildren + right.UnlicensedChildren,
        };
        for (int i = 0; i < merged.ClassMatrix.Length; i++) merged.ClassMatrix[i] = left.ClassMatrix[i] + right.ClassMatrix[i];
        merged.FlaggedEdges.AddRange(left.FlaggedEdges);
        merged.FlaggedEdges.AddRange(right.FlaggedEdges);
        merged.FlaggedEdges.Sort();
        return merged;
    }

    public static LicenseComplianceResult Finish(ModelTable table, FamilyGraph graph, CompliancePartial partial, DriftOptions options)
    {
        TraitColumn licenses = table[TraitKind.License];
        LicenseClass[] byId = LicenseClasses.ForVocabulary(licenses.Vocabulary);
        var edges = partial.FlaggedEdges.ToArray();
        Array.Sort(edges);   // a single unmerged partial is in child order (FamilyShard.Edges), not edge order
        var flags = new LicenseFlag[edges.Length];
        var perLicense = new Dictionary<string, long>(StringComparer.Ordinal);
        var perFamily = new Dictionary<int, long>();
        for (int i = 0; i < edges.Length; i++)
        {
            int p = graph.EdgeParent[edges[i]], c = graph.EdgeChild[edges[i]];
            int family = graph.FamilyOf[c];
            flags[i] = new LicenseFlag(table.Ids[p], table.Ids[c], Join(licenses, p), Join(licenses, c), table.Ids[graph.Families[family].Root]);
            var parentClass = LicenseClasses.OfModel(licenses[p], byId);
            foreach (int id in licenses[p])
                if (byId[id] == parentClass) perLicense[licenses.Vocabulary[id]] = perLicense.GetValueOrDefault(licenses.Vocabulary[id]) + 1;
            perFamily[family] = perFamily.GetValueOrDefault(family) + 1;
        }

        var families = new List<NamedCount>(perFamily.Count);
        foreach (var (family, count) in perFamily) families.Add(new NamedCount(table.Ids[graph.Families[family].Root], count));
        var matrix = new long[LicenseClasses.Count][];
        for (int r = 0; r < matrix.Length; r++)
            matrix[r] = partial.ClassMatrix.AsSpan(r * LicenseClasses.Count, LicenseClasses.Count).ToArray();
        return new LicenseComplianceResult(
            options.ComplianceView,
            partial.Edges,
            matrix,
            flags,
            partial.UnlicensedChildren,
            MostFirst(perLicense.Select(kv => new NamedCount(kv.Key, kv.Value)), int.MaxValue),
            MostFirst(families, options.TopFamilies));
    }

    private static string Join(TraitColumn column, int model)
    {
        ReadOnlySpan<int> ids = column[model];
        var names = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++) names[i] = column.Vocabulary[ids[i]];
        Array.Sort(names, StringComparer.Ordinal);
        return string.Join('|', names);
    }

    /// <summary>Largest counts first, ties by ordinal name; the first <paramref name="take"/>.</summary>
    internal static NamedCount[] MostFirst(IEnumerable<NamedCount> items, int take)
    {
        var list = items.ToList();
        list.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        return [.. list.Take(take)];
    }
}
