namespace Phylo.Text;

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

/// <summary>Rows built in independent chunks (row lengths, columns, values per chunk), joined in chunk order.</summary>
internal readonly record struct SparseChunk(int[] Lengths, int[] Cols, float[] Vals)
{
    public static SparseRows Concat(SparseChunk[] parts, int rows, int columnCount)
    {
        var offsets = new int[rows + 1];
        long total = 0;
        foreach (SparseChunk p in parts) total += p.Cols.Length;
        var cols = new int[checked((int)total)];
        var vals = new float[cols.Length];
        int row = 0, at = 0;
        foreach (SparseChunk p in parts)
        {
            foreach (int len in p.Lengths) { offsets[row + 1] = offsets[row] + len; row++; }
            p.Cols.CopyTo(cols, at);
            p.Vals.CopyTo(vals, at);
            at += p.Cols.Length;
        }
        return new SparseRows(offsets, cols, vals, columnCount);
    }
}
