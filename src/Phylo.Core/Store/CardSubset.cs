using Phylo.Table;

namespace Phylo.Store;

/// <summary>
/// Read side of the card stream when only some models' cards are wanted (a shard of a sharded run): the kept cards are
/// packed into a pool of their own (same <see cref="CardLayout"/> rule, the others as empty items), and each stored
/// slice is decoded into a scratch buffer only when a kept card overlaps it, then the overlapping pieces are copied
/// into place. The whole card column is never held; slices without a kept card are not even read.
/// </summary>
internal sealed class CardSubsetTarget : ColumnTarget
{
    private readonly int[] _kept;          // kept models with a non-empty card, ascending
    private readonly long[] _keptStream;   // stream offset of each kept card
    private readonly int[] _lengths;       // every model's card length
    private readonly long _streamBytes;
    private readonly byte[][] _chunks;
    private readonly long[] _starts;       // per model: chunk << 32 | offset in the subset pool
    private readonly int[] _keptLengths;   // per model: its length when kept, else 0

    public CardSubsetTarget(int[] lengths, bool[] keep)
    {
        if (keep.Length != lengths.Length) throw new ArgumentException($"{keep.Length} flags for {lengths.Length} cards", nameof(keep));
        _lengths = lengths;
        _keptLengths = new int[lengths.Length];
        var kept = new List<int>();
        var keptStream = new List<long>();
        long at = 0;
        for (int m = 0; m < lengths.Length; m++)
        {
            if (lengths[m] < 0) throw new MalformedChunkException($"card {m} has length {lengths[m]}");
            if (keep[m] && lengths[m] > 0) { kept.Add(m); keptStream.Add(at); _keptLengths[m] = lengths[m]; }
            at += lengths[m];
        }
        _streamBytes = at;
        _kept = [.. kept];
        _keptStream = [.. keptStream];
        _starts = new long[lengths.Length];
        long[] sizes = CardLayout.Plan(_keptLengths, _starts);
        _chunks = sizes.Length == 0 ? [[]] : Array.ConvertAll(sizes, s => GC.AllocateUninitializedArray<byte>((int)s));
    }

    /// <summary>Bytes of the whole card stream the lengths describe (must equal the stored column's length).</summary>
    public long StreamBytes => _streamBytes;

    /// <summary>True when a kept card overlaps stream bytes [first, first + count).</summary>
    public bool Wants(long first, long count)
    {
        int k = FirstEndingAfter(first);
        return k < _kept.Length && _keptStream[k] < first + count;
    }

    public override void Decode(long first, long count, ReadOnlyMemory<byte> payload)
    {
        CheckRange(first, count, _streamBytes);
        if (payload.Length != count) throw new MalformedChunkException($"{payload.Length} bytes for {count}");
        ReadOnlySpan<byte> slice = payload.Span;
        long end = first + count;
        for (int k = FirstEndingAfter(first); k < _kept.Length && _keptStream[k] < end; k++)
        {
            int m = _kept[k];
            long from = Math.Max(first, _keptStream[k]), to = Math.Min(end, _keptStream[k] + _lengths[m]);
            long s = _starts[m];
            slice[(int)(from - first)..(int)(to - first)].CopyTo(_chunks[(int)(s >> 32)].AsSpan((int)(s & 0xFFFF_FFFF) + (int)(from - _keptStream[k])));
        }
    }

    /// <summary>Index of the first kept card that ends after stream offset <paramref name="at"/>.</summary>
    private int FirstEndingAfter(long at)
    {
        int lo = 0, hi = _kept.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_keptStream[mid] + _lengths[_kept[mid]] <= at) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The pool: kept cards in full, every other model's card empty.</summary>
    public Utf8Pool Build() => new(_chunks, _starts, _keptLengths);
}

/// <summary>
/// Read side of the MinHash signatures when only some models' genomes are wanted (with <see cref="CardSubsetTarget"/>):
/// the kept models' signatures, packed in model order into an array of their own; <see cref="Rows"/> gives each model its
/// row there (−1 when it has no genome or is not kept). Slices are decoded into scratch and only the kept rows copied.
/// </summary>
internal sealed class SignatureSubsetTarget : ColumnTarget
{
    private readonly int[] _packedOf; // per stored row (models with a genome, ascending): its packed row, or −1
    private readonly long _length;

    /// <param name="genomeRows">Per model, its stored row (<see cref="CardFeatures.Rows"/>), −1 without a genome.</param>
    public SignatureSubsetTarget(int[] genomeRows, bool[] keep, long columnLength)
    {
        int lanes = Kernels.MinHasher.Lanes, stored = 0, kept = 0;
        foreach (int r in genomeRows) if (r >= 0) stored++;
        if (columnLength != (long)stored * lanes) throw new MalformedChunkException($"{columnLength} signature lanes for {stored} genomes");
        _length = columnLength;
        _packedOf = new int[stored];
        Rows = new int[genomeRows.Length];
        for (int m = 0; m < genomeRows.Length; m++)
        {
            int r = genomeRows[m];
            Rows[m] = r >= 0 && keep[m] ? kept++ : -1;
            if (r >= 0) _packedOf[r] = Rows[m];
        }
        Values = new uint[(long)kept * lanes];
    }

    public uint[] Values { get; }

    public int[] Rows { get; }

    /// <summary>True when elements [first, first + count) hold a kept row's lanes.</summary>
    public bool Wants(long first, long count)
    {
        int lanes = Kernels.MinHasher.Lanes;
        for (long r = first / lanes; r <= (first + count - 1) / lanes && r < _packedOf.Length; r++)
            if (_packedOf[r] >= 0) return true;
        return false;
    }

    public override void Decode(long first, long count, ReadOnlyMemory<byte> payload)
    {
        CheckRange(first, count, _length);
        if (payload.Length != count * sizeof(uint)) throw new MalformedChunkException($"{payload.Length} bytes for {count} signature lanes");
        ReadOnlySpan<uint> lanesIn = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(payload.Span);
        int lanes = Kernels.MinHasher.Lanes;
        for (long r = first / lanes; r <= (first + count - 1) / lanes; r++)
        {
            int packed = _packedOf[r];
            if (packed < 0) continue;
            long from = Math.Max(first, r * lanes), to = Math.Min(first + count, (r + 1) * lanes);
            lanesIn.Slice((int)(from - first), (int)(to - from)).CopyTo(Values.AsSpan((int)((long)packed * lanes + (from - r * lanes)), (int)(to - from)));
        }
    }
}
