namespace Phylo.Table;

/// <summary>Maps strings to dense ids in order of first appearance: a <see cref="ModelIdIndex"/> (open addressing over
/// each value's XxHash3), so a caller that has the hash already — the table builder, from a batch vocabulary that hashed
/// the value on a worker — only probes. Not thread-safe: the table builder owns it.</summary>
public sealed class StringInterner(int capacity = 0)
{
    private readonly ModelIdIndex _index = new(capacity);

    public int Count => _index.Count;

    /// <summary>Makes room for <paramref name="count"/> values in all without rehashing (ids and order unchanged).</summary>
    public void EnsureCapacity(int count) => _index.EnsureCapacity(count);

    public int Intern(string value)
    {
        _index.TryAdd(value, out int id);
        return id;
    }

    /// <summary>As <see cref="Intern(string)"/> with the value's <see cref="ModelIdIndex.Hash(string)"/> already computed.</summary>
    public int Intern(string value, ulong hash)
    {
        _index.TryAdd(value, hash, out int id);
        return id;
    }

    /// <summary>Adds <paramref name="value"/> unless present (one probe); <paramref name="id"/> is its id either way.</summary>
    public bool TryAdd(string value, out int id) => _index.TryAdd(value, out id);

    public int Intern(ReadOnlySpan<char> value) => _index.Add(value);

    public bool TryGet(ReadOnlySpan<char> value, out int id) => _index.TryGetValue(value, ModelIdIndex.Hash(value), out id);

    public string this[int id] => _index.Ids[id];

    public string[] ToArray() => _index.Ids.ToArray();

    /// <summary>Forgets every value (the table's capacity is kept for reuse).</summary>
    public void Clear() => _index.Clear();
}
