using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

namespace Phylo.Table;

/// <summary>
/// A <see cref="RowBatch"/>'s vocabulary of one column: values to dense ids in order of first appearance, keyed by their
/// UTF-8 bytes, so a parser that reads UTF-8 interns an item without making a string (native-notes/ingest.md, "The list
/// columns from UTF-8"). Open addressing over the batch's byte arena, XxHash3 of the bytes; the <c>string</c> the builder
/// interns globally is made once, when the batch first sees the value. A string value is keyed by its UTF-8, lone
/// surrogates by their generalized (WTF-8) three-byte form, which valid UTF-8 never holds: two values share an id exactly
/// when they are equal strings, whichever way each came in. Not thread-safe: one worker fills it, then the builder reads it.
/// </summary>
public sealed class BatchVocabulary
{
    private byte[] _arena = new byte[4096];
    private int _arenaUsed;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private uint[] _hashes = new uint[64];
    private string?[] _values = new string?[64];
    private ulong[] _valueHashes = new ulong[64]; // ModelIdIndex.Hash of each value's string, for the builder's interners
    private int[] _slots = new int[128]; // id + 1, 0 = empty; length a power of two, at most half full
    private byte[] _encoded = new byte[256];

    public int Count { get; private set; }

    /// <summary>The value of <paramref name="id"/>.</summary>
    public string this[int id] => _values[id]!;

    /// <summary>The <see cref="ModelIdIndex.Hash(string)"/> of value <paramref name="id"/>, computed here on the worker when
    /// the batch first saw the value, so the builder's one thread interns it globally with a probe and no hash.</summary>
    public ulong HashOf(int id) => _valueHashes[id];

    /// <summary>The id of the value whose UTF-8 is <paramref name="utf8"/> (valid UTF-8), added when new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        int id = Find(utf8, out uint hash, out int slot);
        if (id >= 0) return id;
        id = Add(utf8, hash, slot);
        string value = _values[id] = Encoding.UTF8.GetString(utf8);
        _valueHashes[id] = ModelIdIndex.Hash(value);
        return id;
    }

    /// <summary>The id of <paramref name="value"/>, added when new (the same id as its UTF-8 through <see cref="Intern(ReadOnlySpan{byte})"/>).</summary>
    public int Intern(string value)
    {
        var key = Key(value);
        int id = Find(key, out uint hash, out int slot);
        if (id >= 0) return id;
        id = Add(key, hash, slot);
        _values[id] = value;
        _valueHashes[id] = ModelIdIndex.Hash(value);
        return id;
    }

    /// <summary>Forgets every value, keeping the buffers.</summary>
    public void Clear()
    {
        Array.Clear(_values, 0, Count); // let the strings of the last use go
        Array.Clear(_slots);
        Count = 0;
        _arenaUsed = 0;
    }

    private int Find(ReadOnlySpan<byte> key, out uint hash, out int slot)
    {
        hash = (uint)XxHash3.HashToUInt64(key);
        int mask = _slots.Length - 1;
        slot = (int)hash & mask;
        while (true)
        {
            int id = _slots[slot] - 1;
            if (id < 0) return -1;
            if (_hashes[id] == hash && key.SequenceEqual(_arena.AsSpan(_starts[id], _lengths[id]))) return id;
            slot = (slot + 1) & mask;
        }
    }

    private int Add(ReadOnlySpan<byte> key, uint hash, int slot)
    {
        int id = Count++;
        if (id == _starts.Length)
        {
            int size = 2 * _starts.Length;
            Array.Resize(ref _starts, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _hashes, size);
            Array.Resize(ref _values, size);
            Array.Resize(ref _valueHashes, size);
        }
        if (_arenaUsed + key.Length > _arena.Length) Array.Resize(ref _arena, Math.Max(_arenaUsed + key.Length, 2 * _arena.Length));
        key.CopyTo(_arena.AsSpan(_arenaUsed));
        (_starts[id], _lengths[id], _hashes[id]) = (_arenaUsed, key.Length, hash);
        _arenaUsed += key.Length;
        _slots[slot] = id + 1;
        if (2 * Count > _slots.Length) Rehash();
        return id;
    }

    private void Rehash()
    {
        _slots = new int[2 * _slots.Length];
        int mask = _slots.Length - 1;
        for (int id = 0; id < Count; id++)
        {
            int slot = (int)_hashes[id] & mask;
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = id + 1;
        }
    }

    /// <summary>The key of a string: its UTF-8, with each lone surrogate as its generalized three-byte form.</summary>
    private ReadOnlySpan<byte> Key(string value)
    {
        int max = 3 * value.Length;
        if (_encoded.Length < max) _encoded = new byte[Math.Max(max, 2 * _encoded.Length)];
        if (Utf8.FromUtf16(value, _encoded, out _, out int n, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done)
            return _encoded.AsSpan(0, n);
        return _encoded.AsSpan(0, Wtf8(value, _encoded));
    }

    internal static int Wtf8(ReadOnlySpan<char> value, Span<byte> into)
    {
        int n = 0;
        for (int i = 0; i < value.Length; i++)
        {
            int cp = value[i];
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) cp = char.ConvertToUtf32(value[i], value[++i]);
            if (cp < 0x80) into[n++] = (byte)cp;
            else if (cp < 0x800) { into[n++] = (byte)(0xC0 | cp >> 6); into[n++] = (byte)(0x80 | cp & 0x3F); }
            else if (cp < 0x10000) { into[n++] = (byte)(0xE0 | cp >> 12); into[n++] = (byte)(0x80 | cp >> 6 & 0x3F); into[n++] = (byte)(0x80 | cp & 0x3F); }
            else
            {
                into[n++] = (byte)(0xF0 | cp >> 18);
                into[n++] = (byte)(0x80 | cp >> 12 & 0x3F);
                into[n++] = (byte)(0x80 | cp >> 6 & 0x3F);
                into[n++] = (byte)(0x80 | cp & 0x3F);
            }
        }
        return n;
    }
}
