using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>
/// The drift figures the study published beside Phylo's exact value and Phylo's value by the study's own rules
/// (docs/definitions.md: "The study's graph", "Orderings", "Mutation rates", "Numeric drift"). Exact: Phylo's graph and
/// rules (self-links dropped, cycles broken; orderings count each trait pair once per edge; numeric drift over edges where
/// the metric is defined on both ends). Study mode: the study's graph and the notebooks' rules. Every row says which.
/// </summary>
internal static class DriftStudyRows
{
    public const string Note =
        "exact is Phylo's own rule on Phylo's graph; study mode repeats the study's rule on the study's graph (declared edges " +
        "with self-links and cycle edges kept). Orderings: study mode counts transitions by the study's rule (a plain swap " +
        "A→B counts twice), exact counts each parent→child trait pair once per edge; both solve the max-agreement and the " +
        "traffic-weighted order exactly (dynamic programming) over the same top n traits (20 licenses or languages, 10 tasks " +
        "or libraries: the nodes of the oriented transition graph by model count), and the forward share is the weighted " +
        "order's. \"(figure ±p)\" marks a study value read off a published figure.";

    private static readonly (TraitKind Trait, string Key)[] OrderedTraits =
        [(TraitKind.License, "license"), (TraitKind.Language, "language"), (TraitKind.Library, "library"), (TraitKind.Task, "task")];

    private static readonly (EdgeType Type, string Key)[] Typed =
        [(EdgeType.Finetune, "finetune"), (EdgeType.Quantized, "quantized"), (EdgeType.Adapter, "adapter"), (EdgeType.Merge, "merge")];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DriftResult, IReadOnlyList<StudyRow>> Cache = new();

    /// <summary>The rows of <paramref name="r"/> (built once: the clean orderings are solved on first use).</summary>
    public static IReadOnlyList<StudyRow> Of(DriftResult r) => Cache.GetValue(r, Build);

    private static IReadOnlyList<StudyRow> Build(DriftResult r)
    {
        var rows = new List<StudyRow>();
        Mutation(r, rows);
        foreach (var (trait, key) in OrderedTraits)
        {
            int t = Array.FindIndex(r.Orderings, o => o.Trait == trait);
            if (t >= 0) Ordering(r, t, key, rows);
        }
        Numeric(r, rows);
        return rows;
    }

    private static void Mutation(DriftResult r, List<StudyRow> rows)
    {
        string view = r.Options.StudyView.Name();
        for (int t = 0; t < r.Mutation.Length; t++)
        {
            var m = r.Mutation[t];
            string name = m.Trait.Name();
            if (StudyFacts.Number($"drift.mutationRate.{name}.rate") is null) continue;
            string basis = $"{view} edges, both sets non-empty · exact: Phylo graph · study: study graph";
            Pair(rows, $"mutationRate.{name}", $"{name} mutation rate ({view} edges)", m.Study, r.Study.MutationFinetune[t], basis);
            Pair(rows, $"mutationRateAllEdges.{name}", $"{name} mutation rate (every edge; the study's earlier run)",
                m.Views[(int)GraphView.All], r.Study.MutationAllEdges[t], "every edge, both sets non-empty · exact: Phylo graph · study: study graph");
        }
    }

    private static void Pair(List<StudyRow> rows, string key, string label, RateN exact, RateN study, string basis)
    {
        rows.Add(new StudyRow(key + ".rate", label, StudyValue.Published($"drift.{key}.rate", 4), StudyValue.Real(exact.Rate, 4), StudyValue.Real(study.Rate, 4)) { Basis = basis });
        rows.Add(new StudyRow(key + ".n", label + ": edges", StudyValue.Published($"drift.{key}.n"), StudyValue.Count(exact.N), StudyValue.Count(study.N)) { Basis = basis });
    }

