using System.Runtime.CompilerServices;
using Phylo.Kernels;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// One thread's copy of one text genome's rows for the models of a family block, both measures' values made once
/// (<see cref="VectorGenome.Values"/>: the very floats a walk would make) with the columns and both inverse norms, laid
/// out in the block's order. The block's walks (<see cref="CosinePairSums"/>, <see cref="DesignCosineSums"/>) fetch every
/// model's row several times — once per view's family walk, per three-generation walk, per design slot, in the random
/// walk — and the block's models come from hashed buckets spread over the whole row space, so each global fetch is a
/// handful of cache misses (row index, offsets, columns, counts, norms) and remakes the values. A walk looks a model up
/// here first (<see cref="Find"/>) and reads the global row only for a relative outside the block (the pieces of a split
/// family). Same values, same sums in the same order: the bits cannot change.
/// <para>Memory: one int per model (a sparse set's slot, never cleared: a slot is trusted only when the entry it names
/// holds the model back), and buffers grown to the largest block's rows, reused.</para>
/// </summary>
[SkipLocalsInit]
public sealed class BlockRows(int models)
{
    private readonly int[] _slot = GC.AllocateUninitializedArray<int>(models);
    private int[] _model = [], _row = [], _start = [0];
    private double[] _tfidfInverse = [], _bowInverse = [];
    private ushort[] _cols = [];
    private float[] _tfidf = [], _bow = [];
    private int _count;

    /// <summary>The genome whose rows are loaded (null: none; every lookup misses).</summary>
    public VectorGenome? Genome { get; private set; }

    /// <summary>Models of the loaded block.</summary>
    public int Count => _count;

    /// <summary>Non-zeros held (both measures' values of each).</summary>
    public int NonZeros => _start[_count];

    /// <summary>The row this many models ahead of the one copied has its offsets and norms prefetched; the row half as
    /// far ahead, its columns and counts; twice as far, the model's row index.</summary>
    private const int Ahead = 8;

    /// <summary>Copies the rows of <paramref name="models"/> (a block: each model once) of <paramref name="rows"/>.</summary>
    public void Load(VectorGenome rows, ReadOnlySpan<int> models)
    {
        Genome = null; // a failure below leaves nothing half-loaded in use
        _count = 0;
        Reserve(models.Length, rows);
        _start[models.Length] = Copy(rows, models, 0, 0);
        _count = models.Length;
        Genome = rows;
    }

    // Entries [first, first + models.Length) from the rows of models, values from nnz on; returns the new nnz.
    private int Copy(VectorGenome rows, ReadOnlySpan<int> models, int first, int nnz)
    {
        int n = models.Length;
        int[] rowOf = rows.RowOf;
        for (int j = 0; j < n; j++)
        {
            if (j + 2 * Ahead < n) Prefetch(rowOf, models[j + 2 * Ahead]);
            if (j + Ahead < n) PrefetchNorms(rows, rowOf[models[j + Ahead]]);
            if (j + Ahead / 2 < n) PrefetchValues(rows, rowOf[models[j + Ahead / 2]]);
            int i = first + j, model = models[j], r = rowOf[model];
            _slot[model] = i;
            _model[i] = model;
            _row[i] = r;
            _start[i] = nnz;
            if (r < 0) continue;
            int length = rows.ColsOf(r).Length;
            if (nnz + length > _cols.Length) GrowValues(nnz + length);
            rows.ColsOf(r).CopyTo(_cols.AsSpan(nnz));
            rows.Values(SimilarityMeasure.TfIdf, r, _tfidf.AsSpan(nnz, length));
            rows.Values(SimilarityMeasure.Bow, r, _bow.AsSpan(nnz, length));
            _tfidfInverse[i] = rows.TfIdfInverseNorm[r];
            _bowInverse[i] = rows.BowInverseNorm[r];
            nnz += length;
        }
        return nnz;
    }

    /// <summary>The model's entry in the block, or −1 when the model is not in it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(int model)
    {
        int i = _slot[model];
        return (uint)i < (uint)_count && _model[i] == model ? i : -1;
    }

    /// <summary>Whether entry <paramref name="entry"/>'s model has the genome.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(int entry) => _row[entry] >= 0;

    /// <summary>Entry <paramref name="entry"/>'s columns (empty without the genome).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<ushort> ColsOf(int entry) => _cols.AsSpan(_start[entry], _start[entry + 1] - _start[entry]);

    /// <summary>Entry <paramref name="entry"/>'s values of measure <paramref name="m"/>, as <see cref="VectorGenome.Values"/> made them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<float> ValuesOf(SimilarityMeasure m, int entry) =>
        (m == SimilarityMeasure.TfIdf ? _tfidf : _bow).AsSpan(_start[entry], _start[entry + 1] - _start[entry]);

    /// <summary>Entry <paramref name="entry"/>'s inverse norm of measure <paramref name="m"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double InverseNormOf(SimilarityMeasure m, int entry) =>
        m == SimilarityMeasure.TfIdf ? _tfidfInverse[entry] : _bowInverse[entry];

    // Room for n entries and, at first, their non-zeros at the genome's mean row length.
    private void Reserve(int n, VectorGenome rows)
    {
        if (_cols.Length == 0) GrowValues((int)Math.Min(Array.MaxLength, (long)n * (rows.Counts.NonZeros / Math.Max(1, rows.RowCount) + 1)));
        if (_model.Length >= n) return;
        int size = Math.Max(n, _model.Length + _model.Length / 2);
        _model = new int[size];
        _row = new int[size];
        _start = new int[size + 1];
        _tfidfInverse = new double[size];
        _bowInverse = new double[size];
    }

    // Keeps the values already copied (the block being loaded).
    private void GrowValues(int needed)
    {
        int size = Math.Max(needed, _cols.Length + _cols.Length / 2);
        Array.Resize(ref _cols, size);
        Array.Resize(ref _tfidf, size);
        Array.Resize(ref _bow, size);
    }

    private static unsafe void Prefetch(int[] rowOf, int model)
    {
        if (!Simd.CanPrefetch) return;
        fixed (int* p = rowOf) Simd.Prefetch0(p + model);
    }

    /// <summary>Prefetches row <paramref name="r"/>'s offsets and four norms (nothing for −1).</summary>
    internal static unsafe void PrefetchNorms(VectorGenome rows, int r)
    {
        if (r < 0 || !Simd.CanPrefetch) return;
        fixed (int* o = rows.Counts.Offsets)
        fixed (double* a = rows.TfIdfNorm, b = rows.BowNorm, c = rows.TfIdfInverseNorm, d = rows.BowInverseNorm)
        {
            Simd.Prefetch0(o + r);
            Simd.Prefetch0(a + r);
            Simd.Prefetch0(b + r);
            Simd.Prefetch0(c + r);
            Simd.Prefetch0(d + r);
        }
    }

    /// <summary>Prefetches row <paramref name="r"/>'s columns and counts (nothing for −1).</summary>
    internal static unsafe void PrefetchValues(VectorGenome rows, int r)
    {
        if (r < 0 || !Simd.CanPrefetch) return;
        ReadOnlySpan<ushort> cols = rows.ColsOf(r), counts = rows.Counts.CountsOf(r);
        if (cols.IsEmpty) return;
        fixed (ushort* c = cols, n = counts)
            for (int k = 0; k < cols.Length; k += 32) // a 64-byte line of each
            {
                Simd.Prefetch0(c + k);
                Simd.Prefetch0(n + k);
            }
    }
}
