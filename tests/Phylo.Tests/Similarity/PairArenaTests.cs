using Phylo.Analyses.Similarity;
using Phylo.Graph;

namespace Phylo.Tests.Similarity;

/// <summary><see cref="PairArena"/>: a population or design sampler built in an arena's (longer, reused, uninitialized)
/// arrays is the one built in fresh arrays, whatever was built in the arena before it.</summary>
public class PairArenaTests
{
    private static readonly Lazy<(Phylo.Table.ModelTable Table, FamilyGraph Graph)> Forest = new(() => SimilarityFixtures.Planted(3000, 17));

    [Fact]
    public void Populations_from_one_arena_equal_fresh_ones_in_any_order()
    {
        var (t, g) = Forest.Value;
        GenomeFeatures f = GenomeFeatures.Build(t, 1);
        var arena = new PairArena();
        // Every genome, view and pair type, twice over in opposite orders: each build meets arrays grown by others,
        // larger and smaller, holding the previous population's values.
        var builds = new List<(Genome, GraphView, PairType)>();
        foreach (Genome genome in (Genome[])[Genome.Card, Genome.Metadata, Genome.Traits])
            foreach (GraphView view in GraphViews.All)
                foreach (PairType type in PairTypes.All) builds.Add((genome, view, type));
        int compared = 0;
        foreach (var (genome, view, type) in builds.Concat(Enumerable.Reverse(builds)))
        {
            bool[] present = f.Presence(genome);
            ViewGraph vg = ViewGraph.Build(g, view);
            PairPopulation fresh = type == PairType.Random ? PairPopulation.Random(present) : PairPopulation.Build(type, vg, present);
            // Scribble over the arena's arrays first: nothing may rely on what they held.
            Scribble(arena);
            PairPopulation reused = type == PairType.Random ? PairPopulation.Random(present, arena)
                : PairPopulation.Build(type, new PairPopulation.ValidChildren(vg, present, arena), arena);
            Assert.Equal(fresh.Total, reused.Total);
            for (long i = 0; i < fresh.Total; i += Math.Max(1, fresh.Total / 4000))
            {
                bool a = fresh.TryUnrank(i, out int x1, out int y1, out int m1), b = reused.TryUnrank(i, out int x2, out int y2, out int m2);
                Assert.True((a, x1, y1, m1) == (b, x2, y2, m2), $"{genome}/{view}/{type} pair {i}: ({x1}, {y1}, {m1}) vs ({x2}, {y2}, {m2})");
                compared++;
            }
        }
        Assert.True(compared > 10_000, $"only {compared} pairs compared");
    }

    [Fact]
    public void Design_samplers_from_one_arena_draw_as_fresh_ones()
    {
        var (t, g) = Forest.Value;
        GenomeFeatures f = GenomeFeatures.Build(t, 1);
        bool[] present = f.Presence(Genome.Card);
        var weights = new DesignWeights(ViewGraph.Build(g, GraphView.Finetune));
        var valid = new DesignSampler.ValidLists(weights.View, present);
        var arena = new PairArena();
        DesignConfig[] configs = [.. DesignConfig.All.Where(c => c.Shape is not (PairShape.Edge or PairShape.Random))];
        foreach (DesignConfig c in configs.Concat(configs.Reverse()))
        {
            var fresh = DesignSampler.Build(c, weights, valid, present);
            Scribble(arena);
            // A population built in between shares the unit arrays: the sampler is built after it, as the stage does.
            PairPopulation.Build(PairType.AuntNiece, new PairPopulation.ValidChildren(weights.View, present, arena), arena);
            var reused = DesignSampler.Build(c, weights, valid, present, arena);
            Assert.Equal(fresh.Total, reused.Total);
            for (int i = 0; i < 2000; i++)
            {
                bool a = fresh.Draw(9, 77, i, out int x1, out int y1), b = reused.Draw(9, 77, i, out int x2, out int y2);
                Assert.True((a, x1, y1) == (b, x2, y2), $"{c.Key} draw {i}: ({x1}, {y1}) vs ({x2}, {y2})");
            }
        }
    }

    private static void Scribble(PairArena arena)
    {
        arena.UnitA.AsSpan().Fill(-7);
        arena.UnitB.AsSpan().Fill(-7);
        arena.Models.AsSpan().Fill(-7);
        arena.ValidStart.AsSpan().Fill(-7);
        arena.Valid.AsSpan().Fill(-7);
        arena.UnitCum.AsSpan().Fill(-7);
        arena.Grand.AsSpan().Fill(-7);
        arena.Below.AsSpan().Fill(-7);
        arena.DesignPairs.AsSpan().Fill(-7);
        arena.DesignCum.AsSpan().Fill(-7);
    }
}
