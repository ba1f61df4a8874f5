using System.Text;

namespace Phylo.Table;

/// <summary>
/// Counts rejections by reason and writes each to <c>rejected.csv</c> (file, line, reason, excerpt) in input
/// order. Under strict mode the first rejection becomes a <see cref="PhyloInputException"/>.
/// </summary>
public sealed class RejectLog(TextWriter? csv = null, bool strict = false)
{
    private readonly SortedDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private bool _headerWritten;

    public IReadOnlyDictionary<string, long> ByReason => _byReason;
    public long RowsDropped { get; private set; }
    public long Total { get; private set; }

    /// <summary>When set, every rejection is also kept here in order (a snapshot stores them as provenance).</summary>
    public List<Rejection>? Recorded { get; init; }

    public void Add(in Rejection r)
    {
        if (strict) throw new PhyloInputException($"{r.File}:{r.Position}: {r.Reason}");
        Recorded?.Add(r);
        _byReason[r.Reason] = _byReason.GetValueOrDefault(r.Reason) + 1;
        Total++;
        if (r.RowDropped) RowsDropped++;
        if (csv is null) return;
        if (!_headerWritten) { csv.Write("file,line,reason,row_dropped,excerpt\n"); _headerWritten = true; }
        csv.Write(Quote(Path.GetFileName(r.File)));
        csv.Write(',');
        csv.Write(r.Position);
        csv.Write(',');
        csv.Write(r.Reason);
        csv.Write(r.RowDropped ? ",true," : ",false,");
        csv.Write(Quote(r.Excerpt));
        csv.Write('\n');
    }

    /// <summary>RFC 4180 quoting when the value needs it.</summary>
    public static string Quote(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value) sb.Append(c == '"' ? "\"\"" : c.ToString());
        return sb.Append('"').ToString();
    }
}
