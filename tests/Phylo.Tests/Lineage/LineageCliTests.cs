using System.Text.Json;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Lineage;

/// <summary><c>lineage train|evaluate|infer --format json</c> through the real CLI: one JSON document on stdout each, and
/// the numbers in it agree with the files written.</summary>
public sealed class LineageCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-lineage-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_evaluate_and_infer_print_one_json_document()
    {
        string eco = Path.Combine(_dir, "eco.csv");
        using (var fs = File.Create(eco)) SyntheticEcosystem.Write(fs, new SynthOptions(2000, 13, CardMode.Prefix, 2));
        string model = Path.Combine(_dir, "m.zip"), inferred = Path.Combine(_dir, "inferred.csv");

        using var eval = Json(PhyloProcess.Run("lineage", "evaluate", eco, "--folds", "3", "--trees", "20", "--format", "json"));
        JsonElement e = eval.RootElement;
        Assert.Equal(3, e.GetProperty("folds").GetInt32());
        Assert.Equal(3, e.GetProperty("perFold").GetArrayLength());
        int heldOut = e.GetProperty("perFold").EnumerateArray().Sum(f => f.GetProperty("heldOutChildren").GetInt32());
        Assert.Equal(e.GetProperty("heldOutChildren").GetInt32(), heldOut);
        JsonElement p1 = e.GetProperty("ranker").GetProperty("precisionAt1");
        Assert.InRange(p1.GetProperty("mean").GetDouble(), p1.GetProperty("ci95Low").GetDouble(), p1.GetProperty("ci95High").GetDouble());
        Assert.InRange(e.GetProperty("sourceRecall").GetProperty("all").GetDouble(), 0.5, 1);
        Assert.Equal(10, e.GetProperty("calibration").GetProperty("reliability").GetArrayLength());
        Assert.True(e.GetProperty("relations").TryGetProperty("finetune", out _));

        using var train = Json(PhyloProcess.Run("lineage", "train", eco, "--model", model, "--folds", "3", "--trees", "20", "--format", "json"));
        Assert.Equal(Path.GetFullPath(model), train.RootElement.GetProperty("model").GetString());
        Assert.True(File.Exists(model));
        Assert.Equal(heldOut, train.RootElement.GetProperty("crossValidation").GetProperty("heldOutChildren").GetInt32());

        using var infer = Json(PhyloProcess.Run("lineage", "infer", eco, "--model", model, "--min-score", "0.6", "--out", inferred, "--format", "json"));
        int edges = infer.RootElement.GetProperty("edges").GetInt32();
        Assert.True(edges > 0);
        string[] lines = File.ReadAllLines(inferred);
        Assert.Equal(edges, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.InRange(double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture), 0.6, 1));

        var bad = PhyloProcess.Run("lineage", "infer", eco, "--model", model, "--min-score", "1.5", "--out", inferred);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--min-score", bad.StdErr, StringComparison.Ordinal);
        var folds = PhyloProcess.Run("lineage", "evaluate", eco, "--folds", "1");
        Assert.Equal(2, folds.ExitCode);
    }

    /// <summary>Exit 0 and stdout is exactly one JSON document (progress goes to stderr).</summary>
    private static JsonDocument Json(PhyloProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        return JsonDocument.Parse(r.StdOut);
    }
}
