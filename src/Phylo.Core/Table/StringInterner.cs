namespace Phylo.Table;

/// <summary>Maps strings to dense ids in order of first appearance. Not thread-safe: the table builder owns it.</summary>
public sealed class StringInterner
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    private readonly List<string> _values = [];

    public StringInterner(int capacity = 0)
    {
        _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _spanLookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _values.Count;

    /// <summary>Makes room for <paramref name="count"/> values in all without rehashing (ids and order unchanged).</summary>
    public void EnsureCapacity(int count)
    {
        _index.EnsureCapacity(count);
        if (_values.Capacity < count) _values.Capacity = count;
    }

    public int Intern(string value)
    {
        if (_index.TryGetValue(value, out int id)) return id;
        id = _values.Count;
        _values.Add(value);
        _index.Add(value, id);
        return id;
    }

    /// <summary>Adds <paramref name="value"/> unless present (one hash lookup); <paramref name="id"/> is its id either way.</summary>
    public bool TryAdd(string value, out int id)
    {
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, value, out bool exists);
        if (exists) { id = slot; return false; }
        id = slot = _values.Count;
        _values.Add(value);
        return true;
    }

    public int Intern(ReadOnlySpan<char> value)
    {
        if (_spanLookup.TryGetValue(value, out int id)) return id;
        return Intern(value.ToString());
    }

    public bool TryGet(ReadOnlySpan<char> value, out int id) => _spanLookup.TryGetValue(value, out id);

    public string this[int id] => _values[id];

    public string[] ToArray() => _values.ToArray();

    /// <summary>The value → id map itself (ordinal), for a caller that freezes the interner: it must not be used after.</summary>
    internal Dictionary<string, int> Index => _index;

    /// <summary>Forgets every value (the table's capacity is kept for reuse).</summary>
    public void Clear()
    {
        _index.Clear();
        _values.Clear();
    }
}
