using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Synth;

namespace Phylo.Tests.Drift;

public class LicenseChainTests
{
    private static readonly DriftOptions Options = new() { ChainLicenses = 2, Parallelism = 1 };

    private static LicenseChainResult Hand()
    {
        var h = new HandGraph();
        h.Model("r1", licenses: ["apache-2.0"]);
        h.Model("c1", licenses: ["apache-2.0"], parents: HandGraph.Finetune("r1"));
        h.Model("c2", licenses: ["mit"], parents: HandGraph.Finetune("r1"));
        h.Model("c3", parents: HandGraph.Finetune("r1"));
        h.Model("r2", licenses: ["mit"]);
        h.Model("d1", licenses: ["apache-2.0"], parents: HandGraph.Finetune("r2"));
        h.Model("lonely", licenses: ["mit"]); // a root without descendants: not one of today's roots
        var (table, graph) = h.Build();
        return LicenseChain.Finish(table, LicenseChain.Compute(table, graph, FamilyShard.All, Options), Options);
    }

    [Fact]
    public void Counts_rows_and_root_mix_follow_the_forest()
    {
        LicenseChainResult c = Hand();
        Assert.Equal(["apache-2.0", "mit", "other", "none"], c.States); // apache-2.0 and mit tie on 3 models: ordinal
        Assert.Equal([1L, 1, 0, 1], c.Counts[0]);
        Assert.Equal([1L, 0, 0, 0], c.Counts[1]);
        Assert.Equal([1.0 / 3, 1.0 / 3, 0, 1.0 / 3], c.Matrix[0]);
        Assert.Equal([0.0, 0, 0, 1], c.Matrix[3]); // never a parent: absorbing
        Assert.Equal([0.5, 0.5, 0, 0], c.RootMix);
        var (generation, mix) = c.Mixes[0];
        Assert.Equal(1, generation);
        Assert.Equal([0.5 / 3 + 0.5, 0.5 / 3, 0, 0.5 / 3], mix);
    }

    [Fact]
    public void Stationary_distribution_sums_to_one_and_is_a_fixed_point()
    {
        foreach (LicenseChainResult c in new[] { Hand(), RandomChain() })
        {
            Assert.Equal(1.0, c.Stationary.Sum(), 12);
            Assert.All(c.Stationary, p => Assert.InRange(p, 0, 1));
            double[] next = LicenseChain.Step(c.Stationary, c.Matrix);
            for (int i = 0; i < next.Length; i++) Assert.Equal(c.Stationary[i], next[i], 10);
            Assert.True(c.Residual < 1e-10);
            foreach (var row in c.Matrix) Assert.Equal(1.0, row.Sum(), 12);
        }
    }

    [Fact]
    public void The_hand_chain_drains_into_no_license()
    {
        // "none" is absorbing and reachable from every state, so the whole mass ends there.
        Assert.Equal(1.0, Hand().Stationary[^1], 9);
    }

    private static LicenseChainResult RandomChain()
    {
        var (table, graph) = SyntheticTables.Build(new SynthOptions(5_000, Seed: 11, Cards: CardMode.Prefix, Threads: 2));
        var options = new DriftOptions { Parallelism = 1 };
        return LicenseChain.Finish(table, LicenseChain.Compute(table, graph, FamilyShard.All, options), options);
    }
}
