using Phylo.Kernels;

namespace Phylo.Text;

/// <summary>
/// Raw term counts of every document over a fitted vocabulary, 4 bytes a non-zero: row r is the columns
/// <c>Cols[Offsets[r]..Offsets[r+1]]</c> (strictly ascending) with their counts at the same positions, both 16-bit.
/// The similarity stage keeps these instead of TF-IDF and BoW floats with 32-bit columns (12 bytes a non-zero) and
/// derives the weights on read (<see cref="CountWeights"/>), bit-identical to <see cref="TermVectorizer.Row"/>.
/// <para><b>Limits.</b> A vocabulary has at most 65,536 terms (the engine's has 512); a larger one is refused. A count
/// above 65,534 (a genome is at most a few thousand bytes, so it never happens in a run) is stored as
/// <see cref="Saturated"/> and its exact value kept in a side table keyed by position (<see cref="CountAt"/>).</para>
/// </summary>
public sealed class TermCountRows
{
    /// <summary>The stored count that means "look the exact count up in the side table".</summary>
    public const ushort Saturated = ushort.MaxValue;

    /// <summary>The largest vocabulary these rows can hold (16-bit columns).</summary>
    public const int MaxColumns = ushort.MaxValue + 1;

    private readonly Dictionary<int, int>? _large;

    private TermCountRows(int[] offsets, ushort[] cols, ushort[] counts, Dictionary<int, int>? large, int columnCount)
    {
        Offsets = offsets;
        Cols = cols;
        Counts = counts;
        _large = large;
        ColumnCount = columnCount;
    }

    /// <summary>N+1 row starts.</summary>
    public int[] Offsets { get; }

    public ushort[] Cols { get; }

    /// <summary>Counts, <see cref="Saturated"/> where the exact count is above 65,534.</summary>
    public ushort[] Counts { get; }

    public int ColumnCount { get; }

    public int RowCount => Offsets.Length - 1;

    public long NonZeros => Cols.LongLength;

    /// <summary>Whether any count was too large for 16 bits (rows holding one read it through <see cref="CountAt"/>).</summary>
    public bool HasSaturated => _large is not null;

    public ReadOnlySpan<ushort> ColsOf(int row) => Cols.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    public ReadOnlySpan<ushort> CountsOf(int row) => Counts.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    /// <summary>The exact count at position <paramref name="at"/> of <see cref="Counts"/>.</summary>
    public int CountAt(int at) => Counts[at] == Saturated && _large is not null && _large.TryGetValue(at, out int c) ? c : Counts[at];

    /// <summary>Row <paramref name="row"/>'s exact counts as doubles into <paramref name="into"/> (the rare path of a
    /// row with a saturated count).</summary>
    public void ExactCounts(int row, Span<double> into)
    {
        int start = Offsets[row], n = Offsets[row + 1] - start;
        for (int k = 0; k < n; k++) into[k] = CountAt(start + k);
    }

    /// <summary>Whether row <paramref name="row"/> holds a saturated count.</summary>
    public bool RowSaturates(int row) => _large is not null && CountsOf(row).Contains(Saturated);

    /// <summary>Rows whose values are raw counts (as <see cref="CountRows"/> and <see cref="TermVectorizer"/> with
    /// <see cref="TermWeighting.Counts"/> produce them), copied into the 16-bit layout.</summary>
    public static TermCountRows From(SparseRows counts) =>
        Join([new Part(counts.RowCount, counts.Offsets.AsSpan(1).ToArray(), counts.Cols, counts.Vals, counts.Vals.Length, Cumulative: true)],
            counts.RowCount, counts.ColumnCount, 1);

    /// <summary>One chunk of rows as <see cref="SparseChunk"/> holds them (lengths, or with <paramref name="Cumulative"/>
    /// row ends).</summary>
    internal readonly record struct Part(int Rows, int[] Lengths, int[] Cols, float[] Counts, int Nnz, bool Cumulative = false);

