using System.Text.Json;
using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Similarity;

/// <summary>
/// The similarity part of the report: report.json <c>similarity</c> (one object per value: a design configuration with
/// <c>design</c> and <c>config</c>, or a pooled pair type without them; NaN written as null) and
/// <c>similarityVsStudy</c>; report.md one table per genome × measure with the study's 24 configurations (study value,
/// Phylo exact, Phylo study mode) and a table of the pooled pair types; <c>tables/similarity</c> and
/// <c>tables/edges</c> with every measure on every parent–child edge.
/// </summary>
public sealed class SimilaritySection(IReadOnlyList<SimilarityValue> values, ModelTable table, FamilyGraph graph, EdgeSimilarities edges) : IReportSection
{
    public IReadOnlyList<SimilarityValue> Values => values;

    /// <summary>How the run's vocabularies broke ties at the 512-term cut.</summary>
    public Text.TieBreak TieBreak { get; init; }

    /// <summary>Whether study mode ran (<c>--sampled</c>).</summary>
    public bool Sampled { get; init; }

    public string TieBreakName => TieBreak == Text.TieBreak.NumpyQuicksort ? "numpy" : "lexicographic";

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("similaritySettings");
        json.WriteString("tieBreak", TieBreakName);
        json.WriteString("designView", GraphView.Finetune.Name());
        json.WriteBoolean("studyMode", Sampled);
        json.WriteEndObject();
        json.WriteStartArray("similarity");
        foreach (SimilarityValue v in values)
        {
            json.WriteStartObject();
            json.WriteString("genome", v.Genome.Name());
            json.WriteString("measure", v.Measure.Name());
            if (v.Config is { } c)
            {
                json.WriteString("design", c.DesignName);
                json.WriteNumber("config", c.Config);
            }
            json.WriteString("kinship", v.Pair.Name());
            json.WriteString("view", v.View.Name());
            json.WriteString("mode", v.Design.Name());
            json.WriteString("estimate", v.Mode.Name());
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
        "the study's own draws on the fine-tune graph: 5,000 seeded draws per configuration and measure (each measure its own " +
        "draws), pairs lacking the genome on either end dropped and not redrawn (n = pairs kept), mean with a 10,000-resample " +
        "percentile bootstrap 95 % CI; filled by `--sampled`, – otherwise. Exact is the mean over every pair under the " +
        "configuration's own pair weights (n = pairs with both genomes); metadata-clean rows compare with the study's metadata value.";

    /// <summary>The genome whose published values a genome's rows compare with (metadata-clean: the study's metadata).</summary>
    private static Genome StudyGenome(Genome g) => g == Genome.MetadataClean ? Genome.Metadata : g;

    /// <summary>Published (mean, CI) of a configuration, or nulls.</summary>
    public static (double? Mean, double? Low, double? High) Published(Genome g, SimilarityMeasure m, DesignConfig c)
    {
        string path = $"similarity.{StudyGenome(g).Name()}.{m.Name()}.{c.Key}";
        return (StudyFacts.Number(path + ".mean"), StudyFacts.Number(path + ".ciLow"), StudyFacts.Number(path + ".ciHigh"));
    }

    /// <summary>Every design configuration of every text genome and measure: the study's value, Phylo exact, Phylo study mode.</summary>
    public IReadOnlyList<StudyRow> StudyRows()
    {
        var rows = new List<StudyRow>();
        foreach (Genome g in SimilarityNames.TextGenomes)
            foreach (SimilarityMeasure m in StudySampler.Measures)
                foreach (DesignConfig c in DesignConfig.All)
                {
                    SimilarityValue? exact = Find(g, m, c, SampleDesign.Population), study = Find(g, m, c, SampleDesign.Study);
                    (double? mean, double? low, double? high) = Published(g, m, c);
                    StudyValue published = mean is { } v ? StudyValue.Real(v, 3).With(low is { } l && high is { } h ? $"[{Published(l)}, {Published(h)}]" : null) : StudyValue.Missing;
                    rows.Add(new StudyRow($"{g.Name()}.{m.Name()}.{c.Key}", $"{g.Name()} {m.Name()}, {c.DesignName} {c.Config} ({c.Kinship.Name()})",
                        published, Cell(exact, withN: true), Cell(study, withN: true)));
                }
        return rows;
    }

    /// <summary>A published reading as precise as it was read: 0.49, 0.893.</summary>
    private static string Published(double v) => v.ToString("0.00#", System.Globalization.CultureInfo.InvariantCulture);

    private static StudyValue Cell(SimilarityValue? v, bool withN)
    {
        if (v is null || double.IsNaN(v.Mean)) return StudyValue.Missing;
        string? detail = v.Mode == SimilarityMode.Sampled ? $"[{Md.F(v.CiLow, 3)}, {Md.F(v.CiHigh, 3)}]" : null;
        if (withN) detail = detail is null ? $"(n={Md.N(v.N)})" : $"{detail} (n={Md.N(v.N)})";
        return StudyValue.Real(v.Mean, 3).With(detail);
    }

    private static void Number(Utf8JsonWriter json, string name, double v)
    {
        if (double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    /// <summary>The pooled value of (genome, measure, pair, view, procedure), or null.</summary>
    public SimilarityValue? Find(Genome g, SimilarityMeasure m, PairType p, GraphView view, SampleDesign design)
    {
        foreach (SimilarityValue v in values)
            if (v.Config is null && v.Genome == g && v.Measure == m && v.Pair == p && v.View == view && v.Design == design) return v;
        return null;
    }

    /// <summary>The value of a design configuration (genome, measure, procedure), or null.</summary>
    public SimilarityValue? Find(Genome g, SimilarityMeasure m, DesignConfig c, SampleDesign design)
    {
        foreach (SimilarityValue v in values)
            if (v.Config is { } vc && vc.Index == c.Index && v.Genome == g && v.Measure == m && v.Design == design) return v;
        return null;
    }

    public void WriteMarkdown(TextWriter md)
    {
        md.Write("## Genetic similarity\n\n");
        md.Write($"The study's 24 sampling configurations on the fine-tune graph (edges whose final type is fine-tune), per genome and " +
                 $"measure. Vocabulary ties at the 512-term cut broken **{TieBreakName}** (`--tie-break`). *Study*: the published figure's " +
                 "point [95 % CI], read to ±0.003. *Phylo exact*: the mean over every pair under the configuration's own pair weights, " +
                 "n pairs with the genome on both ends; a CI marks a Levenshtein value from a seeded sample of a population too large " +
                 "to enumerate. *Phylo study mode* (`--sampled`): the study's own 5,000 seeded draws per configuration and measure, " +
                 "pairs lacking the genome dropped and not redrawn (n = pairs kept), 10,000-resample bootstrap 95 % CI. The " +
                 "metadata-clean tables compare with the study's metadata values.\n\n");
        foreach (Genome g in SimilarityNames.TextGenomes)
            foreach (SimilarityMeasure m in StudySampler.Measures)
            {
                md.Write($"### {g.Name()} · {MeasureTitle(m)}\n\n");
                var rows = new List<IReadOnlyList<string>>();
                foreach (DesignConfig c in DesignConfig.All)
                {
                    (double? mean, double? low, double? high) = Published(g, m, c);
                    string study = mean is { } v ? Published(v) + (low is { } l && high is { } h ? $" [{Published(l)}, {Published(h)}]" : "") : "–";
                    rows.Add([c.DesignName, c.Config.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Kinship.Name(), study,
                        Cell(Find(g, m, c, SampleDesign.Population), withN: true).Markdown(), Cell(Find(g, m, c, SampleDesign.Study), withN: true).Markdown()]);
                }
                string studyHeader = g == Genome.MetadataClean ? "study (its metadata genome)" : "study";
                Md.Table(md, ["design", "cfg", "kinship", studyHeader, "Phylo exact", "Phylo study mode"], rows);
            }
        md.Write($"Study values: {StudyFacts.SourceShort} (similarity: read off the published figures, ±0.003).\n\n");
        md.Write("### Pooled pair types (Phylo's own, every view)\n\n");
        md.Write("Every pair of a type counted once per path, in each graph view; *sampled* values are means of ≥ 1M uniform draws with a 95 % CI.\n\n");
        var all = new List<IReadOnlyList<string>>();
        foreach (SimilarityValue v in values)
        {
            if (v.Config is not null) continue;
            string ci = v.Mode == SimilarityMode.Sampled ? $" [{Md.F(v.CiLow)}, {Md.F(v.CiHigh)}]" : "";
            all.Add([v.Genome.Name(), v.Measure.Name(), v.Pair.Name(), v.View.Name(), v.Mode.Name(), Md.N(v.N), Md.F(v.Mean) + ci]);
        }
        Md.Table(md, ["genome", "measure", "pair", "view", "estimate", "n", "mean"], all);
    }

    private static string MeasureTitle(SimilarityMeasure m) => m switch
    {
        SimilarityMeasure.TfIdf => "TF-IDF cosine",
        SimilarityMeasure.Bow => "bag-of-words cosine",
        SimilarityMeasure.Levenshtein => "normalized Levenshtein similarity",
        _ => m.Name(),
    };

    /// <summary>tables/similarity: every value of report.json's <c>similarity</c> array, one row each (NaN → empty).</summary>
    private ResultTable ValuesTable()
    {
        int n = values.Count;
        string?[] genome = new string?[n], measure = new string?[n], design = new string?[n], kinship = new string?[n], view = new string?[n],
            mode = new string?[n], estimate = new string?[n];
        long[] config = new long[n], count = new long[n];
        double[] mean = new double[n], low = new double[n], high = new double[n];
        for (int i = 0; i < n; i++)
        {
            SimilarityValue v = values[i];
            (genome[i], measure[i], design[i], kinship[i], view[i], mode[i], estimate[i]) =
                (v.Genome.Name(), v.Measure.Name(), v.Config?.DesignName, v.Pair.Name(), v.View.Name(), v.Design.Name(), v.Mode.Name());
            (config[i], count[i], mean[i], low[i], high[i]) = (v.Config?.Config ?? 0, v.N, v.Mean, v.CiLow, v.CiHigh);
        }
        return new ResultTable("similarity").Add("genome", genome).Add("measure", measure).Add("design", design).Add("config", config)
            .Add("kinship", kinship).Add("view", view).Add("mode", mode).Add("estimate", estimate).Add("n", count)
            .Add("mean", mean).Add("ci_low", low).Add("ci_high", high);
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
            .Add("meta_clean_tfidf", v[7]).Add("meta_clean_bow", v[8]).Add("meta_clean_lev", v[9])
            .Add("traits_jaccard", v[10]);
        yield return graph.Inferred is { } inferred ? edgeTable.Add("inferred", inferred) : edgeTable;   // only with --with-inferred
    }
}
