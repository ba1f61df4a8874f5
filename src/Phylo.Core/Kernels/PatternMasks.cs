namespace Phylo.Kernels;

/// <summary>
/// Match masks of a pattern for bit-parallel edit distance: for each distinct code point, <c>blocks</c> words
/// whose bit k (of word k/64) says pattern[k] equals it. Row 0 is all zeros (code points absent from the pattern).
/// Code points below 256 map to rows through a direct table, the rest through a linear-probing map; both are
/// reset by <see cref="Clear"/> (the pattern again, plus a list of used map slots), so reuse costs O(pattern), not O(table).
/// </summary>
internal sealed class PatternMasks
{
    private readonly int[] _small = new int[256];
    private int[] _keys = new int[64];
    private int[] _ids = new int[64];
    private ulong[] _masks = new ulong[64];
    private int[] _used = new int[64];
    private int _blocks, _rows, _usedCount;

    public ReadOnlySpan<ulong> Row(int codePoint) => _masks.AsSpan(RowOf(codePoint) * _blocks, _blocks);

    private int RowOf(int c)
    {
        if ((uint)c < 256) return _small[c];
        int mask = _keys.Length - 1, s = (int)((uint)c * 0x9E3779B1u >> 7) & mask;
        while (_ids[s] != 0)
        {
            if (_keys[s] == c) return _ids[s];
            s = (s + 1) & mask;
        }
        return 0;
    }

    public void Build(ReadOnlySpan<int> pattern, int blocks)
    {
        _blocks = blocks;
        _rows = 1;
        int need = (pattern.Length + 1) * blocks;
        if (_masks.Length < need) _masks = new ulong[Math.Max(need, 2 * _masks.Length)];
        if (_keys.Length < 2 * pattern.Length)
        {
            int cap = _keys.Length;
            while (cap < 2 * pattern.Length) cap <<= 1;
            _keys = new int[cap];
            _ids = new int[cap];
            _used = new int[cap];
        }
        Array.Clear(_masks, 0, blocks);
        for (int k = 0; k < pattern.Length; k++)
        {
            int row = RowOf(pattern[k]);
            if (row == 0) row = AddRow(pattern[k]);
            _masks[row * blocks + (k >> 6)] |= 1UL << (k & 63);
        }
    }

    private int AddRow(int c)
    {
        int row = _rows++;
        Array.Clear(_masks, row * _blocks, _blocks);
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
        foreach (int c in pattern)
            if ((uint)c < 256) _small[c] = 0;
        for (int k = 0; k < _usedCount; k++) _ids[_used[k]] = 0;
        _usedCount = 0;
    }
}
