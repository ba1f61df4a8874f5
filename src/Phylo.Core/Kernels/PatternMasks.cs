namespace Phylo.Kernels;

/// <summary>
/// Dense row ids for the distinct code points of a pattern: 1, 2, … in order of first occurrence; 0 means
/// "not in the pattern". Code points below 256 map through a direct table, the rest through a linear-probing map;
/// <see cref="Clear"/> resets both in O(pattern) (the pattern again, plus a list of used map slots), not O(table).
/// </summary>
internal sealed class CodePointRows
{
    private readonly int[] _small = new int[256];
    private int[] _keys = new int[64];
    private int[] _ids = new int[64];
    private int[] _used = new int[64];
    private int _usedCount;

    /// <summary>Rows handed out so far, counting row 0.</summary>
    public int Count { get; private set; } = 1;

    /// <summary>Makes room for a pattern of <paramref name="length"/> code points (map load ≤ 1/2).</summary>
    public void Reserve(int length)
    {
        if (_keys.Length >= 2 * length) return;
        int cap = _keys.Length;
        while (cap < 2 * length) cap <<= 1;
        _keys = new int[cap];
        _ids = new int[cap];
        _used = new int[cap];
    }

    /// <summary>The direct table for code points 0..255 (read-only to callers), for inlined fast paths.</summary>
    public int[] Small => _small;

    public int RowOf(int c) => (uint)c < 256 ? _small[c] : RowOfLarge(c);

    /// <summary><see cref="RowOf"/> for a code point outside 0..255.</summary>
    public int RowOfLarge(int c)
    {
        int mask = _keys.Length - 1, s = (int)((uint)c * 0x9E3779B1u >> 7) & mask;
        while (_ids[s] != 0)
        {
            if (_keys[s] == c) return _ids[s];
            s = (s + 1) & mask;
        }
        return 0;
    }

    public int GetOrAdd(int c)
    {
        int row = RowOf(c);
        if (row != 0) return row;
        row = Count++;
        if ((uint)c < 256) { _small[c] = row; return row; }
        int mask = _keys.Length - 1, s = (int)((uint)c * 0x9E3779B1u >> 7) & mask;
        while (_ids[s] != 0) s = (s + 1) & mask;
        _keys[s] = c;
        _ids[s] = row;
        _used[_usedCount++] = s;
        return row;
    }

    public void Clear(ReadOnlySpan<int> pattern)
    {
        if (pattern.Length > 128) Array.Clear(_small); // 1 KB of vector stores beat that many scattered ones
        else
            foreach (int c in pattern)
                if ((uint)c < 256) _small[c] = 0;
        for (int k = 0; k < _usedCount; k++) _ids[_used[k]] = 0;
        _usedCount = 0;
        Count = 1;
    }
}

/// <summary>
/// Match masks of a pattern for bit-parallel edit distance: for each distinct code point, <c>blocks</c> words
/// whose bit k (of word k/64) says pattern[k] equals it. Row 0 is all zeros (code points absent from the pattern).
/// Rows come from <see cref="CodePointRows"/>; <see cref="Clear"/> zeroes the used rows again, so the mask store
/// is all zeros between uses and reuse costs O(pattern), not O(table).
/// </summary>
internal sealed class PatternMasks
{
    private readonly CodePointRows _rows = new();
    private ulong[] _masks = new ulong[64];
    private int _blocks;

    public ReadOnlySpan<ulong> Row(int codePoint) => _masks.AsSpan(_rows.RowOf(codePoint) * _blocks, _blocks);

    public void Build(ReadOnlySpan<int> pattern, int blocks)
    {
        _blocks = blocks;
        int need = (pattern.Length + 1) * blocks;
        if (_masks.Length < need) _masks = new ulong[Math.Max(need, 2 * _masks.Length)];
        _rows.Reserve(pattern.Length);
        for (int k = 0; k < pattern.Length; k++)
            _masks[_rows.GetOrAdd(pattern[k]) * blocks + (k >> 6)] |= 1UL << (k & 63);
    }

    public void Clear(ReadOnlySpan<int> pattern)
    {
        Array.Clear(_masks, _blocks, (_rows.Count - 1) * _blocks);
        _rows.Clear(pattern);
    }
}
