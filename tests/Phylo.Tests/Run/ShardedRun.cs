using Phylo.Analyses;
using Phylo.Run;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>Runs the steps of a sharded analysis in process (prepare ×2, n shards, merge) and compares outputs.</summary>
public static class ShardedRun
{
    /// <summary>Small designs so a sampled run takes seconds (the same for single and sharded runs: part of the options).</summary>
    public static readonly SimilarityTuning SmallDesigns = new(SampleSize: 20_000, StudyDraws: 400, BootstrapResamples: 500);

    public static AnalyzeOptions Options(string[] inputs, string outDir, bool sampled) =>
        new(inputs, outDir, Threads: 2, Seed: 5, Sampled: sampled) { Similarity = SmallDesigns };

    /// <summary>Every step of an n-shard run into <paramref name="dir"/>; returns the merged report directory. The steps
    /// read copies of the inputs (and of the inferred links), deleted before the merge: a merge that opened an input fails.</summary>
    /// <param name="shipMarks">Prepare round 2 ships the analysis shards' marks (<c>--marks-for n</c>); false: each shard marks itself.</param>
    public static string Run(AnalyzeOptions o, int n, string dir, bool shipMarks = true)
    {
        var obs = SilentObserver.Instance;
        Directory.CreateDirectory(dir);
        string P(string name) => Path.Combine(dir, name);
        string copies = P("inputs");
        string Copy(string file, int k)
        {
            string to = Path.Combine(copies, k.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
            return to;
        }
        o = o with { Inputs = [.. o.Inputs.Select(Copy)], InferredEdges = o.InferredEdges is { } links ? Copy(links, -1) : null };
        for (int i = 0; i < n; i++) ShardRun.Prepare(o, i, n, null, P($"counts-{i}.phylopart"), obs);
        ShardRun.MergePrepared([.. Enumerable.Range(0, n).Select(i => P($"counts-{i}.phylopart"))], P("candidates.phylopart"));
        for (int i = 0; i < n; i++) ShardRun.Prepare(o, i, n, P("candidates.phylopart"), P($"stats-{i}.phylopart"), obs, shipMarks ? [n] : null);
        ShardRun.MergePrepared([.. Enumerable.Range(0, n).Select(i => P($"stats-{i}.phylopart"))], P("prepared.phylopart"));
        for (int i = 0; i < n; i++) ShardRun.AnalyzeShard(o, i, n, P("prepared.phylopart"), P($"part-{i}.phylopart"), obs);
        string merged = P("merged");
        Directory.Delete(copies, recursive: true);
        ShardRun.Merge([.. Enumerable.Range(0, n).Reverse().Select(i => P($"part-{i}.phylopart"))], o with { OutDir = merged }, obs);
        return merged;
    }

    /// <summary>report.json, rejected.csv and every table byte for byte; report.md apart from its run header.</summary>
    public static void AssertSameReport(string expectedDir, string actualDir)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(expectedDir, "report.json")), File.ReadAllBytes(Path.Combine(actualDir, "report.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(expectedDir, AnalysisRun.QuarantineFile)), File.ReadAllBytes(Path.Combine(actualDir, AnalysisRun.QuarantineFile)));
        Assert.Equal(ReportFiles.ResultsOnly(Path.Combine(expectedDir, "report.md")), ReportFiles.ResultsOnly(Path.Combine(actualDir, "report.md")));
        string[] tables = [.. Directory.GetFiles(Path.Combine(expectedDir, "tables"), "*.csv").Select(Path.GetFileName).Order()!];
        Assert.NotEmpty(tables);
        Assert.Equal(tables, Directory.GetFiles(Path.Combine(actualDir, "tables"), "*.csv").Select(Path.GetFileName).Order());
        foreach (string t in tables)
            Assert.True(File.ReadAllBytes(Path.Combine(expectedDir, "tables", t)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualDir, "tables", t))),
                $"tables/{t} differs");
    }
}
