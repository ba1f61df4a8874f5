using System.Buffers;

namespace Phylo.Kernels;

/// <summary>
/// Sparse rows in CSR form: row r is columns <c>Cols[Offsets[r]..Offsets[r+1]]</c> (strictly ascending) with
/// values <c>Vals</c> at the same positions. Values are float for density; kernels accumulate in double.
/// </summary>
public sealed class SparseRows
{
    public SparseRows(int[] offsets, int[] cols, float[] vals, int columnCount)
    {
        if (offsets.Length == 0 || offsets[^1] != cols.Length || cols.Length != vals.Length)
            throw new ArgumentException("CSR arrays disagree");
        Offsets = offsets;
        Cols = cols;
        Vals = vals;
        ColumnCount = columnCount;
    }

    /// <summary>N+1 row starts.</summary>
    public int[] Offsets { get; }

    public int[] Cols { get; }

    public float[] Vals { get; }

    public int ColumnCount { get; }

    public int RowCount => Offsets.Length - 1;

    public ReadOnlySpan<int> ColsOf(int row) => Cols.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    public ReadOnlySpan<float> ValsOf(int row) => Vals.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
}

/// <summary>Rows built in independent chunks (row lengths, then the first <c>Nnz</c> columns and values in pooled
/// arrays), joined in chunk order by <see cref="Concat"/>, which returns the pooled arrays. Renting matters: a chunk
/// of 1,024 rows holds ~70k non-zeros, above the large-object threshold, so fresh arrays per chunk meant a stream of
/// large-object allocations and gen-2 collections on every featurization pass.
/// <paramref name="capacity"/> is the first guess of the non-zeros (a worker passes its previous chunk's count, so
/// chunks rarely regrow and copy). The arrays come from <paramref name="pool"/>, one per set of rows being built
/// (<see cref="ChunkPool"/>): the shared pool would keep up to 32 arrays a size a core for the rest of the process.</summary>
internal sealed class SparseChunk(int rows, int capacity, ChunkPool pool)
{
    public SparseChunk(int rows, ChunkPool pool) : this(rows, 64 * Math.Max(rows, 1), pool) { }

    public int[] Lengths { get; } = new int[rows];
    public int[] Cols { get; private set; } = pool.Ints.Rent(Math.Max(capacity, 1));
    public float[] Vals { get; private set; } = pool.Floats.Rent(Math.Max(capacity, 1));
    public int Nnz { get; private set; }

    /// <summary>Non-zeros both arrays can hold. A rented array may be longer than asked, and not by the same amount in
    /// the two pools: a pool whose bucket is exhausted hands out an array of the next larger bucket, so the columns can
    /// be twice the length of the values (a full-scale run failed on exactly that).</summary>
    public int Capacity => Math.Min(Cols.Length, Vals.Length);

    /// <summary>Room for <paramref name="nnz"/> values (the caller writes them, then calls <see cref="Commit"/>).</summary>
    public void Reserve(int nnz)
    {
        if (nnz <= Capacity) return;
        int cap = Math.Max(nnz, 2 * Capacity);
        int[] cols = pool.Ints.Rent(cap);
        float[] vals = pool.Floats.Rent(cap);
        Cols.AsSpan(0, Nnz).CopyTo(cols);
        Vals.AsSpan(0, Nnz).CopyTo(vals);
        pool.Ints.Return(Cols);
        pool.Floats.Return(Vals);
        Cols = cols;
        Vals = vals;
    }

    /// <summary>Row <paramref name="row"/> has <paramref name="length"/> values written at <see cref="Nnz"/>.</summary>
    public void Commit(int row, int length)
    {
        Lengths[row] = length;
        Nnz += length;
    }

    /// <summary>Keeps the first <paramref name="nnz"/> values (after an in-place rewrite of the rows).</summary>
    public void Truncate(int nnz) => Nnz = nnz;

    /// <summary>Gives the pooled arrays back (the chunk is not used afterwards).</summary>
    public void Return()
    {
        pool.Ints.Return(Cols);
        pool.Floats.Return(Vals);
        Cols = [];
        Vals = [];
    }

    /// <summary>Joins the chunks in order into exactly sized arrays (copied on all cores: the copy is also the first
    /// touch of the final arrays' pages) and returns the pooled arrays.</summary>
    public static SparseRows Concat(SparseChunk[] parts, int rows, int columnCount, int maxDegreeOfParallelism)
    {
        var offsets = new int[rows + 1];
        var at = new int[parts.Length + 1];
        int row = 0;
        for (int p = 0; p < parts.Length; p++)
        {
            foreach (int len in parts[p].Lengths) { offsets[row + 1] = offsets[row] + len; row++; }
            at[p + 1] = checked(at[p] + parts[p].Nnz);
        }
        int[] cols = GC.AllocateUninitializedArray<int>(at[^1]);
        float[] vals = GC.AllocateUninitializedArray<float>(at[^1]);
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, p =>
        {
            SparseChunk part = parts[p];
            part.Cols.AsSpan(0, part.Nnz).CopyTo(cols.AsSpan(at[p]));
            part.Vals.AsSpan(0, part.Nnz).CopyTo(vals.AsSpan(at[p]));
            part.Return();
        });
        return new SparseRows(offsets, cols, vals, columnCount);
    }
}

/// <summary>The arrays the chunks of one set of rows rent: private to that build, so they are garbage once its rows are
/// joined (a few arrays per worker are in use at a time; the pool keeps as many as the cores).</summary>
internal sealed class ChunkPool
{
    public ArrayPool<int> Ints { get; } = ArrayPool<int>.Create(1 << 24, Math.Max(4, 2 * Environment.ProcessorCount));
    public ArrayPool<float> Floats { get; } = ArrayPool<float>.Create(1 << 24, Math.Max(4, 2 * Environment.ProcessorCount));
}
