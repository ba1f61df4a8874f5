using System.Text.Json;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Lineage;

/// <summary>
/// <c>lineage infer</c> → <c>analyze --with-inferred</c> through the real CLI on a small synthetic ecosystem: edge counts
/// grow by exactly the accepted inferred edges, rejected links are counted by kind, a bad file exits 2 with file:line,
/// and the report without the flag has no trace of the feature.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class WithInferredCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-with-inferred-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Inferred_edges_join_the_graph_counted_and_flagged()
    {
        string eco = Path.Combine(_dir, "eco.csv");
        using (var fs = File.Create(eco)) SyntheticEcosystem.Write(fs, new SynthOptions(1500, 11, CardMode.Prefix, 2));
        string model = Path.Combine(_dir, "m.zip"), inferred = Path.Combine(_dir, "inferred_edges.csv");
        Ok(PhyloProcess.Run("lineage", "train", eco, "--model", model, "--trees", "20", "--quiet"));
        Ok(PhyloProcess.Run("lineage", "infer", eco, "--model", model, "--min-score", "0.2", "--out", inferred, "--quiet"));
        int written = File.ReadAllLines(inferred).Length - 1;
        Assert.True(written > 20, $"only {written} inferred edges");

        string plain = Path.Combine(_dir, "plain");
        Ok(PhyloProcess.Run("analyze", eco, "--out", plain, "--quiet"));
        using var before = JsonDocument.Parse(File.ReadAllText(Path.Combine(plain, "report.json")));
        JsonElement g0 = before.RootElement.GetProperty("graph");
        Assert.False(g0.TryGetProperty("inferred", out _));
        Assert.DoesNotContain("inferred", File.ReadLines(Path.Combine(plain, "tables", "edges.csv")).First(), StringComparison.Ordinal);

        // A declared edge (parent, child) of the report's edge table, to build a repeat and a cycle from.
        string[] declared = File.ReadLines(Path.Combine(plain, "tables", "edges.csv")).Skip(1).First().Split(',');
        File.AppendAllText(inferred,
            $"nobody/unknown,{declared[0]},0.9,finetune\n" +          // unknown model
            $"{declared[1]},{declared[1]},0.9,finetune\n" +           // self link
            $"{declared[1]},{declared[0]},0.9,merge\n" +              // repeats a declared edge
            $"{declared[0]},{declared[1]},0.9,finetune\n");           // closes a cycle
        string with = Path.Combine(_dir, "with");
        Ok(PhyloProcess.Run("analyze", eco, "--out", with, "--quiet", "--with-inferred", inferred));
        using var after = JsonDocument.Parse(File.ReadAllText(Path.Combine(with, "report.json")));
        JsonElement g1 = after.RootElement.GetProperty("graph"), inf = g1.GetProperty("inferred");
        long added = inf.GetProperty("added").GetInt64();
        Assert.Equal(written + 4, inf.GetProperty("given").GetInt64());
        Assert.Equal(1, inf.GetProperty("unknownModel").GetInt64());
        Assert.Equal(1, inf.GetProperty("selfLinks").GetInt64());
        Assert.True(inf.GetProperty("duplicates").GetInt64() >= 1);
        Assert.True(inf.GetProperty("cyclesClosed").GetInt64() >= 1);
        Assert.Equal(written + 4, added + inf.GetProperty("unknownModel").GetInt64() + inf.GetProperty("selfLinks").GetInt64()
            + inf.GetProperty("duplicates").GetInt64() + inf.GetProperty("cyclesClosed").GetInt64());
        Assert.True(added > 0);
        Assert.Equal(g0.GetProperty("edges").GetInt64() + added, g1.GetProperty("edges").GetInt64());

        string[] edges = File.ReadAllLines(Path.Combine(with, "tables", "edges.csv"));
        Assert.EndsWith(",inferred", edges[0], StringComparison.Ordinal);
        Assert.Equal(added, edges.Skip(1).Count(l => l.EndsWith(",true", StringComparison.Ordinal)));
        Assert.Equal(g0.GetProperty("edges").GetInt64(), edges.Skip(1).Count(l => l.EndsWith(",false", StringComparison.Ordinal)));
        Assert.Contains("inferred edges added", File.ReadAllText(Path.Combine(with, "report.md")), StringComparison.Ordinal);

        // Sharded: shard 0's part carries the links; the merge, which opens no input, gives the same report.
        string[] parts = [Path.Combine(_dir, "p0.phylopart"), Path.Combine(_dir, "p1.phylopart")];
        for (int i = 0; i < 2; i++)
            Ok(PhyloProcess.Run("analyze", eco, "--shard", $"{i}", "--shard-count", "2", "--out", parts[i], "--quiet", "--with-inferred", inferred));
        string merged = Path.Combine(_dir, "merged");
        File.Move(inferred, inferred + ".away");
        Ok(PhyloProcess.Run("merge", parts[0], parts[1], "--out", merged, "--quiet"));
        File.Move(inferred + ".away", inferred);
        Run.ShardedRun.AssertSameReport(with, merged);

        File.AppendAllText(inferred, "a,b,0.5\n");
        var bad = PhyloProcess.Run("analyze", eco, "--out", Path.Combine(_dir, "bad"), "--quiet", "--with-inferred", inferred);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"{inferred}:{written + 6}: expected 4 fields", bad.StdErr, StringComparison.Ordinal);
    }

    private static void Ok(PhyloProcess.Result r) => Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
}