    private static void Ordering(DriftResult r, int t, string key, List<StudyRow> rows)
    {
        TraitOrder study = r.Orderings[t], clean = TraitOrdering.SolveClean(r.Transitions[t], study);
        string p = $"drift.ordering.{key}";
        string basis = $"{r.Options.StudyView.Name()} edges, top {study.Ranked.Length} · exact: each pair once per edge · study: study rule";
        void Add(string k, string label, StudyValue s, StudyValue e, StudyValue m) => rows.Add(new StudyRow($"ordering.{key}.{k}", $"{key} {label}", s, e, m) { Basis = basis });

        Add("maxOrder", "max-agreement order", Order(p + ".maxOrder"), Order(clean.Order), Order(study.Order));
        Add("weightedOrder", "traffic-weighted order", Order(p + ".weightedOrder"), Order(clean.WeightedOrder), Order(study.WeightedOrder));
        Add("agreeingMax", "max-agreement order: oriented pairs agreeing", Fraction(p + ".agreeingMax", p + ".orientedPairs"),
            Fraction(clean.AgreeingPairs, clean.OrientedPairs), Fraction(study.AgreeingPairs, study.OrientedPairs));
        Add("agreeingWeighted", "weighted order: oriented pairs agreeing", Fraction(p + ".agreeingWeighted", p + ".orientedPairs"),
            Fraction(clean.WeightedAgreeingPairs, clean.OrientedPairs), Fraction(study.WeightedAgreeingPairs, study.OrientedPairs));
        Add("traffic", "Σ traffic of oriented pairs", StudyValue.Published(p + ".traffic"), StudyValue.Count(clean.TotalTraffic), StudyValue.Count(study.TotalTraffic));
        Add("totalN", "Σ transitions of oriented pairs", StudyValue.Published(p + ".totalN"), StudyValue.Count(clean.OrientedTransitions), StudyValue.Count(study.OrientedTransitions));
        Add("weightedObjective", "weighted order: agreeing traffic", StudyValue.Published(p + ".weightedObjective"), StudyValue.Count(clean.AgreeingTraffic), StudyValue.Count(study.AgreeingTraffic));
        Add("forward", "weighted order: transitions forward / all", Fraction(p + ".forward", p + ".forwardTotal"),
            Fraction(clean.WeightedForward, clean.RankedTransitions), Fraction(study.WeightedForward, study.RankedTransitions));
        Add("forwardShare", "weighted order: share forward", StudyValue.Published(p + ".forwardShare", 4),
            StudyValue.Real(clean.WeightedForwardShare, 4), StudyValue.Real(study.WeightedForwardShare, 4));
    }

    private static void Numeric(DriftResult r, List<StudyRow> rows)
    {
        StudyDriftResult s = r.Study;
        NumericDrift Phylo(NumericMetric m) => Array.Find(r.Numeric, d => d.Metric == m)!;
        var lang = Phylo(NumericMetric.Languages);
        var chars = Phylo(NumericMetric.CardChars);
        var auto = Phylo(NumericMetric.AutoGenerated);
        var hasCard = Phylo(NumericMetric.HasCard);

        const string both = "both non-empty";
        Means(rows, "languages", "languages per model", lang.Overall, s.Overall(StudyMetric.Languages), 4, $"every edge, {both}", withN: true);
        foreach (var (type, key) in Typed)
            Means(rows, $"languages.byType.{key}", $"languages per model, {key}", lang.Relations[(int)type], s.Of(StudyMetric.Languages, type), 2, $"{key} edges, {both}", withN: true);
        Means(rows, "languages.allEdges", "languages per model (empty = 0)", null, s.Overall(StudyMetric.LanguagesAllEdges), 4, "every edge · exact: not computed");

        const string cards = "both cards > 3 characters";
        Means(rows, "cardChars", "card length", chars.Overall, s.Overall(StudyMetric.CardChars), 2, $"every edge, {cards}", withN: true);
        Row(rows, "cardChars.difference", "card length: child − parent", chars.Overall.Difference, s.Overall(StudyMetric.CardChars).Difference, 2, $"every edge, {cards}");
        long typedExact = 0, typedStudy = 0;
        foreach (var (type, _) in Typed) { typedExact += chars.Relations[(int)type].N; typedStudy += s.Of(StudyMetric.CardChars, type).N; }
        rows.Add(new StudyRow("numeric.cardChars.typedN", "card length: typed edges", StudyValue.Published("drift.numeric.cardChars.typedN"),
            StudyValue.Count(typedExact), StudyValue.Count(typedStudy))
        { Basis = $"typed edges, {cards}" });
        foreach (var (type, key) in Typed)
            Means(rows, $"cardChars.byType.{key}", $"card length, {key}", chars.Relations[(int)type], s.Of(StudyMetric.CardChars, type), 0, $"{key} edges, {cards}", withN: true);

        Means(rows, "autoGenerated", "auto-generated card", auto.Overall, s.Overall(StudyMetric.AutoGenerated), 3, "exact: both cards · study: every edge");
        Row(rows, "autoGenerated.difference", "auto-generated: child − parent", auto.Overall.Difference, s.Overall(StudyMetric.AutoGenerated).Difference, 5, "exact: both cards · study: every edge");
        Row(rows, "autoGenerated.bothCardDifference", "auto-generated: child − parent, both cards", auto.Overall.Difference,
            s.Overall(StudyMetric.AutoGeneratedBothCard).Difference, 5, $"every edge, {cards}");
        foreach (var (type, key) in Typed)
            Means(rows, $"autoGenerated.byType.{key}", $"auto-generated card, {key}", auto.Relations[(int)type], s.Of(StudyMetric.AutoGeneratedBothCard, type), 3, $"{key} edges, {cards}");

        double share = s.Models == 0 ? double.NaN : s.ModelsWithCard / (double)s.Models;
        rows.Add(new StudyRow("numeric.hasCard.modelShare", "models with a card", StudyValue.Published("drift.numeric.hasCard.modelShare", 5),
            StudyValue.Real(share, 5), StudyValue.Real(share, 5))
        { Basis = "every model, card > 3 characters" });
        var card = s.Overall(StudyMetric.HasCard);
        rows.Add(new StudyRow("numeric.hasCard.childEdges", "edges whose child has a card", StudyValue.Published("drift.numeric.hasCard.childEdges"),
            StudyValue.Count((long)Math.Round(hasCard.Overall.ChildMean * hasCard.Overall.N)), StudyValue.Count((long)Math.Round(card.ChildMean * card.N)))
        { Basis = "every edge · exact: Phylo graph · study: study graph" });
        Row(rows, "hasCard.difference", "has a card: child − parent", hasCard.Overall.Difference, card.Difference, 6, "every edge · exact: Phylo graph · study: study graph");
    }

