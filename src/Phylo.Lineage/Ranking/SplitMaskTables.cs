using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Trainers.FastTree;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// Small trees as lookup tables. A tree of s ≤ <see cref="MaxSplits"/> splits is read by evaluating all s split conditions
/// of a pair — independent compares, no chain of dependent loads down the tree — into an s-bit mask (bit j set when
/// split j sends the pair left: <c>feature ≤ threshold</c>) and one load of <c>table[mask]</c>: the weighted value of
/// the leaf that walking the tree with those answers reaches. A pair's real answers at the splits on its path are the
/// mask's bits there, so it gets exactly the leaf a walk gets (the other bits do not matter). The ranker's trees have
/// 7 leaves, so 6 splits and 64 entries (512 bytes) per tree; larger trees are left to <see cref="CompiledEnsemble"/>'s walk.
/// <see cref="AddVector"/> compares eight pairs per instruction on a feature-major block (Vector256: one load per split
/// and eight pairs, no gather); <see cref="AddScalar"/> is the fallback and the reference it is tested against.
/// </summary>
[SkipLocalsInit]
public sealed class SplitMaskTables
{
    /// <summary>Trees with more splits than this keep the walk (a table of 2^splits entries).</summary>
    public const int MaxSplits = 8;

    /// <summary>Per tree: first split in <see cref="_feature"/>/<see cref="_threshold"/>, split count (−1: no table),
    /// first entry in <see cref="_table"/>.</summary>
    private readonly int[] _splitBase, _splits, _tableBase;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly double[] _table;

    private SplitMaskTables(int[] splitBase, int[] splits, int[] tableBase, int[] feature, float[] threshold, double[] table) =>
        (_splitBase, _splits, _tableBase, _feature, _threshold, _table) = (splitBase, splits, tableBase, feature, threshold, table);

    /// <summary>True when tree <paramref name="t"/> is read by its table.</summary>
    public bool Has(int t) => _splits[t] >= 0;

    /// <summary>Tables of the trees of <paramref name="ensemble"/> with at most <see cref="MaxSplits"/> splits; leaf values
    /// weighted as <see cref="CompiledEnsemble"/> weights them (the same products, so the same bits).</summary>
    public static SplitMaskTables From(RegressionTreeEnsemble ensemble)
    {
        int trees = ensemble.Trees.Count;
        int[] splitBase = new int[trees], splits = new int[trees], tableBase = new int[trees];
        var feature = new List<int>();
        var threshold = new List<float>();
        var table = new List<double>();
        for (int t = 0; t < trees; t++)
        {
            RegressionTree tree = ensemble.Trees[t];
            int s = tree.NumberOfNodes;
            if (s > MaxSplits)
            {
                splits[t] = -1;
                continue;
            }
            (splitBase[t], splits[t], tableBase[t]) = (feature.Count, s, table.Count);
            for (int j = 0; j < s; j++)
            {
                feature.Add(tree.NumericalSplitFeatureIndexes[j]);
                threshold.Add(tree.NumericalSplitThresholds[j]);
            }
            for (int mask = 0; mask < 1 << s; mask++)
            {
                int at = s == 0 ? -1 : 0;
                while (at >= 0) at = (mask >> at & 1) != 0 ? tree.LeftChild[at] : tree.RightChild[at];
                table.Add(ensemble.TreeWeights[t] * tree.LeafValues[~at]);
            }
        }
        return new SplitMaskTables(splitBase, splits, tableBase, [.. feature], [.. threshold], [.. table]);
    }

    /// <summary>Adds tree <paramref name="t"/>'s leaf to <c>raw[i]</c> for each pair i of <paramref name="rows"/> (row-major,
    /// <paramref name="stride"/> floats per pair).</summary>
    public void AddScalar(int t, ReadOnlySpan<float> rows, int stride, Span<double> raw)
    {
        int s = _splits[t], sb = _splitBase[t];
        ReadOnlySpan<double> table = _table.AsSpan(_tableBase[t], 1 << s);
        ReadOnlySpan<int> feature = _feature.AsSpan(sb, s);
        ReadOnlySpan<float> threshold = _threshold.AsSpan(sb, s);
        for (int i = 0; i < raw.Length; i++)
        {
            ReadOnlySpan<float> f = rows.Slice(i * stride, stride);
            int mask = 0;
            for (int j = 0; j < s; j++) mask |= (f[feature[j]] <= threshold[j] ? 1 : 0) << j;
            raw[i] += table[mask];
        }
    }

    /// <summary>
    /// <see cref="AddScalar"/> on a feature-major block: feature f of pair i at <c>columns[f · width + i]</c>,
    /// <paramref name="width"/> a multiple of 8 (lanes past <c>raw.Length</c> are computed and ignored). Needs Vector256.
    /// </summary>
    public void AddVector(int t, ReadOnlySpan<float> columns, int width, Span<double> raw)
    {
        int s = _splits[t], sb = _splitBase[t];
        ref double table = ref MemoryMarshal.GetArrayDataReference(_table);
        table = ref Unsafe.Add(ref table, _tableBase[t]);
        ref float c0 = ref MemoryMarshal.GetReference(columns);
        Span<int> masks = stackalloc int[Vector256<int>.Count];
        for (int g = 0; g < raw.Length; g += Vector256<int>.Count)
        {
            Vector256<int> mask = Vector256<int>.Zero;
            for (int j = 0; j < s; j++)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref c0, (nuint)(_feature[sb + j] * width + g));
                mask |= Vector256.LessThanOrEqual(v, Vector256.Create(_threshold[sb + j])).AsInt32() & Vector256.Create(1 << j);
            }
            mask.CopyTo(masks);
            int lanes = Math.Min(Vector256<int>.Count, raw.Length - g);
            for (int i = 0; i < lanes; i++) raw[g + i] += Unsafe.Add(ref table, masks[i]);
        }
    }
}
