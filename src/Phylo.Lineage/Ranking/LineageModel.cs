using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Ranking;

/// <summary>One training row: a (child, candidate) pair's features and whether the candidate is a declared parent.</summary>
public sealed class PairRow
{
    [VectorType(PairFeatures.Count)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>
/// Training knobs. Small trees learning slowly, with many rows per leaf: a few dozen dense features and a few thousand
/// children from a handful of families, where the danger is learning those families rather than what a parent is
/// (native-notes/lineage.md, "Ranker"). <see cref="NegativesPerChild"/> ≤ 0 takes every other candidate;
/// <see cref="ChildrenPerParent"/> ≤ 0 takes every training child. <see cref="SourceNameRule"/> applies
/// <see cref="Ranking.SourceNameRule"/> after the second stage.
/// </summary>
public sealed record RankerOptions(int Trees = 100, int Leaves = 7, int MinLeafRows = 50, double LearningRate = 0.08,
    int NegativesPerChild = 16, int ChildrenPerParent = 8, bool SecondStage = true, bool SourceNameRule = true);

/// <summary>
/// The lineage ranker: a Microsoft.ML LightGBM binary classifier (declared edge vs. other candidate), trained on one
/// thread with a fixed seed so the same rows give the same trees, byte for byte, and the probability map fitted on its
/// cross-validated predictions (<see cref="Calibration"/>: the margin of a child's best candidate over the runner-up →
/// probability that it is a declared parent). Saved as ML.NET's zip plus a <c>phylo-lineage.json</c> entry naming the feature layout
/// (checked on load) and holding the map.
/// </summary>
public sealed class LineageModel
{
    private const string ManifestEntry = "phylo-lineage.json";

    private LineageModel(MLContext ml, ITransformer transformer, DataViewSchema schema, CompiledEnsemble ensemble, PlattMap? calibration,
        ParentMap? parentMap = null, TopTwoReranker? reranker = null, bool sourceNameRule = false)
    {
        Reranker = reranker;
        SourceNameRule = sourceNameRule;
        ParentMap = parentMap;
        Ml = ml;
        Transformer = transformer;
        Schema = schema;
        Ensemble = ensemble;
        Calibration = calibration;
    }

    public MLContext Ml { get; }
    public ITransformer Transformer { get; }
    public DataViewSchema Schema { get; }
    public CompiledEnsemble Ensemble { get; }
    /// <summary>Margin of a child's best candidate (<see cref="ChildOutcome.Margin"/>) → probability it is a declared parent
    /// (null until fitted).</summary>
    public PlattMap? Calibration { get; }

    /// <summary>The unconditional map (<see cref="Evaluation.ParentMap"/>): P[the best candidate is the model's parent], roots
    /// included — what <c>infer --min-score</c> filters on (null until fitted, and in models trained before it existed).</summary>
    public ParentMap? ParentMap { get; }

    /// <summary>The second stage over each model's two best candidates (null: the first stage's best stands; models trained
    /// before it existed).</summary>
    public TopTwoReranker? Reranker { get; }

    /// <summary>Whether <see cref="Ranking.SourceNameRule"/> orders the candidates after the second stage (false in models
    /// trained before it existed: their probability maps were fitted without it).</summary>
    public bool SourceNameRule { get; }

    /// <summary>This ranker with its probability maps, second stage and candidate-order rule.</summary>
    public LineageModel WithCalibration(PlattMap map, ParentMap? parentMap = null, TopTwoReranker? reranker = null, bool sourceNameRule = false) =>
        new(Ml, Transformer, Schema, Ensemble, map, parentMap, reranker, sourceNameRule);

    /// <summary>The calibrated probability of a margin (requires <see cref="Calibration"/>).</summary>
    public double Probability(double margin) =>
        (Calibration ?? throw new InvalidOperationException("the ranker has no probability map")).Probability(margin);

    public static LineageModel Train(IReadOnlyList<PairRow> rows, ulong seed, RankerOptions options)
    {
        if (rows.Count == 0) throw new ArgumentException("no training pairs: the inputs declare no parent links among their models");
        bool hasPos = false, hasNeg = false;
        foreach (var r in rows) { hasPos |= r.Label; hasNeg |= !r.Label; }
        if (!hasPos || !hasNeg) throw new ArgumentException("training pairs need both declared parents and other candidates");
        var ml = new MLContext(seed: (int)(seed & int.MaxValue));
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(PairRow.Label),
            FeatureColumnName = nameof(PairRow.Features),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinLeafRows,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = (int)(seed & int.MaxValue),
            UseCategoricalSplit = false,
            HandleMissingValue = false,
            Silent = true,
        });
        var model = trainer.Fit(data);
        return new LineageModel(ml, model, data.Schema, CompiledEnsemble.From(model.Model), null);
    }