    private static void Means(List<StudyRow> rows, string key, string label, NumericStat? exact, StudyMean study, int digits, string basis, bool withN = false)
    {
        string p = "drift.numeric." + key;
        rows.Add(new StudyRow($"numeric.{key}.parentMean", label + ": parent mean", StudyValue.Published(p + ".parentMean", digits),
            exact is { } e ? StudyValue.Real(e.ParentMean, digits) : StudyValue.Missing, StudyValue.Real(study.ParentMean, digits))
        { Basis = basis });
        rows.Add(new StudyRow($"numeric.{key}.childMean", label + ": child mean", StudyValue.Published(p + ".childMean", digits),
            exact is { } c ? StudyValue.Real(c.ChildMean, digits) : StudyValue.Missing, StudyValue.Real(study.ChildMean, digits))
        { Basis = basis });
        if (withN)
            rows.Add(new StudyRow($"numeric.{key}.n", label + ": edges", StudyValue.Published(p + ".n"),
                exact is { } n ? StudyValue.Count(n.N) : StudyValue.Missing, StudyValue.Count(study.N))
            { Basis = basis });
    }

    private static void Row(List<StudyRow> rows, string key, string label, double exact, double study, int digits, string basis) =>
        rows.Add(new StudyRow("numeric." + key, label, StudyValue.Published("drift.numeric." + key, digits), StudyValue.Real(exact, digits), StudyValue.Real(study, digits)) { Basis = basis });

    private static StudyValue Order(string path) =>
        StudyFacts.TryGet(path, out var names) ? Order([.. names.EnumerateArray().Select(e => e.GetString()!)]) : StudyValue.Missing;

    private static StudyValue Order(string[] names) => StudyValue.Of(string.Join(" → ", names));

    private static StudyValue Fraction(string agreeing, string oriented) =>
        StudyFacts.Number(agreeing) is { } a && StudyFacts.Number(oriented) is { } o
            ? Fraction((long)a, (long)o).With(StudyFacts.NoteOf(agreeing).Marker(0))
            : StudyValue.Missing;

    private static StudyValue Fraction(long part, long whole) => StudyValue.Of($"{Md.N(part)} / {Md.N(whole)}");
}
