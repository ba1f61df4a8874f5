using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Phylo.Table;

/// <summary>
/// Model id → row, rows in order of first appearance (native-notes/ingest.md, "The id index probed with the workers'
/// hash"). Open addressing with linear probing over one <c>ulong</c> a slot: the upper 32 bits of the id's 64-bit hash
/// (<see cref="Hash(string)"/>) beside row + 1 (0 = empty), the slot chosen by the hash's low bits; the ids themselves are kept in
/// row order. The table builder adds each id with the hash an ingest worker already computed (<see cref="RowBatch.IdHashes"/>),
/// so the one commit thread neither hashes the string nor walks a chain: a new id is one probe of one cache line, and a
/// slot whose tag matches is confirmed by comparing the strings. Sized once from a row hint (at most 3/4 full); past it, the
/// slots double and every id is hashed again. Not thread-safe while it grows; read-only (any threads) once built.
/// </summary>
public sealed class ModelIdIndex
{
    private readonly Func<ReadOnlySpan<char>, ulong> _hash;
    private ulong[] _slots;
    private int _mask;
    private string[] _ids;

    /// <summary>An index with room for <paramref name="capacity"/> ids before it grows.</summary>
    public ModelIdIndex(int capacity = 0) : this(capacity, Hash) { }

    /// <summary>An index over <paramref name="hash"/> in place of <see cref="Hash(string)"/> (tests force collisions with it).</summary>
    internal ModelIdIndex(int capacity, Func<ReadOnlySpan<char>, ulong> hash)
    {
        _hash = hash;
        _ids = new string[Math.Max(capacity, 4)];
        _slots = new ulong[SlotsFor(_ids.Length)];
        _mask = _slots.Length - 1;
    }

    /// <summary>The number of ids.</summary>
    public int Count { get; private set; }

    /// <summary>The ids in row order.</summary>
    public ReadOnlySpan<string> Ids => _ids.AsSpan(0, Count);

    /// <summary>The hash the index files <paramref name="id"/> under: XxHash3 of its UTF-16 code units.</summary>
    public static ulong Hash(string id) => Hash(id.AsSpan());

