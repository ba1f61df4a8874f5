using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// A trained LightGBM ensemble flattened into one array of 16-byte nodes and evaluated directly: one pass down each
/// tree per pair, no IDataView, no allocation — what lets 60M candidate pairs be scored in seconds. A node goes left when
/// <c>features[Feature] ≤ Threshold</c>; a negative child <c>c</c> is the weighted leaf <c>~c</c>. The raw score is
/// <c>Bias + Σ weight_t · leaf_t</c>, the probability ML.NET's Platt calibrator's <c>1 / (1 + e^(slope·raw + offset))</c> (LightGBM's slope is −σ, so this is the usual sigmoid) — exactly what ML.NET
/// computes (a test compares the two on every pair of a held-out set).
/// </summary>
[SkipLocalsInit]
public sealed class CompiledEnsemble
{
    /// <summary>One split, 16 bytes (one load per step down a tree). <c>Left</c>/<c>Right</c> ≥ 0 is a node index into
    /// the flat array; &lt; 0 is <c>~l</c> for the weighted leaf value <c>l</c> of the flat leaf array.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    private readonly Node[] _nodes;
    /// <summary>Per tree: its root node, or <c>~leaf</c> for a single-leaf tree.</summary>
    private readonly int[] _root;
    /// <summary><c>weight_t · leaf</c>, the product computed once (the sum over trees is in tree order, as before: same bits).</summary>
    private readonly double[] _weightedLeaf;
    private readonly double _bias, _slope, _offset;

    private CompiledEnsemble(Node[] nodes, int[] root, double[] weightedLeaf, double bias, double slope, double offset)
    {
        (_nodes, _root, _weightedLeaf) = (nodes, root, weightedLeaf);
        (_bias, _slope, _offset) = (bias, slope, offset);
    }

    public int Trees => _root.Length;

    public static CompiledEnsemble From(CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> model)
    {
        RegressionTreeEnsemble ensemble = model.SubModel.TrainedTreeEnsemble;
        int trees = ensemble.Trees.Count;
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var root = new int[trees];
        for (int t = 0; t < trees; t++)
        {
            RegressionTree tree = ensemble.Trees[t];
            int nodeBase = nodes.Count, leafBase = leaves.Count;
            int Child(int c) => c < 0 ? ~(leafBase + ~c) : nodeBase + c;
            for (int i = 0; i < tree.NumberOfNodes; i++)
            {
                if (tree.CategoricalSplitFlags[i]) throw new NotSupportedException("categorical splits are not used by the lineage ranker");
                nodes.Add(new Node(tree.NumericalSplitFeatureIndexes[i], tree.NumericalSplitThresholds[i], Child(tree.LeftChild[i]), Child(tree.RightChild[i])));
            }
            for (int l = 0; l < tree.NumberOfLeaves; l++) leaves.Add(ensemble.TreeWeights[t] * tree.LeafValues[l]);
            root[t] = tree.NumberOfNodes == 0 ? ~leafBase : nodeBase;
        }
        return new CompiledEnsemble([.. nodes], root, [.. leaves], ensemble.Bias, model.Calibrator.Slope, model.Calibrator.Offset);
    }

    /// <summary>The ensemble's raw margin (what pairs are ranked by).</summary>
    public double Raw(ReadOnlySpan<float> features)
    {
        Span<double> raw = stackalloc double[1];
        RawBatch(features, features.Length, raw);
        return raw[0];
    }

    /// <summary>
    /// Raw margins of <c>raw.Length</c> pairs whose features are rows of <paramref name="stride"/> floats in
    /// <paramref name="features"/>. Tree by tree over the whole batch: a tree's nodes stay in L1 while every pair walks it,
    /// and the independent walks overlap in the pipeline. Each pair's sum is in tree order, so a pair scores the same
    /// bits alone or in any batch.
    /// </summary>
    public void RawBatch(ReadOnlySpan<float> features, int stride, Span<double> raw)
    {
        int n = raw.Length;
        if (features.Length < n * stride) throw new ArgumentException("fewer feature rows than scores", nameof(features));
        raw.Fill(_bias);
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref double leaves = ref MemoryMarshal.GetArrayDataReference(_weightedLeaf);
        ref float f0 = ref MemoryMarshal.GetReference(features);
        foreach (int root in _root)
        {
            if (root < 0)
            {
                for (int p = 0; p < n; p++) raw[p] += Unsafe.Add(ref leaves, ~root);
                continue;
            }
            for (int p = 0; p < n; p++)
            {
                ref float f = ref Unsafe.Add(ref f0, p * stride);
                int at = root;
                do
                {
                    ref Node node = ref Unsafe.Add(ref nodes, at);
                    at = Unsafe.Add(ref f, node.Feature) <= node.Threshold ? node.Left : node.Right;
                }
                while (at >= 0);
                raw[p] += Unsafe.Add(ref leaves, ~at);
            }
        }
    }

    /// <summary>Calibrated probability that the pair is a declared edge.</summary>
    public double Probability(double raw) => 1.0 / (1.0 + Math.Exp(_slope * raw + _offset));
}
