using Phylo.Analyses;
using Phylo.Run;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Store;

/// <summary>A report made from a snapshot is the report made from the snapshot's inputs, byte for byte.</summary>
[Trait("Speed", "Slow")]
public sealed class SnapshotAnalyzeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"phylo-snapshot-{Guid.NewGuid():N}");

    public SnapshotAnalyzeTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Analyze(string name, params string[] inputs)
    {
        string outDir = Path.Combine(_dir, name);
        AnalysisRun.Execute(new AnalyzeOptions(inputs, outDir, Threads: 2));
        return outDir;
    }

    private string Ingest(string name, params string[] inputs) => Ingest(name, fits: false, inputs);

    private string Ingest(string name, bool fits, params string[] inputs)
    {
        string path = Path.Combine(_dir, name);
        SnapshotRun.Execute(inputs, path, threads: 2, strict: false, keepCards: true, SilentObserver.Instance, fits: fits);
        return path;
    }

    /// <summary>Every output file but run.json (times, paths) is byte-identical.</summary>
    private static void AssertSameOutputs(string expectedDir, string actualDir, params string[] only)
    {
        var files = Directory.GetFiles(expectedDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(expectedDir, f)).Where(f => f != "run.json" && (only.Length == 0 || only.Contains(f))).Order().ToList();
        Assert.Contains("report.json", files);
        foreach (string f in files)
        {
            if (f == "report.md") // its run header (times, memory) varies by design; the rest must not
            {
                Assert.Equal(ReportFiles.ResultsOnly(Path.Combine(expectedDir, f)), ReportFiles.ResultsOnly(Path.Combine(actualDir, f)));
                continue;
            }
            Assert.True(File.ReadAllBytes(Path.Combine(expectedDir, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualDir, f))), $"{f} differs");
        }
    }

    /// <summary>A published CSV with a family, non-ASCII cards and rows the ingest rejects.</summary>
    private string PublishedWithRejects(string name, int first)
    {
        var csv = new PublishedCsv()
            .Row($"org/base{first}", licenses: "['apache-2.0']", languages: "['en']", card: "# Base\nA base model card, long enough — ünïcödé.")
            .Row($"org/ft{first}", finetune: $"['org/base{first}']", card: "This model card was automatically generated.")
            .Row($"org/q{first}", quantized: $"['org/base{first}']", merge: $"['org/base{first}', 'org/base{first}', 'gone/x']")
            .Row("shared/dup", card: "from " + name)
            .Row($"org/ft{first}")                          // duplicate id
            .Row($"org/bad{first}", licenses: "['unclosed"); // bad list literal
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void Analyze_of_a_snapshot_writes_the_same_report_and_quarantine_as_analyze_of_its_inputs()
    {
        string a = PublishedWithRejects("a.csv", 0), b = PublishedWithRejects("b.csv", 10);
        string snapshot = Ingest("eco.phylo", a, b);
        AssertSameOutputs(Analyze("from-inputs", a, b), Analyze("from-snapshot", snapshot));
    }

    [Fact]
    public void A_snapshot_with_stored_fits_writes_the_same_report_as_its_inputs()
    {
        string a = PublishedWithRejects("a.csv", 0), b = PublishedWithRejects("b.csv", 10);
        string snapshot = Ingest("fits.phylo", fits: true, a, b);
        Assert.NotNull(Phylo.Store.Snapshot.Load(snapshot, 2, Phylo.Table.CardKeep.Features | Phylo.Table.CardKeep.Fits).Table.Fits);
        AssertSameOutputs(Analyze("from-inputs", a, b), Analyze("from-fits", snapshot));
    }

    [Fact]
    public void A_snapshot_mixed_with_other_inputs_is_replayed_into_the_same_report()
    {
        string a = PublishedWithRejects("a.csv", 0), b = PublishedWithRejects("b.csv", 10);
        string snapA = Ingest("a.phylo", a), snapB = Ingest("b.phylo", b);
        string expected = Analyze("from-inputs", a, b);
        // Snapshot first (kept whole, then replayed when b follows): the quarantine is identical too.
        AssertSameOutputs(expected, Analyze("snapshot-first", snapA, b));
        // Snapshot last: its duplicate of shared/dup is reported at its row in the snapshot, so only the report is compared.
        AssertSameOutputs(expected, Analyze("snapshot-last", a, snapB), "report.json", "report.md");
        AssertSameOutputs(expected, Analyze("two-snapshots", snapA, snapB), "report.json", "report.md");
    }

    [RealDataFact]
    public void Analyze_of_a_snapshot_of_the_real_crawls_matches_analyze_of_the_crawls()
    {
        string[] files = [.. RealData.FamilyFiles()];
        string snapshot = Ingest("families.phylo", files);
        AssertSameOutputs(Analyze("from-inputs", files), Analyze("from-snapshot", snapshot));
    }
}
