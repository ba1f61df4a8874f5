using System.Runtime.CompilerServices;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// A trained LightGBM ensemble flattened into arrays and evaluated directly: one pass down each tree per pair,
/// no IDataView, no allocation — what lets 60M candidate pairs be scored in seconds. Node i of tree t goes left when
/// <c>features[Feature[i]] ≤ Threshold[i]</c>; a negative child <c>c</c> is leaf <c>~c</c> of that tree. The raw score is
/// <c>Bias + Σ weight_t · leaf_t</c>, the probability ML.NET's Platt calibrator's <c>1 / (1 + e^(slope·raw + offset))</c> (LightGBM's slope is −σ, so this is the usual sigmoid) — exactly what ML.NET
/// computes (a test compares the two on every pair of a held-out set).
/// </summary>
[SkipLocalsInit]
public sealed class CompiledEnsemble
{
    private readonly int[] _treeNodeStart, _treeLeafStart, _feature, _left, _right;
    private readonly float[] _threshold;
    private readonly double[] _leaf, _weight;
    private readonly double _bias, _slope, _offset;

    private CompiledEnsemble(int[] treeNodeStart, int[] treeLeafStart, int[] feature, float[] threshold, int[] left, int[] right,
        double[] leaf, double[] weight, double bias, double slope, double offset)
    {
        (_treeNodeStart, _treeLeafStart, _feature, _threshold, _left, _right) = (treeNodeStart, treeLeafStart, feature, threshold, left, right);
        (_leaf, _weight, _bias, _slope, _offset) = (leaf, weight, bias, slope, offset);
    }

    public int Trees => _weight.Length;

    public static CompiledEnsemble From(CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> model)
    {
        RegressionTreeEnsemble ensemble = model.SubModel.TrainedTreeEnsemble;
        int trees = ensemble.Trees.Count;
        var nodeStart = new int[trees + 1];
        var leafStart = new int[trees + 1];
        for (int t = 0; t < trees; t++)
        {
            nodeStart[t + 1] = nodeStart[t] + ensemble.Trees[t].NumberOfNodes;
            leafStart[t + 1] = leafStart[t] + ensemble.Trees[t].NumberOfLeaves;
        }
        var feature = new int[nodeStart[trees]];
        var threshold = new float[nodeStart[trees]];
        var left = new int[nodeStart[trees]];
        var right = new int[nodeStart[trees]];
        var leaf = new double[leafStart[trees]];
        var weight = new double[trees];
        for (int t = 0; t < trees; t++)
        {
            RegressionTree tree = ensemble.Trees[t];
            for (int i = 0; i < tree.NumberOfNodes; i++)
            {
                if (tree.CategoricalSplitFlags[i]) throw new NotSupportedException("categorical splits are not used by the lineage ranker");
                feature[nodeStart[t] + i] = tree.NumericalSplitFeatureIndexes[i];
                threshold[nodeStart[t] + i] = tree.NumericalSplitThresholds[i];
                left[nodeStart[t] + i] = tree.LeftChild[i];
                right[nodeStart[t] + i] = tree.RightChild[i];
            }
            for (int l = 0; l < tree.NumberOfLeaves; l++) leaf[leafStart[t] + l] = tree.LeafValues[l];
            weight[t] = ensemble.TreeWeights[t];
        }
        return new CompiledEnsemble(nodeStart, leafStart, feature, threshold, left, right, leaf, weight, ensemble.Bias,
            model.Calibrator.Slope, model.Calibrator.Offset);
    }

    /// <summary>The ensemble's raw margin (what pairs are ranked by).</summary>
    public double Raw(ReadOnlySpan<float> features)
    {
        double sum = _bias;
        for (int t = 0; t < _weight.Length; t++)
        {
            int start = _treeNodeStart[t], leaf;
            if (_treeNodeStart[t + 1] == start) leaf = 0;
            else
            {
                int node = 0;
                while (true)
                {
                    int i = start + node;
                    int next = features[_feature[i]] <= _threshold[i] ? _left[i] : _right[i];
                    if (next < 0) { leaf = ~next; break; }
                    node = next;
                }
            }
            sum += _weight[t] * _leaf[_treeLeafStart[t] + leaf];
        }
        return sum;
    }

    /// <summary>Calibrated probability that the pair is a declared edge.</summary>
    public double Probability(double raw) => 1.0 / (1.0 + Math.Exp(_slope * raw + _offset));
}