    /// <summary>The hash of the id whose characters are <paramref name="id"/> (the same as its string's).</summary>
    public static ulong Hash(ReadOnlySpan<char> id) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id));

    /// <summary>The row of <paramref name="id"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public int this[string id] => TryGetValue(id, out int row) ? row : throw new KeyNotFoundException($"model id '{id}' is not in the table");

    public bool ContainsKey(string id) => TryGetValue(id, out _);

    public bool TryGetValue(string id, out int row) => TryGetValue(id, _hash(id), out row);

    /// <summary>As <see cref="TryGetValue(string, out int)"/> with the id's hash already computed.</summary>
    public bool TryGetValue(string id, ulong hash, out int row)
    {
        row = Find(id, hash, out _);
        return row >= 0;
    }

    /// <summary>The row of the id whose characters are <paramref name="id"/>, without making a string of them.</summary>
    public bool TryGetValue(ReadOnlySpan<char> id, ulong hash, out int row)
    {
        row = Find(id, hash, out _);
        return row >= 0;
    }

    /// <summary>Adds <paramref name="id"/> as row <see cref="Count"/> unless present; <paramref name="row"/> is its row
    /// either way. <paramref name="hash"/> must be the id's hash (<see cref="Hash(string)"/>, or the one this index was made with).</summary>
    public bool TryAdd(string id, ulong hash, out int row)
    {
        row = Find(id, hash, out int slot);
        if (row >= 0) return false;
        row = Add(id, hash, slot);
        return true;
    }

    /// <summary>Adds <paramref name="id"/>, known absent and whose probe ended at <paramref name="slot"/>, as the next row.</summary>
    private int Add(string id, ulong hash, int slot)
    {
        if (4L * (Count + 1) > 3L * _slots.Length)
        {
            Grow(2 * _slots.Length);
            Find(id, hash, out slot);
        }
        int row = Count++;
        if (row == _ids.Length) Array.Resize(ref _ids, 2 * _ids.Length);
        _ids[row] = id;
        _slots[slot] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(row + 1);
        return row;
    }

    /// <summary>Adds the id whose characters are <paramref name="id"/> unless present, making its string only when it is new.</summary>
    public int Add(ReadOnlySpan<char> id)
    {
        ulong hash = _hash(id);
        int row = Find(id, hash, out int slot);
        return row >= 0 ? row : Add(id.ToString(), hash, slot);
    }

    /// <summary>Forgets every id (the slots and the room for ids are kept).</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        Array.Clear(_ids, 0, Count);
        Count = 0;
    }

    /// <summary>Adds <paramref name="id"/> unless present (hashing it here).</summary>
    public bool TryAdd(string id, out int row) => TryAdd(id, _hash(id), out row);

    /// <summary>Makes room for <paramref name="count"/> ids in all without growing (rows unchanged).</summary>
    public void EnsureCapacity(int count)
    {
        if (_ids.Length < count) Array.Resize(ref _ids, count);
        int slots = SlotsFor(count);
        if (slots > _slots.Length) Grow(slots);
    }

    /// <summary>The ids as an array of exactly <see cref="Count"/>, which this index keeps from now on (the table's
    /// <see cref="ModelTable.Ids"/>; the spare capacity goes).</summary>
    public string[] Freeze()
    {
        if (_ids.Length != Count) Array.Resize(ref _ids, Count);
        return _ids;
    }

    /// <summary>The index of a table's ids (a snapshot's column, kept as the index's own; not copied); throws
    /// <see cref="ArgumentException"/> naming an id that occurs twice.</summary>
    public static ModelIdIndex Of(string[] ids) =>
        TryOf(ids, out int twice) ?? throw new ArgumentException($"model id '{ids[twice]}' occurs twice", nameof(ids));

    /// <summary>As <see cref="Of"/>, or null with <paramref name="twice"/> the row of the first id that occurs again.</summary>
    public static ModelIdIndex? TryOf(string[] ids, out int twice)
    {
        var index = new ModelIdIndex(0) { _ids = ids };
        index.Grow(SlotsFor(ids.Length));
        for (int i = 0; i < ids.Length; i++)
        {
            ulong hash = Hash(ids[i]);
            if (index.Find(ids[i], hash, out int slot) >= 0) { twice = i; return null; }
            index._slots[slot] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(i + 1);
            index.Count = i + 1;
        }
        twice = -1;
        return index;
    }

    /// <summary>The row of <paramref name="id"/> or -1; <paramref name="slot"/> is its slot or the empty one ending the probe.</summary>
    private int Find(string id, ulong hash, out int slot)
    {
        ulong tag = hash & 0xFFFF_FFFF_0000_0000UL;
        ulong[] slots = _slots;
        int mask = _mask;
        int at = (int)hash & mask;
        while (true)
        {
            ulong s = slots[at];
            if (s == 0) { slot = at; return -1; }
            if ((s & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                int row = (int)(uint)s - 1;
                if (string.Equals(_ids[row], id, StringComparison.Ordinal)) { slot = at; return row; }
            }
            at = (at + 1) & mask;
        }
    }

    private int Find(ReadOnlySpan<char> id, ulong hash, out int slot)
    {
        ulong tag = hash & 0xFFFF_FFFF_0000_0000UL;
        int at = (int)hash & _mask;
        while (true)
        {
            ulong s = _slots[at];
            if (s == 0) { slot = at; return -1; }
            if ((s & 0xFFFF_FFFF_0000_0000UL) == tag && _ids[(int)(uint)s - 1].AsSpan().SequenceEqual(id)) { slot = at; return (int)(uint)s - 1; }
            at = (at + 1) & _mask;
        }
    }

    private void Grow(int slots)
    {
        _slots = new ulong[slots];
        _mask = slots - 1;
        for (int row = 0; row < Count; row++)
        {
            ulong hash = _hash(_ids[row]);
            int at = (int)hash & _mask;
            while (_slots[at] != 0) at = (at + 1) & _mask;
            _slots[at] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(row + 1);
        }
    }

    /// <summary>Slots for <paramref name="count"/> ids at most 3/4 full: a power of two.</summary>
    private static int SlotsFor(int count) => (int)Math.Max(8, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, (4L * count + 2) / 3)));
}
