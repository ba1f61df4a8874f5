using Phylo.Kernels;
using Phylo.Text;

namespace Phylo.Table;

/// <summary>
/// The per-card work of ingest, done once on a parser worker while the decoded card is at hand, after which the body
/// is dropped (native-notes/memory.md, "Streaming the cards"): the facts (code points, words, auto-generated), and with
/// <see cref="CardKeep.Features"/> the card genome (first 512 code points, for cards that qualify), its MinHash-128
/// signature and its term hashes counted for pass 1 of the vocabulary fit; with <see cref="CardKeep.Bodies"/> the
/// lineage body and the model ids the body names (<see cref="CardSignals"/>); with <see cref="CardKeep.Text"/> a copy of
/// the whole card. Pieces go to the worker's
/// <see cref="CardPieces"/> (the batch's buffers) and the record points at them; the table builder copies them in model
/// order. One stage per worker, not thread-safe; the term counts of all stages are summed by the builder.
/// </summary>
public sealed class CardStage(CardKeep keep)
{
    internal TermCounts.Accumulator Terms { get; } = new();

    private readonly SimdLevel _level = Simd.Level;

    /// <summary>A stage whose card scans run at <paramref name="level"/> (tests hold every level to the same features).</summary>
    internal CardStage(CardKeep keep, SimdLevel level) : this(keep) => _level = level;

    public CardKeep Keep => keep;

    /// <summary>Featurizes <paramref name="card"/> (valid UTF-8, may be empty) into <paramref name="r"/>.</summary>
    public void Process(ModelRecord r, ReadOnlySpan<byte> card, CardPieces pieces) =>
        Process(r, card, CardScan.Scan(card, CardText.PrefixCodePoints, _level), pieces); // one pass: facts and the genome's cut

    private void Process(ModelRecord r, ReadOnlySpan<byte> card, ScannedCard facts, CardPieces pieces)
    {
        if (Facts(r, facts)) AddGenome(r, card[..facts.PrefixBytes], pieces); // = CardText.Genome(card)
        if ((keep & CardKeep.Bodies) != 0)
        {
            r.Body = pieces.Add(CardText.Body(card));
            RunExtractors(CardText.StripFrontMatter(card), r, pieces);
        }
        r.Card = (keep & CardKeep.Text) != 0 && !card.IsEmpty ? card.ToArray() : null;
    }

    /// <summary>Featurizes <paramref name="card"/> into <paramref name="r"/> exactly as its decoded text would be, or
    /// returns false having changed nothing, and the caller decodes the field and calls
    /// <see cref="Process(ModelRecord, ReadOnlySpan{byte}, CardPieces)"/>: for a raw field that is not valid UTF-8 (the
    /// scan says so; the decoder repairs and rejects it), for an inside the pairs rule does not read (CSV's rules for bad
    /// quoting), for a quoted field at <see cref="SimdLevel.Scalar"/> (the reference path) or with
    /// <see cref="CardKeep.Text"/> (the whole text is kept anyway). A raw unquoted field is its text. A raw quoted field is read in place: the facts and
    /// the genome's cut from one escaped scan of its inside (<see cref="CardScan.ScanEscaped(ReadOnlySpan{byte}, int)"/>),
    /// only the genome and the body's prefix unquoted; the front matter and the mentions are read on the inside as it is
    /// (a quote is none of their bytes, and a pair leaves a quote where it was).</summary>
    public bool TryProcess(ModelRecord r, CardField card, CardPieces pieces)
    {
        if (!card.Quoted)
        {
            ScannedCard facts = CardScan.Scan(card.Bytes, CardText.PrefixCodePoints, _level);
            if (card.Raw && !facts.ValidUtf8) return false;
            Process(r, card.Bytes, facts, pieces);
            return true;
        }
        if ((keep & CardKeep.Text) != 0) return false;
        ReadOnlySpan<byte> inside = card.Bytes[1..^1];
        ScannedEscapedCard scan = CardScan.ScanEscaped(inside, CardText.PrefixCodePoints, _level);
        if (!scan.Paired || !scan.Facts.ValidUtf8) return false;
        if (Facts(r, scan.Facts)) AddGenome(r, Unescape(inside[..scan.RawPrefixBytes]), pieces);
        if ((keep & CardKeep.Bodies) != 0)
        {
            ReadOnlySpan<byte> body = inside[CardSignals.BodyStart(inside)..];
            r.Body = pieces.Add(Unescape(body[..DoubledQuotes.PrefixEnd(body, CardSignals.BodyCodePoints)]));
            RunExtractors(body, r, pieces);
        }
        r.Card = null;
        return true;
    }

