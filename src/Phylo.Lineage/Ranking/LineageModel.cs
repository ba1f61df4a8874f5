using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Ranking;

/// <summary>One training row: a (child, candidate) pair's features and whether the candidate is a declared parent.</summary>
public sealed class PairRow
{
    [VectorType(PairFeatures.Count)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>Training knobs. Defaults are small on purpose: 21 dense features, tens of thousands of rows.</summary>
public sealed record RankerOptions(int Trees = 100, int Leaves = 31, int MinLeafRows = 20, double LearningRate = 0.1, int NegativesPerChild = 8);

/// <summary>
/// The lineage ranker: a Microsoft.ML LightGBM binary classifier (declared edge vs. other candidate), trained on one
/// thread with a fixed seed so the same rows give the same trees, byte for byte. Saved as ML.NET's zip plus a
/// <c>phylo-lineage.json</c> entry naming the feature layout, checked on load.
/// </summary>
public sealed class LineageModel
{
    private const string ManifestEntry = "phylo-lineage.json";

    private LineageModel(MLContext ml, ITransformer transformer, DataViewSchema schema, CompiledEnsemble ensemble)
    {
        Ml = ml;
        Transformer = transformer;
        Schema = schema;
        Ensemble = ensemble;
    }

    public MLContext Ml { get; }
    public ITransformer Transformer { get; }
    public DataViewSchema Schema { get; }
    public CompiledEnsemble Ensemble { get; }

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
        return new LineageModel(ml, model, data.Schema, CompiledEnsemble.From(model.Model));
    }

    public void Save(string path)
    {
        string tmp = path + ".tmp";
        Ml.Model.Save(Transformer, Schema, tmp);
        using (var zip = ZipFile.Open(tmp, ZipArchiveMode.Update))
        {
            var entry = zip.CreateEntry(ManifestEntry);
            using var s = entry.Open();
            JsonSerializer.Serialize(s, new Manifest(PairFeatures.Names));
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static LineageModel Load(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{path}: no such model (train one with 'phylo lineage train')");
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry(ManifestEntry) ?? throw new ArgumentException($"{path}: not a lineage model (no {ManifestEntry})");
            using var s = entry.Open();
            var manifest = JsonSerializer.Deserialize<Manifest>(s);
            if (manifest is null || !manifest.Features.SequenceEqual(PairFeatures.Names))
                throw new ArgumentException($"{path}: trained on another feature layout; retrain it with this version");
        }
        var ml = new MLContext(seed: 0);
        ITransformer t = ml.Model.Load(path, out DataViewSchema schema);
        if (t is not ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> p)
            throw new ArgumentException($"{path}: not a LightGBM lineage ranker");
        return new LineageModel(ml, t, schema, CompiledEnsemble.From(p.Model));
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

    private sealed record Manifest(string[] Features);
}