    /// <summary>Writes the model (ML.NET's zip with the manifest entry added) to <paramref name="output"/>.</summary>
    public void Save(Stream output)
    {
        using var buffer = new MemoryStream();
        Ml.Model.Save(Transformer, Schema, buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(ManifestEntry);
            using var s = entry.Open();
            JsonSerializer.Serialize(s, new Manifest(PairFeatures.Names, Calibration?.A, Calibration?.B, ParentMap?.Bias, ParentMap?.Weights,
                Reranker is null ? null : TopTwoReranker.Names, Reranker?.Weights, SourceNameRule));
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    public static LineageModel Load(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{path}: no such model (train one with 'phylo lineage train')");
        PlattMap? map;
        ParentMap? parentMap;
        TopTwoReranker? reranker;
        bool sourceNameRule;
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry(ManifestEntry) ?? throw new ArgumentException($"{path}: not a lineage model (no {ManifestEntry})");
            using var s = entry.Open();
            var manifest = JsonSerializer.Deserialize<Manifest>(s);
            if (manifest is null || !manifest.Features.SequenceEqual(PairFeatures.Names))
                throw new ArgumentException($"{path}: trained on another feature layout; retrain it with this version");
            map = manifest.PlattA is { } a && manifest.PlattB is { } b ? new PlattMap(a, b) : null;
            parentMap = manifest.ParentBias is { } bias && manifest.ParentWeights is { } weights ? new ParentMap(bias, weights) : null;
            if (manifest.SecondStageInputs is { } inputs && !inputs.SequenceEqual(TopTwoReranker.Names))
                throw new ArgumentException($"{path}: its second stage reads other inputs; retrain it with this version");
            reranker = manifest.SecondStageWeights is { } w2 ? new TopTwoReranker(w2) : null;
            sourceNameRule = manifest.SourceNameRule ?? false;
        }
        var ml = new MLContext(seed: 0);
        ITransformer t = ml.Model.Load(path, out DataViewSchema schema);
        if (t is not ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> p)
            throw new ArgumentException($"{path}: not a LightGBM lineage ranker");
        return new LineageModel(ml, t, schema, CompiledEnsemble.From(p.Model), map, parentMap, reranker, sourceNameRule);
    }

    /// <summary>ML.NET's own scores of <paramref name="rows"/> (the reference the compiled ensemble is tested against).</summary>
    public (float Score, float Probability)[] ScoreWithMlNet(IEnumerable<PairRow> rows)
    {
        IDataView scored = Transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var score = scored.GetColumn<float>("Score").ToArray();
        var prob = scored.GetColumn<float>("Probability").ToArray();
        var result = new (float, float)[score.Length];
        for (int i = 0; i < score.Length; i++) result[i] = (score[i], prob[i]);
        return result;
    }

    private sealed record Manifest(string[] Features, double? PlattA, double? PlattB, double? ParentBias = null, double[]? ParentWeights = null,
        string[]? SecondStageInputs = null, double[]? SecondStageWeights = null, bool? SourceNameRule = null);
}
