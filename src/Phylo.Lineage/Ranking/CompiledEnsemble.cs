using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Phylo.Kernels;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// A trained LightGBM ensemble flattened into one array of 16-byte nodes and evaluated directly: a fixed number of
/// steps down each tree per pair, no IDataView, no allocation — what lets 65M candidate pairs be scored in seconds. A
/// node goes left when <c>features[Feature] ≤ Threshold</c>. Leaves are nodes too: a leaf compares feature 0 with +∞ and
/// points to itself both ways, so every pair walks a tree exactly its depth in steps and stays on its leaf once it gets
/// there. With no step count that depends on the data the walk has no branch to mispredict (the child is picked by a
/// conditional move), and four pairs walk side by side so their dependent loads overlap. Trees of at most
/// <see cref="SplitMaskTables.MaxSplits"/> splits (all of the shipped ranker's) are not walked but read as tables
/// (<see cref="SplitMaskTables"/>: every split compared at once, one load). Features are never NaN
/// (<see cref="Features.PairFeatures"/>), so a leaf's <c>f ≤ +∞</c> always holds. The raw score is
/// <c>Bias + Σ weight_t · leaf_t</c> summed in tree order (the same bits for a pair alone or in any batch), the
/// probability ML.NET's Platt calibrator's <c>1 / (1 + e^(slope·raw + offset))</c> (LightGBM's slope is −σ, so this is
/// the usual sigmoid) — exactly what ML.NET computes (a test compares the two on every pair of a held-out set, and the
/// walk and the tables against a plain walk of ML.NET's trees on batches of every size 0..257).
/// </summary>
[SkipLocalsInit]
public sealed class CompiledEnsemble
{
    /// <summary>One split or leaf, 16 bytes (one load per step down a tree); children are node indices into the flat array.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    private readonly Node[] _nodes;
    /// <summary>Per tree: its root node and its depth (steps from the root to its deepest leaf).</summary>
    private readonly int[] _root, _depth;
    /// <summary>Per node: <c>weight_t · leaf</c> for a leaf node (computed once), 0 for a split.</summary>
    private readonly double[] _weightedLeaf;
    /// <summary>The trees small enough to be read as tables (all of the ranker's); the others are walked.</summary>
    private readonly SplitMaskTables _tables;
    private readonly double _bias, _slope, _offset;

    private CompiledEnsemble(Node[] nodes, int[] root, int[] depth, double[] weightedLeaf, SplitMaskTables tables, double bias, double slope, double offset)
    {
        (_nodes, _root, _depth, _weightedLeaf, _tables) = (nodes, root, depth, weightedLeaf, tables);
        (_bias, _slope, _offset) = (bias, slope, offset);
    }

    public int Trees => _root.Length;

    public static CompiledEnsemble From(CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> model)
    {
        RegressionTreeEnsemble ensemble = model.SubModel.TrainedTreeEnsemble;
        int trees = ensemble.Trees.Count;
        var nodes = new List<Node>();
        var leafValue = new List<double>();
        var root = new int[trees];
        var depth = new int[trees];
        for (int t = 0; t < trees; t++)
        {
            RegressionTree tree = ensemble.Trees[t];
            // Splits first, then the leaves: split i is nodeBase + i, leaf l is leafBase + l (ML.NET's child c < 0 is leaf ~c).
            int nodeBase = nodes.Count, leafBase = nodeBase + tree.NumberOfNodes;
            int Child(int c) => c < 0 ? leafBase + ~c : nodeBase + c;
            for (int i = 0; i < tree.NumberOfNodes; i++)
            {
                if (tree.CategoricalSplitFlags[i]) throw new NotSupportedException("categorical splits are not used by the lineage ranker");
                nodes.Add(new Node(tree.NumericalSplitFeatureIndexes[i], tree.NumericalSplitThresholds[i], Child(tree.LeftChild[i]), Child(tree.RightChild[i])));
                leafValue.Add(0);
            }
            for (int l = 0; l < tree.NumberOfLeaves; l++)
            {
                nodes.Add(new Node(0, float.PositiveInfinity, leafBase + l, leafBase + l));
                leafValue.Add(ensemble.TreeWeights[t] * tree.LeafValues[l]);
            }
            root[t] = tree.NumberOfNodes == 0 ? leafBase : nodeBase;
            depth[t] = tree.NumberOfNodes == 0 ? 0 : Depth(tree, 0);
        }
        return new CompiledEnsemble([.. nodes], root, depth, [.. leafValue], SplitMaskTables.From(ensemble), ensemble.Bias, model.Calibrator.Slope,
            model.Calibrator.Offset);
    }

    /// <summary>Steps from split <paramref name="node"/> down to its deepest leaf.</summary>
    private static int Depth(RegressionTree tree, int node)
    {
        int Down(int c) => c < 0 ? 0 : Depth(tree, c);
        return 1 + Math.Max(Down(tree.LeftChild[node]), Down(tree.RightChild[node]));
    }

    /// <summary>The ensemble's raw margin (what pairs are ranked by).</summary>
    public double Raw(ReadOnlySpan<float> features)
    {
        Span<double> raw = stackalloc double[1];
        RawBatch(features, features.Length, raw);
        return raw[0];
    }