    /// <summary>Raw bytes that hold a text's first 512 code points: ≤ 4 bytes a code point, each text byte ≤ 2 raw bytes
    /// (a doubled quote), and the first quote of a pair whose second starts the next code point.</summary>
    private const int PrefixWindow = 2 * 4 * CardText.PrefixCodePoints + 1;

    private readonly byte[] _text = new byte[PrefixWindow];

    /// <summary>The text of a paired inside of at most <see cref="PrefixWindow"/> bytes (scratch, valid until the next call).</summary>
    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> inside) => _text.AsSpan(0, DoubledQuotes.Unescape(inside, _text));

    /// <summary>Stores the facts; returns whether the card has a genome to keep.</summary>
    private bool Facts(ModelRecord r, ScannedCard facts)
    {
        r.CardChars = facts.CodePoints;
        r.CardWords = facts.Words;
        r.CardAutoGenerated = facts.AutoGenerated;
        r.Genome = default;
        r.Body = default;
        r.Mentions = default;
        r.Signature = default;
        r.CardFeaturized = true;
        r.GenomeTermsCounted = true;
        return (keep & CardKeep.Features) != 0 && CardText.HasGenome(r.CardChars, r.CardAutoGenerated);
    }

    private void AddGenome(ModelRecord r, ReadOnlySpan<byte> genome, CardPieces pieces)
    {
        r.Genome = pieces.Add(genome); // its MinHash signature is computed from the kept genome at the table's build
        Terms.Add(genome);
    }

    /// <summary>Counts the terms of a genome that arrived featurized but not counted (a replayed snapshot row).</summary>
    public void CountTerms(ReadOnlySpan<byte> genome) => Terms.Add(genome);

    /// <summary>
    /// <b>Hook for per-card extractors</b>: runs on the worker with the whole body (the card without its front matter),
    /// the only moment it exists. From a CSV it may be the raw inside of the quoted field, every <c>"</c> of the text
    /// doubled: an extractor must give the same result on either (mentions do: a quote is never part of an id and
    /// only ever skipped). An extractor stores compact results on <paramref name="r"/> (as <see cref="ModelRecord.Body"/> is stored),
    /// and the table builder appends them in model order; it must be a pure function of the card (results may not
    /// depend on which worker ran it). Lineage's: the model ids the body names (<see cref="CardSignals.Mentions"/>).
    /// </summary>
    private static void RunExtractors(ReadOnlySpan<byte> body, ModelRecord r, CardPieces pieces)
    {
        Span<ulong> mentions = stackalloc ulong[CardSignals.MaxMentions];
        r.Mentions = pieces.AddMentions(mentions[..CardSignals.Mentions(body, mentions)]);
    }
}

/// <summary>A batch's buffers for the card pieces its records point at (genomes, bodies, signatures): a few large
/// arrays instead of one small array per card. Grown by doubling; a piece already handed out keeps the array it was
/// written to.</summary>
public sealed class CardPieces
{
    private byte[] _bytes = [];
    private int _used;
    private ulong[] _mentions = [];
    private int _mentionsUsed;

    public ReadOnlyMemory<byte> Add(ReadOnlySpan<byte> piece)
    {
        if (piece.IsEmpty) return default;
        if (_bytes.Length - _used < piece.Length)
        {
            _bytes = new byte[Math.Max(64 << 10, Math.Max(piece.Length, 2 * _bytes.Length))];
            _used = 0;
        }
        piece.CopyTo(_bytes.AsSpan(_used));
        var m = new ReadOnlyMemory<byte>(_bytes, _used, piece.Length);
        _used += piece.Length;
        return m;
    }

    /// <summary>Forgets every piece (their memory is reused): only when no record points at them any more.</summary>
    public void Reset()
    {
        _used = 0;
        _mentionsUsed = 0;
    }

    public ReadOnlyMemory<ulong> AddMentions(ReadOnlySpan<ulong> mentions)
    {
        if (mentions.IsEmpty) return default;
        if (_mentions.Length - _mentionsUsed < mentions.Length)
        {
            _mentions = new ulong[Math.Max(4096, Math.Max(mentions.Length, 2 * _mentions.Length))];
            _mentionsUsed = 0;
        }
        mentions.CopyTo(_mentions.AsSpan(_mentionsUsed));
        var m = new ReadOnlyMemory<ulong>(_mentions, _mentionsUsed, mentions.Length);
        _mentionsUsed += mentions.Length;
        return m;
    }

}