    /// <summary>Joins chunks in order (copied on all cores: the copy is also the first touch of the arrays' pages) and
    /// returns the chunks' pooled arrays.</summary>
    internal static TermCountRows Concat(SparseChunk[] parts, int rows, int columnCount, int maxDegreeOfParallelism)
    {
        var list = Array.ConvertAll(parts, p => new Part(p.Lengths.Length, p.Lengths, p.Cols, p.Vals, p.Nnz));
        TermCountRows joined = Join(list, rows, columnCount, maxDegreeOfParallelism);
        foreach (SparseChunk p in parts) p.Return();
        return joined;
    }

    /// <summary>Pass 2's candidate chunks (<see cref="CandidateChunk"/>, one per <see cref="Chunks.Size"/> documents, in
    /// order) as rows over the vocabulary: <paramref name="column"/> maps a candidate to its column (−1: not chosen). Each
    /// row's kept columns are counted first, so every chunk is then sorted straight into its place in the final arrays
    /// (no rewritten copy of the chunks); the same rows for any worker count.</summary>
    internal static TermCountRows FromCandidates(CandidateChunk[] parts, int[] column, int rows, int columnCount, int maxDegreeOfParallelism)
    {
        CheckColumns(columnCount);
        var offsets = new int[rows + 1];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        int counted = 0;
        Parallel.For(0, parts.Length, options, p =>
        {
            CandidateChunk part = parts[p];
            int row = p * Chunks.Size + 1, at = 0;
            ReadOnlySpan<ushort> low = part.Low;
            foreach (int len in part.Lengths)
            {
                int kept = 0;
                if (!part.IsWide)
                    for (int k = at; k < at + len; k++) kept += column[low[k]] >= 0 ? 1 : 0;
                else
                    for (int k = at; k < at + len; k++) kept += column[part.CandidateAt(k)] >= 0 ? 1 : 0;
                offsets[row++] = kept;
                at += len;
            }
            Interlocked.Add(ref counted, part.Lengths.Length);
        });
        if (counted != rows) throw new ArgumentException($"{counted} rows in the parts, {rows} expected", nameof(rows));
        for (int r = 0; r < rows; r++) offsets[r + 1] = checked(offsets[r + 1] + offsets[r]);
        ushort[] cols = GC.AllocateUninitializedArray<ushort>(offsets[rows]);
        ushort[] counts = GC.AllocateUninitializedArray<ushort>(offsets[rows]);
        var large = new List<KeyValuePair<int, int>>?[parts.Length];
        Parallel.For(0, parts.Length, options, () => new ColumnSorter(columnCount), (p, _, sorter) =>
        {
            CandidateChunk part = parts[p];
            int row = p * Chunks.Size, at = 0;
            ReadOnlySpan<ushort> low = part.Low, n16 = part.Counts;
            foreach (int len in part.Lengths)
            {
                if (part.IsNarrow)
                    for (int k = at; k < at + len; k++)
                    {
                        int c = column[low[k]];
                        if (c >= 0) sorter.Add(c, n16[k]);
                    }
                else
                    for (int k = at; k < at + len; k++)
                    {
                        int c = column[part.CandidateAt(k)];
                        if (c >= 0) sorter.Add(c, part.CountAt(k));
                    }
                at += len;
                int o = offsets[row++];
                sorter.Drain(cols.AsSpan(o), counts.AsSpan(o), o, ref large[p]);
            }
            return sorter;
        }, _ => { });
        return new TermCountRows(offsets, cols, counts, SideTable(large), columnCount);
    }

    /// <summary>The exact counts above 65,534 by position in <see cref="Counts"/>, ascending (empty when none): with
    /// <see cref="Offsets"/>, <see cref="Cols"/> and <see cref="Counts"/> everything <see cref="Restore"/> needs.</summary>
    public (int[] Positions, int[] Counts) SaturatedCounts()
    {
        if (_large is null) return ([], []);
        int[] at = [.. _large.Keys];
        Array.Sort(at);
        return (at, Array.ConvertAll(at, k => _large[k]));
    }

