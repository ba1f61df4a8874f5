namespace Phylo.Table;

/// <summary>
/// Many UTF-8 strings in a few large chunks plus per-item (chunk, offset, length), so the pool can exceed
/// the 2 GiB limit of one array while no item ever spans two chunks.
/// </summary>
public sealed class Utf8Pool
{
    private readonly byte[][] _chunks;
    private readonly long[] _starts;   // chunk index << 32 | offset
    private readonly int[] _lengths;

    internal Utf8Pool(byte[][] chunks, long[] starts, int[] lengths)
    {
        _chunks = chunks;
        _starts = starts;
        _lengths = lengths;
    }

    /// <summary>The pool's arrays as they are (not copies): its chunks, each item's chunk and offset, each item's length.</summary>
    internal (byte[][] Chunks, long[] Starts, int[] Lengths) Parts => (_chunks, _starts, _lengths);

    /// <summary><paramref name="count"/> items, all empty.</summary>
    internal static Utf8Pool Empty(int count) => new([[]], new long[count], new int[count]);

    public int Count => _lengths.Length;

    public long TotalBytes
    {
        get
        {
            long total = 0;
            foreach (int l in _lengths) total += l;
            return total;
        }
    }

    public ReadOnlySpan<byte> this[int i]
    {
        get
        {
            long s = _starts[i];
            return _chunks[(int)(s >> 32)].AsSpan((int)(s & 0xFFFF_FFFF), _lengths[i]);
        }
    }

    public int LengthOf(int i) => _lengths[i];

    /// <summary>Item <paramref name="i"/> as memory (for a record that outlives the call).</summary>
    public ReadOnlyMemory<byte> Memory(int i)
    {
        long s = _starts[i];
        return _chunks[(int)(s >> 32)].AsMemory((int)(s & 0xFFFF_FFFF), _lengths[i]);
    }

    /// <summary>Prefetches item <paramref name="i"/>'s entry (where it starts, how long it is), so a later
    /// <c>this[i]</c> does not wait on memory before it can even address the bytes.</summary>
    public unsafe void PrefetchEntry(int i)
    {
        Kernels.Simd.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(ref _starts[i]));
        Kernels.Simd.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(ref _lengths[i]));
    }

    /// <summary>Items <paramref name="from"/>..<paramref name="to"/> (exclusive) as one span when they lie back to back in
    /// one chunk, as <see cref="Builder"/> packs them (empty items are skipped); false otherwise, e.g. for a subset pool.</summary>
    internal bool TryContiguous(int from, int to, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        long first = -1, next = 0;
        for (int i = from; i < to; i++)
        {
            if (_lengths[i] == 0) continue;
            if (first < 0) first = next = _starts[i];
            else if (_starts[i] != next) return false;
            next += _lengths[i]; // the offset is the low half: a chunk is < 2 GiB, so this never carries into the index
        }
        if (first < 0) return true;
        bytes = _chunks[(int)(first >> 32)].AsSpan((int)(first & 0xFFFF_FFFF), (int)(next - first));
        return true;
    }

    public string GetString(int i) => System.Text.Encoding.UTF8.GetString(this[i]);

    /// <summary>Packs items into chunks that grow geometrically from 1 MiB to <c>chunkSize</c> (an item larger than that gets
    /// a chunk of its own), so a small pool never allocates a 256 MiB chunk, and nothing is copied when a chunk fills up.</summary>
    internal sealed class Builder(int chunkSize = 1 << 28)
    {
        private const int FirstChunk = 1 << 20;
        private readonly List<byte[]> _chunks = [];
        private byte[] _current = [];
        private int _used;
        private readonly List<long> _starts = [];
        private readonly List<int> _lengths = [];

        public void Add(ReadOnlySpan<byte> utf8)
        {
            // An empty item must not be placed in "the current chunk": before the first chunk there is none.
            if (utf8.IsEmpty) { AddEmpty(); return; }
            if (_current.Length - _used < utf8.Length)
            {
                int next = (int)Math.Min(chunkSize, Math.Max(FirstChunk, 2L * _current.Length));
                _current = GC.AllocateUninitializedArray<byte>(Math.Max(next, utf8.Length));
                _used = 0;
                _chunks.Add(_current);
            }
            utf8.CopyTo(_current.AsSpan(_used));
            _starts.Add(((long)(_chunks.Count - 1) << 32) | (uint)_used);
            _lengths.Add(utf8.Length);
            _used += utf8.Length;
        }

        /// <summary>Room for <paramref name="items"/> entries in all (capacity only).</summary>
        public void Reserve(int items)
        {
            RowScale.Reserve(_starts, items);
            RowScale.Reserve(_lengths, items);
        }

        public void AddEmpty()
        {
            _starts.Add(0);
            _lengths.Add(0);
        }

        public Utf8Pool Build()
        {
            // The last chunk is trimmed only when much of it is unused (the copy is at most an eighth of the pool).
            if (_chunks.Count > 0 && _current.Length - _used > _current.Length / 8) _chunks[^1] = _current.AsSpan(0, _used).ToArray();
            if (_chunks.Count == 0) _chunks.Add([]);
            _current = [];
            return new Utf8Pool(_chunks.ToArray(), _starts.ToArray(), _lengths.ToArray());
        }
    }
}
