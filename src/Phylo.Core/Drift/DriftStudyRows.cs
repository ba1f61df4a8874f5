using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Drift;

/// <summary>
/// The drift figures the study published (SPEC §5) beside Phylo's exact value and Phylo's study-mode value.
/// Mutation rates and numeric drift: the study averaged over every qualifying edge, so study mode = exact.
/// Orderings: study mode counts transitions by the study's rule (a plain swap A→B counts twice); exact counts
/// each (from, to) pair at most once per edge; both orders are solved exactly over the same top traits.
/// </summary>
internal static class DriftStudyRows
{
    public const string Note =
        "mutation rates and parent → child means are averages over every qualifying edge, the study's own procedure, so " +
        "study mode repeats the exact value. Orderings: study mode counts transitions by the study's rule (a plain swap " +
        "A→B counts twice, once as B added and once as A dropped); exact counts each parent→child trait pair once per edge. " +
        "Both orders are solved exactly (dynamic programming) over the same top traits.";

    private static readonly (TraitKind Trait, string Key)[] OrderedTraits = [(TraitKind.License, "license"), (TraitKind.Language, "language")];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DriftResult, IReadOnlyList<StudyRow>> Cache = new();

    /// <summary>The rows of <paramref name="r"/> (built once: the clean orderings are solved on first use).</summary>
    public static IReadOnlyList<StudyRow> Of(DriftResult r) => Cache.GetValue(r, Build);

    private static IReadOnlyList<StudyRow> Build(DriftResult r)
    {
        var rows = new List<StudyRow>();
        foreach (var m in r.Mutation)
        {
            string key = $"mutationRate.{m.Trait.Name()}";
            if (StudyFacts.Number("drift." + key + ".rate") is null) continue;
            rows.Add(StudyRow.Enumerated(key + ".rate", $"{m.Trait.Name()} mutation rate ({r.Options.StudyView.Name()} edges)",
                StudyValue.Published("drift." + key + ".rate", 4), StudyValue.Real(m.Study.Rate, 4)));
            rows.Add(StudyRow.Enumerated(key + ".n", $"{m.Trait.Name()} mutation rate: edges", StudyValue.Published("drift." + key + ".n"), StudyValue.Count(m.Study.N)));
        }
        foreach (var (trait, key) in OrderedTraits)
        {
            int t = Array.FindIndex(r.Orderings, o => o.Trait == trait);
            if (t < 0) continue;
            TraitOrder study = r.Orderings[t], clean = TraitOrdering.SolveClean(r.Transitions[t], study);
            string p = $"drift.ordering.{key}";
            string label = $"{key} order, top {study.Ranked.Length}";
            if (StudyFacts.TryGet(p + ".orderStart", out var start))
            {
                int k = start.GetArrayLength();
                rows.Add(new StudyRow($"ordering.{key}.orderStart", label + $" (first {k})", StudyValue.Of(Join(start, k)),
                    StudyValue.Of(string.Join(" → ", clean.Order.Take(k))), StudyValue.Of(string.Join(" → ", study.Order.Take(k)))));
            }
            if (StudyFacts.TryGet(p + ".orderEnd", out var end))
            {
                int k = end.GetArrayLength();
                rows.Add(new StudyRow($"ordering.{key}.orderEnd", label + $" (last {k})", StudyValue.Of(Join(end, k)),
                    StudyValue.Of(string.Join(" → ", clean.Order.TakeLast(k))), StudyValue.Of(string.Join(" → ", study.Order.TakeLast(k)))));
            }
            rows.Add(new StudyRow($"ordering.{key}.agreeingPairs", $"{key} order: oriented pairs agreeing",
                Fraction(StudyFacts.Number(p + ".agreeingPairs"), StudyFacts.Number(p + ".orientedPairs")),
                Fraction(clean.AgreeingPairs, clean.OrientedPairs), Fraction(study.AgreeingPairs, study.OrientedPairs)));
            rows.Add(new StudyRow($"ordering.{key}.forwardShare", $"{key} order: share of transitions forward",
                StudyValue.Published(p + ".forwardShare", 3), StudyValue.Real(clean.ForwardShare, 3), StudyValue.Real(study.ForwardShare, 3)));
        }
        foreach (var d in r.Numeric)
        {
            string key = $"numeric.{d.Metric.Name()}";
            if (StudyFacts.Number("drift." + key + ".parentMean") is null) continue;
            rows.Add(StudyRow.Enumerated(key + ".parentMean", $"{d.Metric.Name()}: parent mean", StudyValue.Published("drift." + key + ".parentMean", 3), StudyValue.Real(d.Overall.ParentMean, 3)));
            rows.Add(StudyRow.Enumerated(key + ".childMean", $"{d.Metric.Name()}: child mean", StudyValue.Published("drift." + key + ".childMean", 3), StudyValue.Real(d.Overall.ChildMean, 3)));
            if (StudyFacts.Number("drift." + key + ".n") is not null)
                rows.Add(StudyRow.Enumerated(key + ".n", $"{d.Metric.Name()}: edges", StudyValue.Published("drift." + key + ".n"), StudyValue.Count(d.Overall.N)));
        }
        return rows;
    }

    private static string Join(System.Text.Json.JsonElement names, int k) =>
        string.Join(" → ", names.EnumerateArray().Take(k).Select(e => e.GetString()));

    private static StudyValue Fraction(double? agreeing, double? oriented) =>
        agreeing is { } a && oriented is { } o ? StudyValue.Of($"{Md.N((long)a)} / {Md.N((long)o)}") : StudyValue.Missing;
}
