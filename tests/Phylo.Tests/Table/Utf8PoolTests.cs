using System.Text;
using CsCheck;
using Phylo.Table;

namespace Phylo.Tests.Table;

public class Utf8PoolTests
{
    private static Utf8Pool Pool(int chunkSize, IEnumerable<string> items)
    {
        var b = new Utf8Pool.Builder(chunkSize);
        foreach (string s in items) b.Add(Encoding.UTF8.GetBytes(s));
        return b.Build();
    }

    [Fact]
    public void Items_survive_chunk_boundaries_and_oversized_items()
    {
        string[] items = ["abc", "", "defgh", "12345678", "", "an item longer than one chunk", "x", "héllo👋", ""];
        var pool = Pool(8, items);
        Assert.Equal(items.Length, pool.Count);
        for (int i = 0; i < items.Length; i++)
        {
            Assert.Equal(items[i], pool.GetString(i));
            Assert.Equal(Encoding.UTF8.GetByteCount(items[i]), pool.LengthOf(i));
            Assert.True(pool[i].SequenceEqual(Encoding.UTF8.GetBytes(items[i])));
        }
        Assert.Equal(items.Sum(s => (long)Encoding.UTF8.GetByteCount(s)), pool.TotalBytes);
    }

    [Fact]
    public void Empty_items_before_any_chunk_are_readable()
    {
        var b = new Utf8Pool.Builder(4);
        b.Add([]);
        b.AddEmpty();
        b.Add("ab"u8);
        var pool = b.Build();
        Assert.Equal(3, pool.Count);
        Assert.True(pool[0].IsEmpty);
        Assert.True(pool[1].IsEmpty);
        Assert.Equal("ab", pool.GetString(2));
    }

    [Fact]
    public void Empty_pool_has_no_bytes()
    {
        var pool = Pool(16, ["", ""]);
        Assert.Equal(2, pool.Count);
        Assert.Equal(0, pool.TotalBytes);
        Assert.Equal("", pool.GetString(1));
    }

    [Fact]
    public void Random_items_round_trip_for_any_chunk_size()
    {
        var gen = Gen.Select(Gen.Int[1, 32], Gen.String[0, 40].Array[0, 30]);
        gen.Sample((chunk, items) =>
        {
            var pool = Pool(chunk, items);
            Assert.Equal(items.Length, pool.Count);
            for (int i = 0; i < items.Length; i++) Assert.Equal(items[i], pool.GetString(i));
        }, iter: 500);
    }
}
