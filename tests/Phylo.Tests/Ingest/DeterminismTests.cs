using Phylo.Analyses;
using Phylo.Run;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Ingest;

/// <summary>Same input → byte-identical report.json and rejected.csv, whatever the worker count or chunk size.</summary>
[Trait("Speed", "Slow")]
public class DeterminismTests
{
    [RealDataFact]
    public void Report_and_quarantine_are_byte_identical_for_1_and_3_workers()
    {
        var inputs = RealData.FamilyFiles().Append(RealData.GraphSample).ToArray();
        string a = Run(inputs, 1), b = Run(inputs, 3);
        try { AssertSameOutputs(a, b); }
        finally { Directory.Delete(a, recursive: true); Directory.Delete(b, recursive: true); }
    }

    private static void AssertSameOutputs(string a, string b)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "report.json")), File.ReadAllBytes(Path.Combine(b, "report.json")));
        Assert.Equal(ReportFiles.ResultsOnly(Path.Combine(a, "report.md")), ReportFiles.ResultsOnly(Path.Combine(b, "report.md")));
        Assert.Contains(File.ReadAllLines(Path.Combine(a, "report.md")), l => l.StartsWith(RunHeader.LinePrefix + "models:", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "rejected.csv")), File.ReadAllBytes(Path.Combine(b, "rejected.csv")));
        var tables = Directory.GetFiles(Path.Combine(a, "tables"), "*.csv").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("trait_shares.csv", tables);
        Assert.Contains("growth.csv", tables);
        Assert.Equal(tables, Directory.GetFiles(Path.Combine(b, "tables"), "*.csv").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        foreach (string t in tables)
            Assert.True(File.ReadAllBytes(Path.Combine(a, "tables", t)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, "tables", t))), t);
    }

    [Fact]
    public void Table_is_identical_for_any_chunk_size_and_worker_count()
    {
        var csv = new PublishedCsv();
        for (int i = 0; i < 400; i++)
            csv.Row($"org/m{i}", parents: i > 0 ? $"['org/m{i / 3}']" : "[]", licenses: i % 2 == 0 ? "['mit']" : "['apache-2.0', 'other']",
                card: i % 5 == 0 ? $"card {i}\nline, \"two\"" : null);
        csv.Raw("400,org/broken,1\n");
        string path = TestIngest.TempFile(csv.ToString());
        var reference = TestIngest.Run([path], threads: 1, chunkBytes: 1 << 20);
        foreach (var (threads, chunk) in new[] { (2, 64), (4, 1000), (3, 4096) })
        {
            var r = TestIngest.Run([path], threads, chunk);
            Assert.Equal(reference.Table.Ids, r.Table.Ids);
            Assert.Equal(reference.Graph.EdgeParent, r.Graph.EdgeParent);
            Assert.Equal(reference.Graph.EdgeChild, r.Graph.EdgeChild);
            Assert.Equal(reference.RejectedCsv, r.RejectedCsv);
            for (int m = 0; m < r.Table.Count; m++) Assert.Equal(reference.Table.Cards![m].ToArray(), r.Table.Cards![m].ToArray());
        }
    }

    private static string Run(string[] inputs, int threads)
    {
        string dir = Path.Combine(Path.GetTempPath(), "phylo-det-" + Guid.NewGuid().ToString("N"));
        // 20,000 pairs per population (default 200,000): the larger populations are still sampled, at a tenth of the cost.
        AnalysisRun.Execute(new AnalyzeOptions(inputs, dir, threads) { Similarity = new SimilarityTuning(SampleSize: 20_000) });
        return dir;
    }
}
