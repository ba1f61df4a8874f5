using Phylo.Store;

namespace Phylo.Tests.Store;

/// <summary><see cref="Snapshot.LoadGenomes"/>: only the kept models' card genomes, each whole, even when slices cut them.</summary>
public class SnapshotCardSubsetTests
{
    [Theory]
    [InlineData(64, 3)]          // cards cut across many slices, mid-character
    [InlineData(1 << 24, 5)]     // one slice
    public void Kept_cards_are_whole_and_the_others_read_as_empty(long sliceBytes, int seed)
    {
        var table = SnapshotRoundTripTests.EveryFieldTable(extra: 300);
        string path = Path.Combine(Path.GetTempPath(), $"phylo-test-{Guid.NewGuid():N}.phylo");
        try
        {
            Snapshot.Write(table, path, null, threads: 2, chunkDone: null, sliceBytes);
            var rng = new Random(seed);
            bool[] keep = [.. Enumerable.Range(0, table.Count).Select(_ => rng.Next(3) == 0)];
            var cards = Snapshot.LoadGenomes(path, keep, threads: 2)!;
            Assert.Equal(table.Count, cards.Count);
            long kept = 0;
            for (int m = 0; m < table.Count; m++)
            {
                Assert.True(cards[m].SequenceEqual(keep[m] ? table.CardFeatures!.Genomes[m] : []), $"card {m}");
                if (keep[m]) kept += table.CardFeatures!.Genomes[m].Length;
            }
            Assert.Equal(kept, cards.TotalBytes);
            Assert.InRange(kept, 1, table.CardFeatures!.Genomes.TotalBytes - 1);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_snapshot_without_cards_has_none_to_load()
    {
        var table = SnapshotRoundTripTests.EveryFieldTable(keepCards: false);
        string path = Path.Combine(Path.GetTempPath(), $"phylo-test-{Guid.NewGuid():N}.phylo");
        try
        {
            Snapshot.Write(table, path);
            Assert.Null(Snapshot.LoadGenomes(path, new bool[table.Count]));
        }
        finally { File.Delete(path); }
    }
}
