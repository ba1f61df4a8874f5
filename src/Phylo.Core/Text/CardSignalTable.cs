using Phylo.Table;

namespace Phylo.Text;

/// <summary>
/// <see cref="CardSignals"/> of every model of a table, compact: the body prefixes (≤ 512 code points each) in one
/// <see cref="Utf8Pool"/> and the mention hashes as CSR. This is all lineage needs from card text, so cards can be
/// dropped once it is built. Fill it in model order with <see cref="Builder"/> (the ingest stage: one card at a time),
/// or from cards already in memory with <see cref="FromCards"/>.
/// </summary>
public sealed class CardSignalTable
{
    private readonly Utf8Pool _bodies;
    private readonly int[] _mentionOffsets;
    private readonly ulong[] _mentions;

    private CardSignalTable(Utf8Pool bodies, int[] mentionOffsets, ulong[] mentions)
    {
        _bodies = bodies;
        _mentionOffsets = mentionOffsets;
        _mentions = mentions;
    }

    public int Count => _bodies.Count;

    /// <summary>Model <paramref name="model"/>'s body prefix (empty without a card).</summary>
    public ReadOnlySpan<byte> BodyPrefix(int model) => _bodies[model];

    /// <summary>Model <paramref name="model"/>'s mention hashes, first seen first (bit 0 set: named by a link).</summary>
    public ReadOnlySpan<ulong> Mentions(int model) => _mentions.AsSpan(_mentionOffsets[model], _mentionOffsets[model + 1] - _mentionOffsets[model]);

    public long BodyBytes => _bodies.TotalBytes;

    /// <summary>Signals of <paramref name="count"/> models' cards (all empty when <paramref name="cards"/> is null), on
    /// all cores in fixed chunks: the result does not depend on <paramref name="threads"/>.</summary>
    public static CardSignalTable FromCards(Utf8Pool? cards, int count, int threads)
    {
        if (cards is null)
        {
            var none = new Builder();
            for (int m = 0; m < count; m++) none.AddEmpty();
            return none.Build();
        }
        const int Chunk = 8192;
        int chunks = (count + Chunk - 1) / Chunk;
        var parts = new (Range[] Bodies, int[] Counts, ulong[] Mentions)[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads }, c =>
        {
            int lo = c * Chunk, hi = Math.Min(count, lo + Chunk);
            var bodies = new Range[hi - lo];
            var counts = new int[hi - lo];
            var mentions = new List<ulong>();
            Span<ulong> buf = stackalloc ulong[CardSignals.MaxMentions];
            for (int m = lo; m < hi; m++)
            {
                int k = CardSignals.Extract(cards[m], buf, out bodies[m - lo]);
                counts[m - lo] = k;
                for (int i = 0; i < k; i++) mentions.Add(buf[i]);
            }
            parts[c] = (bodies, counts, mentions.ToArray());
        });
        var b = new Builder();
        int model = 0;
        foreach (var (bodies, counts, mentions) in parts)
        {
            int at = 0;
            for (int i = 0; i < bodies.Length; i++, model++)
            {
                b.Add(cards[model][bodies[i]], mentions.AsSpan(at, counts[i]));
                at += counts[i];
            }
        }
        return b.Build();
    }

    /// <summary>Appends models in order: <see cref="Add(ReadOnlySpan{byte})"/> a card, or what <see cref="CardSignals.Extract"/>
    /// returned for it.</summary>
    public sealed class Builder
    {
        private readonly Utf8Pool.Builder _bodies = new(1 << 24);
        private readonly List<int> _offsets = [0];
        private readonly List<ulong> _mentions = [];

        public void Add(ReadOnlySpan<byte> card)
        {
            Span<ulong> buf = stackalloc ulong[CardSignals.MaxMentions];
            int k = CardSignals.Extract(card, buf, out Range body);
            Add(card[body], buf[..k]);
        }

        public void Add(ReadOnlySpan<byte> bodyPrefix, ReadOnlySpan<ulong> mentions)
        {
            _bodies.Add(bodyPrefix);
            foreach (ulong h in mentions) _mentions.Add(h);
            _offsets.Add(_mentions.Count);
        }

        public void AddEmpty() => Add(default, default);

        public CardSignalTable Build() => new(_bodies.Build(), [.. _offsets], [.. _mentions]);
    }
}
