using Phylo.Analyses;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>Work units cut a giant family into pieces and spread them, so no shard is the run's straggler.</summary>
public sealed class WorkUnitTests
{
    /// <summary>5,000 synthetic models; the largest family holds ~18 % of them.</summary>
    private static readonly Lazy<TestIngest.Result> Ecosystem = new(() =>
    {
        string csv = Path.Combine(Directory.CreateTempSubdirectory("phylo-units-").FullName, "eco.csv");
        using (var fs = File.Create(csv)) SyntheticEcosystem.Write(fs, new SynthOptions(5_000, 7, CardMode.None, 2));
        return TestIngest.Run(csv);
    });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(16)]
    public void The_giant_family_is_cut_and_every_shard_stays_within_one_and_a_half_times_the_mean(int n)
    {
        var r = Ecosystem.Value;
        var units = WorkUnits.Plan(r.Table, r.Graph);
        int giant = Enumerable.Range(0, r.Graph.Families.Length).MaxBy(f => r.Graph.Families[f].Size);
        long total = units.Cost.Sum();
        Assert.True(r.Graph.Families[giant].Size * 10 > r.Graph.NodeCount, "the ecosystem has no giant family (≥ 10 % of the models)");
        Assert.True(units.SplitFamilies >= 1);

        var scopes = Enumerable.Range(0, n).Select(i => ShardScope.Of(r.Table, r.Graph, i, n)).ToArray();
        var load = new long[n];
        var giantShards = new HashSet<int>();
        for (int m = 0; m < r.Graph.NodeCount; m++)
        {
            int[] owners = [.. Enumerable.Range(0, n).Where(i => scopes[i].OwnsModel(m))];
            Assert.Single(owners);
            load[owners[0]] += 1 + r.Graph.OutDegree(m);
            if (r.Graph.FamilyOf[m] == giant) giantShards.Add(owners[0]);
        }
        for (int f = 0; f < r.Graph.Families.Length; f++) Assert.Single(Enumerable.Range(0, n), i => scopes[i].OwnsFamily(f));
        Assert.True(giantShards.Count > 1, $"the giant family ({r.Graph.Families[giant].Size} models) stayed in one shard of {n}");
        Assert.True(load.Max() <= 1.5 * total / n, $"largest shard {load.Max()} > 1.5 × mean {total / (double)n}");
        Assert.Equal(total, load.Sum());
    }

    [Fact]
    public void Units_do_not_depend_on_the_shard_count_and_cut_only_large_families()
    {
        var r = Ecosystem.Value;
        var a = ShardScope.Of(r.Table, r.Graph, 0, 3).Units;
        var b = ShardScope.Of(r.Table, r.Graph, 5, 16).Units;
        Assert.Equal(a.UnitOfModel, b.UnitOfModel);
        for (int m = 0; m < r.Graph.NodeCount; m++)
        {
            var fam = r.Graph.Families[r.Graph.FamilyOf[m]];
            bool piece = a.UnitOfModel[m] >= WorkUnits.Buckets;
            long familyCost = Enumerable.Range(0, r.Graph.NodeCount).Where(v => r.Graph.FamilyOf[v] == r.Graph.FamilyOf[m]).Sum(v => 1L + r.Graph.OutDegree(v));
            Assert.Equal(familyCost > 2 * a.PieceCost, piece);
            if (!piece) Assert.Equal(ShardScope.BucketOf(r.Table.Ids[fam.Root]), a.UnitOfModel[m]);
        }
    }
}
