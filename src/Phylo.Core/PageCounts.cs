using System.Buffers.Text;

namespace Phylo;

/// <summary>
/// The process's minor page faults so far and its resident set, from Linux's <c>/proc/self/stat</c> (fields 10 and 24),
/// for run.json's stage parts: a fresh page the kernel must find and zero is a minor fault, so a part's count says how
/// much fresh memory it touched. One open and one read of a few hundred bytes (no allocation beyond the handle);
/// <see cref="Read()"/> is null where the file is absent (not Linux) or unreadable, and the parts then carry no counts.
/// </summary>
public readonly record struct PageCounts(long MinorFaults, long RssBytes)
{
    private const string Stat = "/proc/self/stat";

    /// <summary>This process's counts now, or null off Linux / when <c>/proc</c> is not readable.</summary>
    public static PageCounts? Read() => Read(Stat);

    /// <summary>The counts in the stat file at <paramref name="path"/>; null when it is absent, unreadable or not a stat line.</summary>
    public static PageCounts? Read(string path)
    {
        if (!OperatingSystem.IsLinux() && path == Stat) return null;
        Span<byte> line = stackalloc byte[1024];
        try
        {
            using var handle = File.OpenHandle(path);
            int n = RandomAccess.Read(handle, line, 0);
            return Parse(line[..n], Environment.SystemPageSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException) { return null; }
    }

    /// <summary>
    /// Fields 10 (minflt) and 24 (rss, in pages of <paramref name="pageSize"/> bytes) of a stat line. The command name
    /// (field 2) is in parentheses and may hold spaces and parentheses itself, so fields are counted after the last ')'.
    /// </summary>
    public static PageCounts? Parse(ReadOnlySpan<byte> stat, int pageSize)
    {
        int close = stat.LastIndexOf((byte)')');
        if (close < 0) return null;
        ReadOnlySpan<byte> rest = stat[(close + 1)..];
        long minor = -1, rss = -1;
        for (int field = 3; ; field++) // the first field after the name is the state (3)
        {
            rest = rest.TrimStart((byte)' ');
            if (rest.IsEmpty) return null;
            int end = rest.IndexOfAny((byte)' ', (byte)'\n');
            ReadOnlySpan<byte> token = end < 0 ? rest : rest[..end];
            if (field is 10 or 24)
            {
                if (!Utf8Parser.TryParse(token, out long value, out int used) || used != token.Length || value < 0) return null;
                if (field == 10) minor = value;
                else rss = value;
            }
            if (field == 24) return new PageCounts(minor, rss * pageSize);
            if (end < 0) return null;
            rest = rest[(end + 1)..];
        }
    }
}
