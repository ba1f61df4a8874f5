namespace Phylo.Tests.Infrastructure;

/// <summary>Everything under a path (a file, or a directory's files and subdirectories with their bytes), to check that a
/// failed or killed run left an output exactly as it was.</summary>
public sealed record FileTree(string Description)
{
    public static FileTree Of(string path)
    {
        if (File.Exists(path)) return new FileTree("file " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        if (!Directory.Exists(path)) return new FileTree("missing");
        var lines = Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(path, e) + (Directory.Exists(e) ? "/" : " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(e)))))
            .Order(StringComparer.Ordinal);
        return new FileTree("directory\n" + string.Join("\n", lines));
    }

    /// <summary>The names in <paramref name="dir"/> (hidden ones included), sorted.</summary>
    public static string[] Names(string dir) => [.. Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>An earlier output directory: run.json (what marks it as phylo's), a report and a table.</summary>
    public static string OldReport(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "tables"));
        File.WriteAllText(Path.Combine(dir, "run.json"), "{\"old\": true}\n");
        File.WriteAllText(Path.Combine(dir, "report.json"), "{\"models\": -1}\n");
        File.WriteAllText(Path.Combine(dir, "tables", "edges.csv"), "old,table\n");
        return dir;
    }
}
