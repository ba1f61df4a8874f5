using System.Globalization;
using System.Text.Json;

namespace Phylo.Lineage.Evaluation;

/// <summary>A <see cref="LineageEvaluation"/> as Markdown tables (stdout of <c>lineage evaluate</c>/<c>train</c>) or as one
/// JSON object (<c>--format json</c>).</summary>
public static class EvaluationReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void WriteText(TextWriter w, LineageEvaluation r)
    {
        w.WriteLine($"Cross-validated over {r.Folds} family folds (≤ {r.CandidatesPerChild} candidates per child): every one of {r.HeldOutChildren:N0} children with a declared parent held out once.");
        w.WriteLine();
        w.WriteLine("| fold | held-out families | held-out children | trained on children | candidate recall | P@1 ranker | P@1 baseline | recall@10 | MRR |");
        w.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in r.PerFold)
        {
            var m = RankingMetrics.Of(f.Model);
            var b = RankingMetrics.Of(f.Baseline);
            w.WriteLine(string.Format(C, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:F3} | {5:F3} | {6:F3} | {7:F3} | {8:F3} |",
                f.Fold + 1, f.HeldOutFamilies, f.HeldOutChildren, f.TrainingChildren, m.CandidateRecall, m.PrecisionAt1, b.PrecisionAt1, m.RecallAt10, m.Mrr));
        }
        w.WriteLine();
        w.WriteLine($"| metric | LightGBM ranker: mean of {r.Folds} folds [95 % interval] | pooled | baseline (card TF-IDF cosine): mean [95 % interval] | pooled |");
        w.WriteLine("|---|---:|---:|---:|---:|");
        for (int i = 0; i < RankingMetrics.Names.Length; i++)
            w.WriteLine($"| {RankingMetrics.Names[i]} | {Interval(r.Model[i])} | {F(r.Model[i].Pooled)} | {Interval(r.Baseline[i])} | {F(r.Baseline[i].Pooled)} |");
        w.WriteLine();
        int children = r.Sources.Length == 0 ? 0 : r.Sources[0].Children;
        w.WriteLine($"Candidate sources: recall of each alone (its own candidates, ≤ {r.CandidatesPerChild} per child) over {children:N0} children with a declared parent.");
        w.WriteLine();
        w.WriteLine("| source | candidate recall |");
        w.WriteLine("|---|---:|");
        foreach (var s in r.Sources) w.WriteLine($"| {s.Source} | {F(s.Recall)} |");
        w.WriteLine();
        w.WriteLine("Per relation (held-out children pooled over folds; a child counts under each relation it declares):");
        w.WriteLine();
        w.WriteLine("| relation | children | candidate recall | P@1 ranker | P@1 baseline | recall@10 | MRR |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var x in r.Relations)
            w.WriteLine($"| {x.Relation} | {x.Model.Children:N0} | {F(x.Model.CandidateRecall)} | {F(x.Model.PrecisionAt1)} | {F(x.Baseline.PrecisionAt1)} | {F(x.Model.RecallAt10)} | {F(x.Model.Mrr)} |");
        w.WriteLine();
        var cal = r.Calibration;
        w.WriteLine($"Calibration of the written score (P[the child's best candidate is a declared parent]) by {cal.Method}, cross-fitted over folds on {cal.Predictions:N0} out-of-fold predictions: " +
                    $"expected calibration error {F(cal.ExpectedError)} (" + string.Join(", ", cal.Alternatives.Select(a => $"{a.Method}: {F(a.Error)}")) + ").");
        w.WriteLine();
        Reliability(w, cal.Reliability);
        WriteNoParent(w, r.NoParent);
    }

    private static void Reliability(TextWriter w, CalibrationBand[] bands)
    {
        w.WriteLine("| predicted | predictions | right | mean predicted | observed |");
        w.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var b in bands)
            w.WriteLine(string.Format(C, "| {0:F1}–{1:F1} | {2:N0} | {3:N0} | {4:F3} | {5:F3} |", b.Low, b.High, b.Predictions, b.Correct, b.MeanPredicted, b.Observed));
    }

    private static void WriteNoParent(TextWriter w, NoParentReport n)
    {
        var cal = n.Calibration;
        w.WriteLine();
        w.WriteLine($"The score infer writes: P[the best candidate is the model's parent], roots included — {cal.Method}, cross-fitted on {cal.Predictions:N0} out-of-fold " +
                    $"children and roots: expected calibration error {F(cal.ExpectedError)} (" + string.Join(", ", cal.Alternatives.Select(a => $"{a.Method}: {F(a.Error)}")) + ").");
        w.WriteLine(string.Format(C, "At --min-score {0}: roots given a parent {1}, children given their declared parent {2} (fold mean [95 % interval]); written edges right {3} (pooled).",
            n.Threshold, Interval(n.RootsGivenParent), Interval(n.ChildrenGivenRight), F(n.WrittenPrecision)));
        w.WriteLine();
        w.WriteLine("| fold | held-out roots | roots given a parent | children | given the declared parent | given a wrong one |");
        w.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var f in n.PerFold)
            w.WriteLine($"| {f.Fold + 1} | {f.Roots:N0} | {f.RootsGivenParent:N0} ({F(f.RootRate)}) | {f.Children:N0} | {f.ChildrenRight:N0} ({F(f.ChildRate)}) | {f.ChildrenWrong:N0} |");
        w.WriteLine();
        Reliability(w, cal.Reliability);
    }

    public static void WriteJson(Utf8JsonWriter w, LineageEvaluation r)
    {
        w.WriteStartObject();
        WriteJsonProperties(w, r);
        w.WriteEndObject();
    }

    /// <summary>The properties of <see cref="WriteJson"/> into an object the caller has opened.</summary>
    public static void WriteJsonProperties(Utf8JsonWriter w, LineageEvaluation r)
    {
        w.WriteNumber("folds", r.Folds);
        w.WriteNumber("candidatesPerChild", r.CandidatesPerChild);
        w.WriteNumber("heldOutChildren", r.HeldOutChildren);
        w.WriteStartArray("perFold");
        foreach (var f in r.PerFold)
        {
            w.WriteStartObject();
            w.WriteNumber("fold", f.Fold + 1);
            w.WriteNumber("heldOutFamilies", f.HeldOutFamilies);
            w.WriteNumber("heldOutChildren", f.HeldOutChildren);
            w.WriteNumber("trainingChildren", f.TrainingChildren);
            w.WriteNumber("trainingRows", f.TrainingRows);
            Metrics(w, "ranker", RankingMetrics.Of(f.Model));
            Metrics(w, "baseline", RankingMetrics.Of(f.Baseline));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        foreach (var (name, stats) in new[] { ("ranker", r.Model), ("baseline", r.Baseline) })
        {
            w.WriteStartObject(name);
            for (int i = 0; i < RankingMetrics.Keys.Length; i++) Statistic(w, RankingMetrics.Keys[i], stats[i]);
            w.WriteEndObject();
        }
        w.WriteStartObject("sourceRecall");
        foreach (var s in r.Sources) Number(w, s.Key, s.Recall);
        w.WriteEndObject();
        w.WriteStartObject("relations");
        foreach (var x in r.Relations)
        {
            w.WriteStartObject(x.Relation);
            Metrics(w, "ranker", x.Model);
            Metrics(w, "baseline", x.Baseline);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        Calibration(w, "calibration", r.Calibration);
        var n = r.NoParent;
        w.WriteStartObject("noParent");
        Number(w, "minScore", n.Threshold);
        Statistic(w, "rootsGivenParent", n.RootsGivenParent);
        Statistic(w, "childrenGivenDeclaredParent", n.ChildrenGivenRight);
        Number(w, "writtenPrecision", n.WrittenPrecision);
        w.WriteStartArray("perFold");
        foreach (var f in n.PerFold)
        {
            w.WriteStartObject();
            w.WriteNumber("fold", f.Fold + 1);
            w.WriteNumber("roots", f.Roots);
            w.WriteNumber("rootsGivenParent", f.RootsGivenParent);
            w.WriteNumber("children", f.Children);
            w.WriteNumber("childrenGivenDeclaredParent", f.ChildrenRight);
            w.WriteNumber("childrenGivenWrongParent", f.ChildrenWrong);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Calibration(w, "calibration", n.Calibration);
        w.WriteEndObject();
    }

    private static void Statistic(Utf8JsonWriter w, string name, FoldStatistic s)
    {
        w.WriteStartObject(name);
        Number(w, "mean", s.Mean);
        Number(w, "ci95Low", s.Low);
        Number(w, "ci95High", s.High);
        Number(w, "pooled", s.Pooled);
        w.WriteEndObject();
    }

    private static void Calibration(Utf8JsonWriter w, string name, CalibrationReport cal)
    {
        w.WriteStartObject(name);
        w.WriteString("method", cal.Method);
        w.WriteNumber("predictions", cal.Predictions);
        Number(w, "expectedCalibrationError", cal.ExpectedError);
        w.WriteStartObject("alternatives");
        foreach (var (method, error) in cal.Alternatives) Number(w, method, error);
        w.WriteEndObject();
        w.WriteStartArray("reliability");
        foreach (var b in cal.Reliability)
        {
            w.WriteStartObject();
            Number(w, "low", b.Low);
            Number(w, "high", b.High);
            w.WriteNumber("predictions", b.Predictions);
            w.WriteNumber("right", b.Correct);
            Number(w, "meanPredicted", b.MeanPredicted);
            Number(w, "observed", b.Observed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter w, string name, RankingMetrics m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("children", m.Children);
        for (int i = 0; i < RankingMetrics.Keys.Length; i++) Number(w, RankingMetrics.Keys[i], m[i]);
        w.WriteEndObject();
    }

    /// <summary>A number rounded to 6 decimals (null when not finite: JSON has no NaN).</summary>
    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6));
        else w.WriteNull(name);
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F3", C) : "–";

    private static string Interval(FoldStatistic s) => $"{F(s.Mean)} [{F(s.Low)}, {F(s.High)}]";
}
