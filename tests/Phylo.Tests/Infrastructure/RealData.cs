namespace Phylo.Tests.Infrastructure;

/// <summary>
/// Where the real Hub sample lives: the directory named by PHYLO_REAL_DATA (.ci/run sets it to ../shared/data).
/// Unset: real-data tests are skipped with the reason. Set but missing: they fail, never silently pass.
/// </summary>
public static class RealData
{
    public const string Variable = "PHYLO_REAL_DATA";

    public static string? Root => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    /// <summary>The data directory; throws (failing the test) when the variable points nowhere.</summary>
    public static string Dir
    {
        get
        {
            string root = Root ?? throw new InvalidOperationException($"{Variable} is not set");
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{Variable}={root} does not exist");
            return root;
        }
    }

    public static string FamiliesDir => Path.Combine(Dir, "hf-families");

    public static string GraphSample => Path.Combine(Dir, "graph-sample.json");

    public static IEnumerable<string> FamilyFiles()
    {
        var files = Directory.GetFiles(FamiliesDir, "*.csv");
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0) throw new FileNotFoundException($"no *.csv under {FamiliesDir}");
        return files;
    }
}

/// <summary>A fact that needs the real data; skipped (with the reason) when PHYLO_REAL_DATA is unset.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealData.Root is null) Skip = $"{RealData.Variable} is not set (.ci/run sets it to ../shared/data)";
    }
}

/// <summary>A theory that needs the real data; skipped when PHYLO_REAL_DATA is unset.</summary>
public sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (RealData.Root is null) Skip = $"{RealData.Variable} is not set (.ci/run sets it to ../shared/data)";
    }
}
