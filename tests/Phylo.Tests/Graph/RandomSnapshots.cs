using CsCheck;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Graph;

/// <summary>Random snapshots with dangling ids, self-links, duplicate links and cycles, for property tests.</summary>
internal static class RandomSnapshots
{
    private const int DanglingIds = 3;

    /// <summary>n models and declared links (child, parent, mask); parents ≥ n name ids outside the snapshot.</summary>
    public static readonly Gen<(int N, (int C, int P, int M)[] Links)> Gen =
        CsCheck.Gen.Int[1, 40].SelectMany(n =>
            CsCheck.Gen.Select(CsCheck.Gen.Int[0, n - 1], CsCheck.Gen.Int[0, n - 1 + DanglingIds], CsCheck.Gen.Int[0, 15]).Array[0, 3 * n]
                .Select(links => (n, links)));

    /// <summary>Model ids sort in a different order than their indices, so ordinal tie-breaks are visible.</summary>
    public static string Name(int i, int n) => i < n ? $"m{(i * 7) % 10}-{i}" : $"gone/{i - n}";

    public static ModelTable TableOf(int n, (int C, int P, int M)[] links)
    {
        var records = Enumerable.Range(0, n).Select(i => new ModelRecord { Id = Name(i, n) }).ToArray();
        foreach (var (c, p, m) in links) records[c].Parents.Add(new ParentRef(Name(p, n), (RelationMask)m));
        var b = new ModelTableBuilder(keepCards: false);
        foreach (var r in records) Assert.Null(b.Add(r));
        return b.Build();
    }

    public static void Check(Action<int, (int C, int P, int M)[], ModelTable, FamilyGraph> assert, long iter = 250) =>
        Gen.Sample((n, links) =>
        {
            var t = TableOf(n, links);
            assert(n, links, t, FamilyGraphBuilder.Build(t));
        }, iter: iter);
}
