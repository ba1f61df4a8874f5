using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>A row chunk's two arrays come from two pools, and a pool whose bucket is exhausted hands out an array of the
/// next larger bucket: the chunk must size its room by the shorter array (a full-scale analyze failed when only the
/// column array was checked).</summary>
public sealed class SparseChunkTests
{
    [Fact]
    public void Reserve_makes_room_in_both_arrays_when_the_pools_hand_out_different_lengths()
    {
        var pool = new ChunkPool();
        const int size = 1 << 10;
        // Exhaust the int pool's 1,024 bucket (it holds 2 × cores arrays, at least 4) so the chunk's columns come from
        // the 2,048 bucket while its values come from the 1,024 one.
        var held = new List<int[]>();
        for (int i = 0; i < Math.Max(4, 2 * Environment.ProcessorCount); i++) held.Add(pool.Ints.Rent(size));
        var chunk = new SparseChunk(1, size, pool);
        Assert.True(chunk.Cols.Length > chunk.Vals.Length, $"setup: cols {chunk.Cols.Length}, vals {chunk.Vals.Length}");

        chunk.Reserve(size + 1);
        Assert.True(chunk.Cols.Length >= size + 1 && chunk.Vals.Length >= size + 1, $"cols {chunk.Cols.Length}, vals {chunk.Vals.Length}");
        chunk.Vals.AsSpan(size, 1)[0] = 1f;   // what CountRows writes after Reserve
        Assert.Equal(Math.Min(chunk.Cols.Length, chunk.Vals.Length), chunk.Capacity);
        foreach (int[] a in held) pool.Ints.Return(a);
    }
}
