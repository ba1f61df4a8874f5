using System.Text.Json;
using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Similarity;

/// <summary>
/// The similarity part of the report: report.json <c>similarity</c> (one object per genome, measure, pair type,
/// view and design; NaN written as null), a report.md table of TF-IDF means beside the study's, and
/// <c>tables/edges</c> with every measure on every parent–child edge.
/// </summary>
public sealed class SimilaritySection(IReadOnlyList<SimilarityValue> values, ModelTable table, FamilyGraph graph, EdgeSimilarities edges) : IReportSection
{
    public IReadOnlyList<SimilarityValue> Values => values;

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartArray("similarity");
        foreach (SimilarityValue v in values)
        {
            json.WriteStartObject();
            json.WriteString("genome", v.Genome.Name());
            json.WriteString("measure", v.Measure.Name());
            json.WriteString("pair", v.Pair.Name());
            json.WriteString("view", v.View.Name());
            json.WriteString("mode", v.Mode.Name());
            json.WriteString("design", v.Design.Name());
            json.WriteNumber("n", v.N);
            Number(json, "mean", v.Mean);
            Number(json, "ciLow", v.CiLow);
            Number(json, "ciHigh", v.CiHigh);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        StudyComparison.WriteJson(json, "similarityVsStudy", StudyRows(), StudyModeNote);
    }

    /// <summary>What study mode means for the similarity rows.</summary>
    public const string StudyModeNote =
        "the study's weighted designs (e.g. a parent drawn with weight C(k,2), then two of its k children), 5,000 seeded " +
        "draws per pair type with a 10,000-resample bootstrap 95 % CI, shown as [low, high]; filled by `--sampled`, – otherwise. " +
        "Exact is the mean over every pair of the type (n pairs).";

    /// <summary>The study's TF-IDF means per genome and pair type beside Phylo's exact and study-design means.</summary>
    public IReadOnlyList<StudyRow> StudyRows()
    {
        var rows = new List<StudyRow>();
        foreach (Genome g in (Genome[])[Genome.Card, Genome.Metadata])
            foreach (PairType p in PairTypes.All)
            {
                SimilarityValue? exact = Find(g, SimilarityMeasure.TfIdf, p, GraphView.All, SampleDesign.Population);
                SimilarityValue? sampled = Find(g, SimilarityMeasure.TfIdf, p, GraphView.All, SampleDesign.Study);
                rows.Add(new StudyRow($"{g.Name()}.tfidf.{p.Name()}", $"{g.Name()} TF-IDF, {p.Name()}",
                    StudyValue.Published($"similarity.{g.Name()}.tfidf.{p.Name()}", 2),
                    exact is null ? StudyValue.Missing : StudyValue.Real(exact.Mean, 4).With($"(n={Md.N(exact.N)})"),
                    sampled is null ? StudyValue.Missing : StudyValue.Real(sampled.Mean, 4).With($"[{Md.F(sampled.CiLow)}, {Md.F(sampled.CiHigh)}]")));
            }
        return rows;
    }

    private static void Number(Utf8JsonWriter json, string name, double v)
    {
        if (double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    /// <summary>The value of (genome, measure, pair, view, design), or null.</summary>
    public SimilarityValue? Find(Genome g, SimilarityMeasure m, PairType p, GraphView view, SampleDesign design)
    {
        foreach (SimilarityValue v in values)
            if (v.Genome == g && v.Measure == m && v.Pair == p && v.View == view && v.Design == design) return v;
        return null;
    }

    public void WriteMarkdown(TextWriter md)
    {
        md.Write("## Genetic similarity by pair type\n\n");
        md.Write("Mean TF-IDF cosine over all edges (view `all`).\n\n");
        StudyComparison.WriteMarkdown(md, StudyRows(), StudyModeNote);
        md.Write("Every measure (view `all`, default run; *sampled* values are means of ≥ 1M uniform draws with a 95 % CI):\n\n");
        var all = new List<IReadOnlyList<string>>();
        foreach (SimilarityValue v in values)
        {
            if (v.View != GraphView.All || v.Design != SampleDesign.Population) continue;
            string ci = v.Mode == SimilarityMode.Sampled ? $" [{Md.F(v.CiLow)}, {Md.F(v.CiHigh)}]" : "";
            all.Add([v.Genome.Name(), v.Measure.Name(), v.Pair.Name(), v.Mode.Name(), Md.N(v.N), Md.F(v.Mean) + ci]);
        }
        Md.Table(md, ["genome", "measure", "pair", "mode", "n", "mean"], all);
    }

    /// <summary>tables/similarity: every value of report.json's <c>similarity</c> array, one row each (NaN → empty).</summary>
    private ResultTable ValuesTable()
    {
        int n = values.Count;
        string?[] genome = new string?[n], measure = new string?[n], pair = new string?[n], view = new string?[n], mode = new string?[n], design = new string?[n];
        long[] count = new long[n];
        double[] mean = new double[n], low = new double[n], high = new double[n];
        for (int i = 0; i < n; i++)
        {
            SimilarityValue v = values[i];
            (genome[i], measure[i], pair[i], view[i], mode[i], design[i]) = (v.Genome.Name(), v.Measure.Name(), v.Pair.Name(), v.View.Name(), v.Mode.Name(), v.Design.Name());
            (count[i], mean[i], low[i], high[i]) = (v.N, v.Mean, v.CiLow, v.CiHigh);
        }
        return new ResultTable("similarity").Add("genome", genome).Add("measure", measure).Add("pair", pair).Add("view", view)
            .Add("mode", mode).Add("design", design).Add("n", count).Add("mean", mean).Add("ci_low", low).Add("ci_high", high);
    }

    public IEnumerable<ResultTable> Tables()
    {
        int m = graph.EdgeCount;
        var parent = new string?[m];
        var child = new string?[m];
        var relation = new string?[m];
        for (int e = 0; e < m; e++)
        {
            parent[e] = table.Ids[graph.EdgeParent[e]];
            child[e] = table.Ids[graph.EdgeChild[e]];
            relation[e] = graph.EdgeTypes[e].Name();
        }
        yield return ValuesTable();
        double[][] v = edges.Values;
        var edgeTable = new ResultTable("edges")
            .Add("parent", parent).Add("child", child).Add("relation", relation)
            .Add("card_tfidf", v[0]).Add("card_bow", v[1]).Add("card_lev", v[2])
            .Add("meta_tfidf", v[4]).Add("meta_bow", v[5]).Add("meta_lev", v[6])
            .Add("traits_jaccard", v[7]);
        yield return graph.Inferred is { } inferred ? edgeTable.Add("inferred", inferred) : edgeTable;   // only with --with-inferred
    }
}
