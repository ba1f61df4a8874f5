using Phylo.Table;

namespace Phylo.Tests.Table;

/// <summary>A pool parked in a file comes back item for item, and the file does not outlive it.</summary>
public sealed class SpilledPoolTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 64)]
    [InlineData(500, 64)]       // many chunks, items up to the chunk size
    [InlineData(300, 1 << 20)]  // one chunk
    public void A_parked_pool_reads_back_the_same_items(int items, int chunkSize)
    {
        var rng = new Random(items + chunkSize);
        var builder = new Utf8Pool.Builder(chunkSize);
        var expected = new List<byte[]>();
        for (int i = 0; i < items; i++)
        {
            var item = new byte[rng.Next(0, 65)];
            rng.NextBytes(item);
            expected.Add(item);
            builder.Add(item);
        }
        Utf8Pool pool = builder.Build();
        string path = Path.Combine(Path.GetTempPath(), $"phylo-park-{Guid.NewGuid():N}");
        Utf8Pool back;
        using (SpilledPool parked = SpilledPool.Write(pool, path))
        {
            back = parked.Read();
            Assert.NotSame(pool.Parts.Chunks, back.Parts.Chunks);
        }
        Assert.False(File.Exists(path));
        Assert.Equal(items, back.Count);
        for (int i = 0; i < items; i++) Assert.Equal(expected[i], back[i].ToArray());
    }
}
