namespace Phylo.Analyses.Panels;

/// <summary>
/// The arXiv categories of the papers models cite, from a mapping file (<c>--arxiv-categories FILE</c>): one line per
/// paper, <c>arxiv_id&lt;TAB&gt;space-separated categories</c> (an optional <c>arxiv_id</c> header line; a paper may be repeated with the same categories, and may
/// list none; a line that starts with white space continues the previous paper's list, as long ACM class lists wrap in the
/// study's file). The study's "arXiv categories" panel counts, per category, the models citing at least one paper in it
/// (docs/definitions.md, "Summary panels").
/// </summary>
public sealed class ArxivCategories
{
    private ArxivCategories(string path, Dictionary<string, string[]> byPaper)
    {
        Path = path;
        ByPaper = byPaper;
    }

    /// <summary>The file it was read from, as given.</summary>
    public string Path { get; }

    /// <summary>Categories per arXiv id, in the file's order.</summary>
    public IReadOnlyDictionary<string, string[]> ByPaper { get; }

    /// <summary>Reads the mapping; a malformed line is an error naming the file and line.</summary>
    public static ArxivCategories Load(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhyloInputException($"{path}: cannot read the arXiv category mapping: {e.Message}");
        }
        var map = new Dictionary<string, string[]>(lines.Length, StringComparer.Ordinal);
        string? last = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            if (char.IsWhiteSpace(line[0]) && last is not null && !line.Contains('\t', StringComparison.Ordinal))
            {
                map[last] = [.. map[last], .. line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                continue;
            }
            int tab = line.IndexOf('\t');
            if (tab <= 0) throw PhyloInputException.At(path, i + 1, "expected 'arxiv_id<TAB>categories'");
            string id = line[..tab].Trim();
            if (i == 0 && id == "arxiv_id") continue;
            string[] categories = line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!map.TryAdd(id, categories) && !map[id].SequenceEqual(categories))
                throw PhyloInputException.At(path, i + 1, $"arXiv id {id} listed twice with different categories");
            last = id;
        }
        return new ArxivCategories(path, map);
    }
}
