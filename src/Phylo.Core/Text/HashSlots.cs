using System.Runtime.CompilerServices;

namespace Phylo.Text;

/// <summary>
/// Read-only map from distinct 64-bit term hashes to their positions 0..n−1: linear probing over at least 4n slots
/// indexed by the hash's low bits (term hashes are XxHash3, so ~1 probe). What a vocabulary column or a pass-2
/// candidate is looked up through, term by term: a slot holds its key and position side by side (one cache line a
/// probe), and the lookup inlines into the callers' loops (pass 2 counts a document's terms in one loop that probes and counts:
/// <c>CandidateStats.Accumulator</c>).
/// </summary>
internal sealed class HashSlots
{
    private struct Slot
    {
        public ulong Key;
        public int Position;
    }

    private readonly Slot[] _slots;
    private readonly int _mask;

    public HashSlots(ReadOnlySpan<ulong> hashes)
    {
        int cap = 16;
        while (cap < 4 * hashes.Length) cap <<= 1;
        _mask = cap - 1;
        _slots = new Slot[cap];
        foreach (ref Slot s in _slots.AsSpan()) s.Position = -1;
        for (int i = 0; i < hashes.Length; i++)
        {
            int s = (int)hashes[i] & _mask;
            while (_slots[s].Position >= 0) s = (s + 1) & _mask;
            _slots[s] = new Slot { Key = hashes[i], Position = i };
        }
    }

    /// <summary>Position of <paramref name="hash"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(ulong hash)
    {
        Slot[] slots = _slots;
        int s = (int)hash & _mask;
        while (true)
        {
            ref Slot slot = ref slots[s];
            if (slot.Position < 0 || slot.Key == hash) return slot.Position;
            s = (s + 1) & _mask;
        }
    }
}
