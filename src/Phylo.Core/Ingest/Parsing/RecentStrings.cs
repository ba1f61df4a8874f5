namespace Phylo.Ingest.Parsing;

/// <summary>
/// A parser worker's cache of the strings it made lately, looked up by their characters: a value met again (a tag such as
/// <c>transformers</c>, a license, an author) is handed out as the string made the first time instead of a new one, so a row's
/// list items and low-cardinality fields allocate nothing once seen (native-notes/ingest.md, "Where the CPU goes").
/// Bounded: past <see cref="Capacity"/> distinct values it starts over, so a column of unique values (arXiv ids, parent ids)
/// costs one lookup per item and never grows the cache. Only the instance handed out depends on the cache, never the
/// text. One per worker, not thread-safe.
/// </summary>
public sealed class RecentStrings
{
    public const int DefaultCapacity = 1 << 15;

    private readonly Dictionary<string, string> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public RecentStrings(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Capacity { get; }

    /// <summary>A string equal to <paramref name="text"/>; the same instance as last time while the cache holds it.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return "";
        if (_lookup.TryGetValue(text, out string? s)) return s;
        if (_map.Count >= Capacity) _map.Clear();
        s = new string(text);
        _map.Add(s, s);
        return s;
    }
}