    /// <summary>Pairs per block: a block's features are turned feature-major once for the table reads (10.5 KB at 42 features).</summary>
    private const int Block = 64;

    /// <summary>
    /// Raw margins of <c>raw.Length</c> pairs whose features are rows of <paramref name="stride"/> floats in
    /// <paramref name="features"/>. Blocks of <see cref="Block"/> pairs, tree by tree over the block: a tree with a table
    /// (<see cref="SplitMaskTables"/>) compares eight pairs per instruction at <see cref="Simd.Level"/> ≥ 256 bits, other trees are
    /// walked four pairs at a time. Each pair's sum is in tree order, so a pair scores the same bits alone, in any batch and
    /// either way.
    /// </summary>
    public void RawBatch(ReadOnlySpan<float> features, int stride, Span<double> raw) => RawBatch(features, stride, raw, Simd.Level);

    /// <summary><see cref="RawBatch(ReadOnlySpan{float}, int, Span{double})"/> at <paramref name="level"/>: the tables are read
    /// eight pairs at a time from <see cref="SimdLevel.V256"/> up, one at a time below (the scalar reference the test
    /// compares it with).</summary>
    public void RawBatch(ReadOnlySpan<float> features, int stride, Span<double> raw, SimdLevel level)
    {
        int n = raw.Length;
        if (features.Length < n * stride) throw new ArgumentException("fewer feature rows than scores", nameof(features));
        raw.Fill(_bias);
        bool vectorized = level >= SimdLevel.V256 && stride <= 64;
        Span<float> columns = vectorized ? stackalloc float[64 * Block] : default;
        for (int p0 = 0; p0 < n; p0 += Block)
        {
            int m = Math.Min(Block, n - p0), width = (m + 7) & ~7;
            ReadOnlySpan<float> rows = features.Slice(p0 * stride, m * stride);
            Span<double> r = raw.Slice(p0, m);
            if (vectorized) Transpose(rows, stride, m, columns, width);
            for (int t = 0; t < _root.Length; t++)
            {
                if (!_tables.Has(t)) Walk(t, rows, stride, r);
                else if (vectorized) _tables.AddVector(t, columns, width, r);
                else _tables.AddScalar(t, rows, stride, r);
            }
        }
    }

    /// <summary>Row-major pairs → feature-major <c>columns[f · width + i]</c>, lanes m..width zero.</summary>
    private static void Transpose(ReadOnlySpan<float> rows, int stride, int m, Span<float> columns, int width)
    {
        for (int f = 0; f < stride; f++)
        {
            Span<float> column = columns.Slice(f * width, width);
            for (int i = 0; i < m; i++) column[i] = rows[i * stride + f];
            column[m..].Clear();
        }
    }

    /// <summary>Adds tree <paramref name="t"/>'s leaf to each pair's sum by walking it (exactly its depth in steps, four
    /// pairs side by side).</summary>
    private void Walk(int t, ReadOnlySpan<float> features, int stride, Span<double> raw)
    {
        int n = raw.Length;
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_weightedLeaf);
        ref float f0 = ref MemoryMarshal.GetReference(features);
        ref double r0 = ref MemoryMarshal.GetReference(raw);
        int root = _root[t], depth = _depth[t], p = 0;
        for (; p + 4 <= n; p += 4)
        {
            ref float fa = ref Unsafe.Add(ref f0, p * stride);
            ref float fb = ref Unsafe.Add(ref fa, stride);
            ref float fc = ref Unsafe.Add(ref fb, stride);
            ref float fd = ref Unsafe.Add(ref fc, stride);
            int a = root, b = root, c = root, d = root;
            for (int step = 0; step < depth; step++)
            {
                a = Step(ref nodes, ref fa, a);
                b = Step(ref nodes, ref fb, b);
                c = Step(ref nodes, ref fc, c);
                d = Step(ref nodes, ref fd, d);
            }
            Unsafe.Add(ref r0, p) += Unsafe.Add(ref leaves, a);
            Unsafe.Add(ref r0, p + 1) += Unsafe.Add(ref leaves, b);
            Unsafe.Add(ref r0, p + 2) += Unsafe.Add(ref leaves, c);
            Unsafe.Add(ref r0, p + 3) += Unsafe.Add(ref leaves, d);
        }
        for (; p < n; p++)
        {
            ref float f = ref Unsafe.Add(ref f0, p * stride);
            int at = root;
            for (int step = 0; step < depth; step++) at = Step(ref nodes, ref f, at);
            Unsafe.Add(ref r0, p) += Unsafe.Add(ref leaves, at);
        }
    }

    /// <summary>One step down: the node's left child when the pair's feature is ≤ its threshold, else its right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node nodes, ref float features, int at)
    {
        ref Node node = ref Unsafe.Add(ref nodes, at);
        return Unsafe.Add(ref features, node.Feature) <= node.Threshold ? node.Left : node.Right;
    }

    /// <summary>Calibrated probability that the pair is a declared edge.</summary>
    public double Probability(double raw) => 1.0 / (1.0 + Math.Exp(_slope * raw + _offset));
}
