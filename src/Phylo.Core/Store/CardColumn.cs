using MessagePack;
using Phylo.Table;

namespace Phylo.Store;

/// <summary>
/// How the card pool is laid out after loading: non-empty cards packed in order into chunks of at most
/// <see cref="ChunkBytes"/> (a larger card gets a chunk of its own), as <see cref="Utf8Pool"/>'s builder does.
/// Writer and reader compute it from the card lengths alone, so the file stores the card text as one byte stream
/// cut into slices that never cross a pool chunk, and the reader decodes each slice straight into its chunk.
/// </summary>
internal static class CardLayout
{
    public const long ChunkBytes = 1 << 28;

    /// <summary>Byte size of each pool chunk; with <paramref name="starts"/> non-null, also each card's (chunk &lt;&lt; 32 | offset).</summary>
    public static long[] Plan(int[] lengths, long[]? starts = null, long chunkBytes = ChunkBytes)
    {
        var chunks = new List<long>();
        long capacity = 0, used = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            int len = lengths[i];
            if (len < 0) throw new MalformedChunkException($"card {i} has length {len}");
            if (len == 0) { if (starts is not null) starts[i] = 0; continue; }
            if (capacity - used < len)
            {
                if (chunks.Count > 0) chunks[^1] = used;
                chunks.Add(0);
                capacity = Math.Max(chunkBytes, len);
                used = 0;
            }
            if (starts is not null) starts[i] = ((long)(chunks.Count - 1) << 32) | (uint)used;
            used += len;
        }
        if (chunks.Count > 0) chunks[^1] = used;
        return chunks.ToArray();
    }

    /// <summary>Stream offset where each chunk begins (length chunks + 1).</summary>
    public static long[] ChunkStarts(long[] chunkSizes)
    {
        var starts = new long[chunkSizes.Length + 1];
        for (int i = 0; i < chunkSizes.Length; i++) starts[i + 1] = starts[i] + chunkSizes[i];
        return starts;
    }
}

/// <summary>Writes the cards of a pool as one byte stream, sliced within pool chunks.</summary>
internal sealed class CardSource : ColumnSource
{
    private readonly Utf8Pool _pool;
    private readonly long[] _itemStarts;   // stream offset of each card, Count + 1 entries
    private readonly long[] _chunkStarts;

    public CardSource(string name, Utf8Pool pool, long[] chunkSizes) : base(name, ColumnKind.Blob, 1, Total(chunkSizes))
    {
        _pool = pool;
        _chunkStarts = CardLayout.ChunkStarts(chunkSizes);
        _itemStarts = new long[pool.Count + 1];
        for (int i = 0; i < pool.Count; i++) _itemStarts[i + 1] = _itemStarts[i] + pool.LengthOf(i);
    }

    private static long Total(long[] sizes)
    {
        long t = 0;
        foreach (long s in sizes) t += s;
        return t;
    }

    public override IEnumerable<(long First, long Count)> Slices(long sliceBytes)
    {
        for (int c = 0; c + 1 < _chunkStarts.Length; c++)
            for (long at = _chunkStarts[c]; at < _chunkStarts[c + 1]; at += sliceBytes)
                yield return (at, Math.Min(sliceBytes, _chunkStarts[c + 1] - at));
    }

    public override bool TryRaw(long first, long count, out ReadOnlySpan<byte> raw)
    {
        raw = default;
        if (count == 0) return true;
        int i = FirstCard(first), last = FirstCard(first + count - 1);
        if (!_pool.TryContiguous(i, last + 1, out var cards)) return false;
        raw = cards.Slice((int)(first - _itemStarts[i]), (int)count);
        return true;
    }

    /// <summary>The card that holds stream byte <paramref name="at"/> (skipping empties, which start where the next card does).</summary>
    private int FirstCard(long at)
    {
        int i = Array.BinarySearch(_itemStarts, at);
        if (i < 0) i = ~i - 1;
        while (i < _pool.Count && _itemStarts[i + 1] <= at) i++;
        return i;
    }

    public override void Encode(long first, long count, ref MessagePackWriter w)
    {
        long end = first + count;
        int i = FirstCard(first);
        for (long at = first; at < end; i++)
        {
            var card = _pool[i];
            int from = (int)(at - _itemStarts[i]);
            int take = (int)Math.Min(card.Length - from, end - at);
            w.WriteRaw(card.Slice(from, take));
            at += take;
        }
    }
}

/// <summary>Card slices decode straight into pre-allocated pool chunks; <see cref="Build"/> makes the pool.</summary>
internal sealed class CardTarget : ColumnTarget
{
    private readonly byte[][] _chunks;
    private readonly long[] _chunkStarts;
    private readonly long[] _chunkSizes;
    private readonly long _chunkBytes;

    public CardTarget(long[] chunkSizes, long chunkBytes = CardLayout.ChunkBytes)
    {
        _chunkSizes = chunkSizes;
        _chunkBytes = chunkBytes;
        _chunkStarts = CardLayout.ChunkStarts(chunkSizes);
        _chunks = new byte[Math.Max(1, chunkSizes.Length)][];
        if (chunkSizes.Length == 0) _chunks[0] = [];
        for (int c = 0; c < chunkSizes.Length; c++)
        {
            if (chunkSizes[c] < 0 || chunkSizes[c] > Array.MaxLength) throw new MalformedChunkException($"card chunk of {chunkSizes[c]} bytes");
            _chunks[c] = GC.AllocateUninitializedArray<byte>((int)chunkSizes[c]);
        }
    }

    public long Length => _chunkStarts[^1];

    public override bool IsRaw => true;

    public override Span<byte> Destination(long first, long count)
    {
        CheckRange(first, count, Length);
        int c = Array.BinarySearch(_chunkStarts, first);
        if (c < 0) c = ~c - 1;
        while (c + 1 < _chunkStarts.Length - 1 && _chunkStarts[c + 1] <= first) c++;
        if (c < 0 || c >= _chunkSizes.Length) throw new MalformedChunkException("card slice outside the card pool");
        if (first + count > _chunkStarts[c + 1]) throw new MalformedChunkException("card slice crosses a pool chunk");
        return _chunks[c].AsSpan((int)(first - _chunkStarts[c]), (int)count);
    }

    /// <summary>The pool over the decoded chunks; the lengths must reproduce the directory's chunk layout.</summary>
    public Utf8Pool Build(int[] lengths)
    {
        var starts = new long[lengths.Length];
        var sizes = CardLayout.Plan(lengths, starts, _chunkBytes);
        if (!sizes.AsSpan().SequenceEqual(_chunkSizes)) throw new MalformedChunkException("card lengths do not match the card pool layout");
        return new Utf8Pool(_chunks, starts, lengths);
    }
}
