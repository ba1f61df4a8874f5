namespace Phylo.Text;

/// <summary>
/// Read-only map from distinct 64-bit term hashes to their positions 0..n−1: linear probing over at least 4n slots
/// indexed by the hash's low bits (term hashes are XxHash3, so ~1 probe). What a vocabulary column or a pass-2
/// candidate is looked up through, term by term.
/// </summary>
internal sealed class HashSlots
{
    private readonly ulong[] _keys;
    private readonly int[] _positions;
    private readonly int _mask;

    public HashSlots(ReadOnlySpan<ulong> hashes)
    {
        int cap = 16;
        while (cap < 4 * hashes.Length) cap <<= 1;
        _mask = cap - 1;
        _keys = new ulong[cap];
        _positions = new int[cap];
        Array.Fill(_positions, -1);
        for (int i = 0; i < hashes.Length; i++)
        {
            int s = (int)hashes[i] & _mask;
            while (_positions[s] >= 0) s = (s + 1) & _mask;
            _keys[s] = hashes[i];
            _positions[s] = i;
        }
    }

    /// <summary>Position of <paramref name="hash"/>, or −1.</summary>
    public int IndexOf(ulong hash)
    {
        int s = (int)hash & _mask;
        while (true)
        {
            int p = _positions[s];
            if (p < 0 || _keys[s] == hash) return p;
            s = (s + 1) & _mask;
        }
    }
}