    /// <summary>Rows as <see cref="Offsets"/>, <see cref="Cols"/>, <see cref="Counts"/> and <see cref="SaturatedCounts"/>
    /// gave them (a snapshot's stored fit): checked for shape, not recomputed.</summary>
    public static TermCountRows Restore(int[] offsets, ushort[] cols, ushort[] counts, int[] saturatedAt, int[] saturatedCounts, int columnCount)
    {
        CheckColumns(columnCount);
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != cols.Length || cols.Length != counts.Length)
            throw new ArgumentException($"rows do not fit together: {offsets.Length} offsets ending at {(offsets.Length == 0 ? 0 : offsets[^1])}, {cols.Length} columns, {counts.Length} counts");
        for (int r = 1; r < offsets.Length; r++)
            if (offsets[r] < offsets[r - 1]) throw new ArgumentException($"row offsets decrease at row {r - 1}");
        if (columnCount <= ushort.MaxValue && cols.AsSpan().IndexOfAnyInRange((ushort)columnCount, ushort.MaxValue) is int bad and >= 0)
            throw new ArgumentException($"column {cols[bad]} outside the {columnCount}-term vocabulary");
        if (saturatedAt.Length != saturatedCounts.Length) throw new ArgumentException($"{saturatedAt.Length} saturated positions, {saturatedCounts.Length} counts");
        Dictionary<int, int>? large = null;
        for (int k = 0; k < saturatedAt.Length; k++)
        {
            if ((uint)saturatedAt[k] >= (uint)counts.Length || counts[saturatedAt[k]] != Saturated)
                throw new ArgumentException($"saturated position {saturatedAt[k]} does not hold a saturated count");
            (large ??= [])[saturatedAt[k]] = saturatedCounts[k];
        }
        return new TermCountRows(offsets, cols, counts, large, columnCount);
    }

    /// <summary>The rows with 32-bit columns and the exact counts as float values (what <see cref="TermVectorizer"/> with
    /// <see cref="TermWeighting.Counts"/> and no normalization returns).</summary>
    public SparseRows ToSparseRows()
    {
        var cols = new int[Cols.Length];
        var vals = new float[Cols.Length];
        for (int k = 0; k < cols.Length; k++) { cols[k] = Cols[k]; vals[k] = CountAt(k); }
        return new SparseRows((int[])Offsets.Clone(), cols, vals, ColumnCount);
    }

    private static void CheckColumns(int columnCount)
    {
        if (columnCount > MaxColumns)
            throw new ArgumentException($"a vocabulary of {columnCount:N0} terms does not fit 16-bit columns (at most {MaxColumns:N0})", nameof(columnCount));
    }

    private static Dictionary<int, int>? SideTable(List<KeyValuePair<int, int>>?[] large)
    {
        Dictionary<int, int>? side = null;
        foreach (var l in large)
            if (l is not null)
                foreach (var kv in l) (side ??= [])[kv.Key] = kv.Value;
        return side;
    }

    private static TermCountRows Join(Part[] parts, int rows, int columnCount, int maxDegreeOfParallelism)
    {
        CheckColumns(columnCount);
        var offsets = new int[rows + 1];
        var at = new int[parts.Length + 1];
        int row = 0;
        for (int p = 0; p < parts.Length; p++)
        {
            int prev = 0;
            for (int r = 0; r < parts[p].Rows; r++)
            {
                int len = parts[p].Cumulative ? parts[p].Lengths[r] - prev : parts[p].Lengths[r];
                prev += len;
                offsets[row + 1] = offsets[row] + len;
                row++;
            }
            at[p + 1] = checked(at[p] + parts[p].Nnz);
        }
        if (row != rows) throw new ArgumentException($"{row} rows in the parts, {rows} expected", nameof(rows));
        ushort[] cols = GC.AllocateUninitializedArray<ushort>(at[^1]);
        ushort[] counts = GC.AllocateUninitializedArray<ushort>(at[^1]);
        var large = new List<KeyValuePair<int, int>>?[parts.Length];
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, p =>
        {
            Part part = parts[p];
            int o = at[p];
            for (int k = 0; k < part.Nnz; k++)
            {
                cols[o + k] = (ushort)part.Cols[k];
                float c = part.Counts[k];
                if (c >= Saturated) (large[p] ??= []).Add(new(o + k, checked((int)c)));
                counts[o + k] = c >= Saturated ? Saturated : (ushort)c;
            }
        });
        return new TermCountRows(offsets, cols, counts, SideTable(large), columnCount);
    }
}
