using System.Globalization;
using System.Text.Json;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>The report.json drift section.</summary>
internal static class DriftJson
{
    public static void Write(DriftResult r, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("studyView", r.Options.StudyView.Name());
        WriteMutation(r, w);
        WriteTransitions(r, w);
        WriteOrdering(r, w);
        WriteNumeric(r, w);
        WriteCompliance(r.Compliance, w);
        WriteChain(r.Chain, w);
        WriteStudy(r, w);
        Report.StudyComparison.WriteJson(w, "vsStudy", DriftStudyRows.Of(r), DriftStudyRows.Note);
        w.WriteEndObject();
    }

    private static void WriteMutation(DriftResult r, Utf8JsonWriter w)
    {
        w.WriteStartObject("mutationRate");
        foreach (var m in r.Mutation)
        {
            w.WriteStartObject(m.Trait.Name());
            WriteRate(w, m.Study);
            w.WriteStartObject("views");
            foreach (var view in GraphViews.All) { w.WriteStartObject(view.Name()); WriteRate(w, m.Views[(int)view]); w.WriteEndObject(); }
            w.WriteEndObject();
            ByRelation(w, m.Relations, WriteRate);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>A "relations" object: one member per primary relation, in <see cref="Relations.AllTypes"/> order.</summary>
    private static void ByRelation<T>(Utf8JsonWriter w, T[] byType, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartObject("relations");
        foreach (var type in Relations.AllTypes)
        {
            w.WriteStartObject(type.Name());
            write(w, byType[(int)type]);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteRate(Utf8JsonWriter w, RateN rate)
    {
        Number(w, "rate", rate.Rate);
        w.WriteNumber("n", rate.N);
    }

    private static void WriteTransitions(DriftResult r, Utf8JsonWriter w)
    {
        w.WriteStartObject("transitions");
        foreach (var t in r.Transitions)
        {
            w.WriteStartObject(t.Trait.Name());
            w.WriteNumber("edges", t.Edges);
            w.WriteNumber("pairs", t.From.Length);
            w.WriteNumber("transitions", Sum(t.Transitions));
            w.WriteNumber("cleanTransitions", Sum(t.CleanTransitions));
            w.WriteString("table", DriftTables.TransitionsName(t.Trait) + ".csv");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteOrdering(DriftResult r, Utf8JsonWriter w)
    {
        w.WriteStartObject("ordering");
        foreach (var o in r.Orderings)
        {
            w.WriteStartObject(o.Trait.Name());
            Strings(w, "ranked", o.Ranked);
            Strings(w, "order", o.Order);
            w.WriteNumber("agreeingPairs", o.AgreeingPairs);
            w.WriteNumber("orientedPairs", o.OrientedPairs);
            Number(w, "forwardShare", o.ForwardShare);
            Strings(w, "weightedOrder", o.WeightedOrder);
            w.WriteNumber("weightedAgreeingPairs", o.WeightedAgreeingPairs);
            Number(w, "weightedForwardShare", o.WeightedForwardShare);
            w.WriteNumber("agreeingTraffic", o.AgreeingTraffic);
            w.WriteNumber("totalTraffic", o.TotalTraffic);
            w.WriteNumber("orientedTransitions", o.OrientedTransitions);
            w.WriteNumber("weightedForward", o.WeightedForward);
            w.WriteNumber("rankedTransitions", o.RankedTransitions);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteNumeric(DriftResult r, Utf8JsonWriter w)
    {
        w.WriteStartObject("bootstrap");
        w.WriteString("method", "poisson-random-group");
        w.WriteNumber("replicates", r.Options.BootstrapReplicates);
        w.WriteNumber("groups", r.Options.BootstrapBuckets);
        w.WriteString("seed", r.Options.Seed.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("level", NumericDriftAnalysis.Level);
        w.WriteString("ci", "child - parent");
        w.WriteEndObject();

        w.WriteStartObject("numeric");
        foreach (var d in r.Numeric)
        {
            w.WriteStartObject(d.Metric.Name());
            WriteStat(w, d.Overall);
            ByRelation(w, d.Relations, WriteStat);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteStat(Utf8JsonWriter w, NumericStat s)
    {
        Number(w, "parentMean", s.ParentMean);
        Number(w, "childMean", s.ChildMean);
        Number(w, "difference", s.Difference);
        w.WriteNumber("n", s.N);
        Number(w, "ciLow", s.CiLow);
        Number(w, "ciHigh", s.CiHigh);
    }

    private static void WriteCompliance(LicenseComplianceResult c, Utf8JsonWriter w)
    {
        w.WriteStartObject("licenseCompliance");
        w.WriteString("view", c.View.Name());
        w.WriteNumber("edges", c.Edges);
        w.WriteStartArray("classes");
        foreach (var cls in LicenseClasses.All) w.WriteStringValue(cls.Name());
        w.WriteEndArray();
        w.WriteStartArray("classMatrix");
        foreach (var row in c.ClassMatrix) { w.WriteStartArray(); foreach (long n in row) w.WriteNumberValue(n); w.WriteEndArray(); }
        w.WriteEndArray();
        w.WriteNumber("flaggedEdges", c.Flags.Length);
        w.WriteNumber("unlicensedChildrenOfRestricted", c.UnlicensedChildren);
        NamedCounts(w, "byParentLicense", "license", c.ByParentLicense);
        NamedCounts(w, "topFamilies", "root", c.TopFamilies);
        w.WriteString("table", DriftTables.FlagsName + ".csv");
        w.WriteEndObject();
    }

    private static void WriteChain(LicenseChainResult c, Utf8JsonWriter w)
    {
        w.WriteStartObject("licenseStationary");
        w.WriteString("view", GraphView.NoMerge.Name());
        Strings(w, "states", c.States);
        Numbers(w, "rootMix", c.RootMix);
        w.WriteStartObject("afterGenerations");
        foreach (var (generation, mix) in c.Mixes) Numbers(w, generation.ToString(CultureInfo.InvariantCulture), mix);
        w.WriteEndObject();
        Numbers(w, "stationary", c.Stationary);
        w.WriteNumber("iterations", c.Iterations);
        Number(w, "residual", c.Residual);
        w.WriteStartArray("matrix");
        foreach (var row in c.Matrix) { w.WriteStartArray(); foreach (double p in row) w.WriteNumberValue(p); w.WriteEndArray(); }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>"studyMode": drift by the study's rules over the study's graph (docs/definitions.md).</summary>
    private static void WriteStudy(DriftResult r, Utf8JsonWriter w)
    {
        var s = r.Study;
        w.WriteStartObject("studyMode");
        w.WriteStartObject("mutationRate");
        for (int t = 0; t < r.Options.Traits.Count; t++)
        {
            w.WriteStartObject(r.Options.Traits[t].Name());
            w.WriteStartObject("finetune"); WriteRate(w, s.MutationFinetune[t]); w.WriteEndObject();
            w.WriteStartObject("all"); WriteRate(w, s.MutationAllEdges[t]); w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("numeric");
        foreach (StudyMetric metric in Enum.GetValues<StudyMetric>())
        {
            w.WriteStartObject(JsonNamingPolicy.CamelCase.ConvertName(metric.ToString()));
            WriteMean(w, s.Overall(metric));
            ByRelation(w, s.Numeric[(int)metric][1..], WriteMean);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteNumber("models", s.Models);
        w.WriteNumber("modelsWithCard", s.ModelsWithCard);
        w.WriteEndObject();
    }

    private static void WriteMean(Utf8JsonWriter w, StudyMean m)
    {
        Number(w, "parentMean", m.ParentMean);
        Number(w, "childMean", m.ChildMean);
        w.WriteNumber("n", m.N);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static void Numbers(Utf8JsonWriter w, string name, double[] values)
    {
        w.WriteStartArray(name);
        foreach (double v in values) { if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, string[] values)
    {
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void NamedCounts(Utf8JsonWriter w, string name, string key, NamedCount[] items)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            w.WriteString(key, item.Name);
            w.WriteNumber("edges", item.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static long Sum(long[] values)
    {
        long s = 0;
        foreach (long v in values) s += v;
        return s;
    }
}
