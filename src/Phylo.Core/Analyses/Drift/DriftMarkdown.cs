using System.Globalization;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>The report.md drift section: rates to 4 decimals, means to 3, counts with thousands separators.</summary>
internal static class DriftMarkdown
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(DriftResult r, TextWriter w)
    {
        w.WriteLine("## Drift (\"mutation\")");
        w.WriteLine();
        w.WriteLine("### Beside the study");
        w.WriteLine();
        Report.StudyComparison.WriteMarkdown(w, DriftStudyRows.Of(r), DriftStudyRows.Note);
        WriteMutation(r, w);
        WriteOrdering(r, w);
        WriteNumeric(r, w);
        WriteCompliance(r.Compliance, w);
        WriteChain(r.Chain, w);
    }

    private static void WriteMutation(DriftResult r, TextWriter w)
    {
        w.WriteLine($"### Mutation rate (mean Jaccard distance, edges where both sets are non-empty; headline: {r.Options.StudyView.Name()} edges)");
        w.WriteLine();
        var header = new List<string> { "trait", "study rate (n)", "rate", "n" };
        foreach (var v in GraphViews.All) header.Add("view " + v.Name());
        foreach (var t in Relations.AllTypes) header.Add(t.Name());
        Row(w, header);
        Rule(w, header.Count);
        foreach (var m in r.Mutation)
        {
            string study = Study($"drift.mutationRate.{m.Trait.Name()}.rate") is { } rate
                ? $"{F(rate, 4)} ({N((long)(Study($"drift.mutationRate.{m.Trait.Name()}.n") ?? 0))})" : "–";
            var cells = new List<string> { m.Trait.Name(), study, F(m.Study.Rate, 4), N(m.Study.N) };
            foreach (var v in GraphViews.All) cells.Add(RateCell(m.Views[(int)v]));
            foreach (var t in Relations.AllTypes) cells.Add(RateCell(m.Relations[(int)t]));
            Row(w, cells);
        }
        w.WriteLine();
        w.WriteLine("Transitions (study rule: a plain swap counts twice; clean: once), " + r.Options.StudyView.Name() + " edges:");
        w.WriteLine();
        Row(w, ["trait", "edges", "pairs", "transitions", "clean"]);
        Rule(w, 5);
        foreach (var t in r.Transitions)
            Row(w, [t.Trait.Name(), N(t.Edges), N(t.From.Length), N(t.Transitions.Sum()), N(t.CleanTransitions.Sum())]);
        w.WriteLine();
    }

    private static void WriteOrdering(DriftResult r, TextWriter w)
    {
        w.WriteLine($"### Optimal orderings (study-rule counts, {r.Options.StudyView.Name()} edges; top n traits by model count, exact)");
        w.WriteLine();
        Row(w, ["trait", "n", "max-agreement order", "agreeing / oriented", "forward", "weighted order", "agreeing", "forward"]);
        Rule(w, 8);
        foreach (var o in r.Orderings)
            Row(w,
            [
                o.Trait.Name(), N(o.Ranked.Length), string.Join(" → ", o.Order), $"{o.AgreeingPairs} / {o.OrientedPairs}", F(o.ForwardShare, 3),
                string.Join(" → ", o.WeightedOrder), $"{o.WeightedAgreeingPairs} / {o.OrientedPairs}", F(o.WeightedForwardShare, 3),
            ]);
        w.WriteLine();
    }

    private static void WriteNumeric(DriftResult r, TextWriter w)
    {
        w.WriteLine($"### Numeric drift parent → child (95 % CI of the difference, {r.Options.BootstrapReplicates} Poisson random-group bootstrap replicates)");
        w.WriteLine();
        Row(w, ["metric", "study parent → child", "parent mean", "child mean", "difference", "95 % CI", "n"]);
        Rule(w, 7);
        foreach (var d in r.Numeric)
        {
            string key = $"drift.numeric.{d.Metric.Name()}";
            string study = Study(key + ".parentMean") is { } p && Study(key + ".childMean") is { } c ? $"{F(p, 3)} → {F(c, 3)}" : "–";
            Row(w, [d.Metric.Name(), study, .. StatCells(d.Overall)]);
        }
        w.WriteLine();
        var header = new List<string> { "metric" };
        foreach (var t in Relations.AllTypes) header.Add(t.Name() + " parent → child (n)");
        Row(w, header);
        Rule(w, header.Count);
        foreach (var d in r.Numeric)
        {
            var cells = new List<string> { d.Metric.Name() };
            foreach (var t in Relations.AllTypes)
            {
                var s = d.Relations[(int)t];
                cells.Add($"{F(s.ParentMean, 3)} → {F(s.ChildMean, 3)} ({N(s.N)})");
            }
            Row(w, cells);
        }
        w.WriteLine();
    }

    private static string[] StatCells(NumericStat s) =>
        [F(s.ParentMean, 3), F(s.ChildMean, 3), F(s.Difference, 3), $"[{F(s.CiLow, 3)}, {F(s.CiHigh, 3)}]", N(s.N)];

    private static void WriteCompliance(LicenseComplianceResult c, TextWriter w)
    {
        w.WriteLine($"### License compliance ({c.View.Name()} edges: {N(c.Edges)}; flagged {N(c.Flags.Length)}; restrictive parent, unlicensed child {N(c.UnlicensedChildren)})");
        w.WriteLine();
        var header = new List<string> { "parent \\ child" };
        foreach (var cls in LicenseClasses.All) header.Add(cls.Name());
        Row(w, header);
        Rule(w, header.Count);
        foreach (var from in LicenseClasses.All)
        {
            var cells = new List<string> { from.Name() };
            foreach (long n in c.ClassMatrix[(int)from]) cells.Add(N(n));
            Row(w, cells);
        }
        w.WriteLine();
        NamedTable(w, "parent license", c.ByParentLicense);
        NamedTable(w, "family root", c.TopFamilies);
    }

    private static void NamedTable(TextWriter w, string what, NamedCount[] items)
    {
        if (items.Length == 0) return;
        Row(w, [what, "flagged edges"]);
        Rule(w, 2);
        foreach (var item in items) Row(w, [item.Name, N(item.Count)]);
        w.WriteLine();
    }

    private static void WriteChain(LicenseChainResult c, TextWriter w)
    {
        w.WriteLine($"### Where licenses go (no-merge forest chain; stationary after {c.Iterations} lazy steps, residual {c.Residual.ToString("E1", Inv)})");
        w.WriteLine();
        var header = new List<string> { "license", "roots today" };
        foreach (var (generation, _) in c.Mixes) header.Add($"after {generation}");
        header.Add("stationary");
        Row(w, header);
        Rule(w, header.Count);
        for (int s = 0; s < c.States.Length; s++)
        {
            var cells = new List<string> { c.States[s], F(c.RootMix[s], 4) };
            foreach (var (_, mix) in c.Mixes) cells.Add(F(mix[s], 4));
            cells.Add(F(c.Stationary[s], 4));
            Row(w, cells);
        }
        w.WriteLine();
    }

    private static string RateCell(RateN r) => $"{F(r.Rate, 4)} ({N(r.N)})";

    private static string F(double x, int decimals) => double.IsFinite(x) ? x.ToString("F" + decimals, Inv) : "–";

    private static string N(long n) => n.ToString("N0", Inv);

    private static void Row(TextWriter w, IReadOnlyList<string> cells) =>
        w.WriteLine("| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");

    private static void Rule(TextWriter w, int columns) =>
        w.WriteLine("|" + string.Concat(Enumerable.Repeat(" --- |", columns)));

    /// <summary>The study's published value at a dotted path of study-facts.json, if it published one.</summary>
    private static double? Study(string path) => Report.StudyFacts.Number(path);
}
