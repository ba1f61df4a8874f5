using System.Text;

namespace Phylo.Drift;

/// <summary>Writes a text file through a temporary sibling and a rename, so a killed run leaves no half-written file.</summary>
internal static class AtomicFile
{
    public static void WriteText(string path, Action<TextWriter> write)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Environment.ProcessId + ".tmp");
        try
        {
            using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                write(writer);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).</summary>
    public static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
