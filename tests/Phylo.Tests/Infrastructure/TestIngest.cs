using Phylo.Graph;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

namespace Phylo.Tests.Infrastructure;

/// <summary>Runs the real ingest pipeline on files, for tests.</summary>
public static class TestIngest
{
    public sealed record Result(ModelTable Table, FamilyGraph Graph, RejectLog Rejects, IReadOnlyList<InputSummary> Inputs, string RejectedCsv);

    /// <summary>Ingests <paramref name="paths"/> keeping every card data (features, lineage bodies and the whole text, so
    /// tests can check what ingest decoded).</summary>
    public static Result Run(IEnumerable<string> paths, int threads = 2, int chunkBytes = 1 << 20, bool strict = false)
    {
        var csv = new StringWriter();
        var rejects = new RejectLog(csv, strict);
        var ingestor = new Ingestor(new IngestOptions(threads, ChunkBytes: chunkBytes) { KeepCardBodies = true, KeepCardText = true }, rejects);
        foreach (var p in paths) ingestor.Add(p);
        var table = ingestor.Build();
        return new Result(table, FamilyGraphBuilder.Build(table), rejects, ingestor.Inputs, csv.ToString());
    }

    public static Result Run(params string[] paths) => Run((IEnumerable<string>)paths);

    /// <summary>Writes text to a fresh temp file with the given extension and returns its path.</summary>
    public static string TempFile(string content, string ext = ".csv")
    {
        string path = Path.Combine(Path.GetTempPath(), "phylo-test-" + Guid.NewGuid().ToString("N") + ext);
        File.WriteAllText(path, content);
        return path;
    }

    public static string TempFile(byte[] content, string ext = ".csv")
    {
        string path = Path.Combine(Path.GetTempPath(), "phylo-test-" + Guid.NewGuid().ToString("N") + ext);
        File.WriteAllBytes(path, content);
        return path;
    }
}
