using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Phylo.Graph;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phylo.Tests.Ingest;

public class RealDataIngestTests(ITestOutputHelper output)
{
    [RealDataFact]
    public void Graph_sample_has_the_documented_models_and_typed_edges()
    {
        var r = TestIngest.Run(RealData.GraphSample);
        Assert.Equal(InputFormat.GraphJson, r.Inputs[0].Format);
        Assert.Equal(1042, r.Table.Count);
        Assert.Equal(1041, r.Graph.EdgeCount);
        long[] byType = r.Graph.Stats.EdgesByType;
        Assert.Equal(522, byType[(int)EdgeType.Adapter]);
        Assert.Equal(282, byType[(int)EdgeType.Finetune]);
        Assert.Equal(237, byType[(int)EdgeType.Quantized]);
        Assert.Equal(0, r.Rejects.Total);
    }

    public static TheoryData<string> FamilyFileNames()
    {
        var data = new TheoryData<string>();
        if (RealData.Root is null) { data.Add("(unset)"); return data; }
        foreach (var f in RealData.FamilyFiles()) data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>
    /// Every data row of a crawl file either becomes a model or is rejected with a reason; the oracle for
    /// the row count and the set of ids is CsvHelper plus plain string handling, not Phylo's parsers.
    /// </summary>
    [RealDataTheory]
    [MemberData(nameof(FamilyFileNames))]
    public void Crawl_file_rows_are_all_accounted_for(string name)
    {
        string path = Path.Combine(RealData.FamiliesDir, name);
        var (rows, naRows, distinctIds) = Oracle(path);
        var r = TestIngest.Run(path);
        Assert.Contains(r.Inputs[0].Format, new[] { InputFormat.CrawlCsvFull, InputFormat.CrawlCsvSlim });
        Assert.Equal(rows, r.Inputs[0].Records);
        Assert.Equal(naRows, r.Rejects.ByReason.GetValueOrDefault("metadata-na"));
        Assert.Equal(distinctIds, r.Table.Count);
        Assert.Equal(rows, r.Table.Count + r.Rejects.RowsDropped);
        output.WriteLine($"{name}: {rows} rows, {r.Table.Count} models, {r.Graph.EdgeCount} edges, rejected {string.Join(' ', r.Rejects.ByReason)}");
    }

    /// <summary>
    /// The crawl's depth column is its BFS distance from the family root; wherever a model's every ancestor
    /// (in the forest view) is in the file, Phylo's generation must equal it.
    /// </summary>
    [RealDataTheory]
    [MemberData(nameof(FamilyFileNames))]
    public void Crawl_depth_equals_generation_where_the_lineage_is_complete(string name)
    {
        var r = TestIngest.Run(Path.Combine(RealData.FamiliesDir, name));
        var t = r.Table;
        var g = r.Graph;
        int checkedModels = 0, mismatched = 0;
        for (int m = 0; m < t.Count; m++)
        {
            if (t.CrawlDepth[m] < 0) continue;
            int root = g.Root[m];
            if (t.CrawlDepth[root] != 0) continue; // lineage leaves the file before reaching the crawl root
            if (HasOtherParentPath(g, m)) continue; // several parents: crawl BFS depth is the shortest path
            checkedModels++;
            if (g.Generation[m] != t.CrawlDepth[m])
            {
                mismatched++;
                output.WriteLine($"{t.Ids[m]}: depth {t.CrawlDepth[m]}, generation {g.Generation[m]}");
            }
        }
        output.WriteLine($"{name}: checked {checkedModels} of {t.Count}");
        Assert.Equal(0, mismatched);
    }

    private static bool HasOtherParentPath(FamilyGraph g, int m)
    {
        for (int v = m; v >= 0; v = g.ForestParent[v])
            if (g.InEdges(v).Length > 1) return true;
        return false;
    }

    private static (long Rows, long NaRows, int DistinctIds) Oracle(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        csv.Read();
        csv.ReadHeader();
        long rows = 0, na = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            rows++;
            string meta = csv.GetField("metadata")?.Trim() ?? "";
            if (meta is "N/A" or "") { na++; continue; }
            string id = csv.GetField("model_id")!.Trim();
            const string url = "https://huggingface.co/";
            if (id.StartsWith(url, StringComparison.Ordinal)) id = id[url.Length..];
            ids.Add(id.TrimEnd('/'));
        }
        return (rows, na, ids.Count);
    }
}
