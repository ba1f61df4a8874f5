using Phylo.Ingest.Formats;
using Phylo.Ingest.Parsing;
using Phylo.Table;

namespace Phylo.Ingest.Pipeline;

/// <summary>Turns one record of a known layout into a <see cref="ModelRecord"/>. One instance per worker.</summary>
internal interface IRowParser
{
    /// <summary>Returns the record (reused by the next call), or null when the row is rejected (the rejection is appended). The card is not copied
    /// into the record: <see cref="LastCard"/> holds it for the card stage.</summary>
    ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections);

    /// <summary>The card of the record the last <see cref="Parse"/> returned (valid until the next call).</summary>
    CardField LastCard { get; }

    /// <summary><see cref="LastCard"/>'s text, decoded (for a card the stage does not read in place, <see cref="CardStage.TryProcess"/>).</summary>
    ReadOnlySpan<byte> DecodeLastCard();

    /// <summary>The batch the next rows are appended to: a parser may add their list items to it itself
    /// (<see cref="ModelRecord.TraitsInBatch"/>). The default ignores it.</summary>
    void FillInto(RowBatch rows) { }
}

/// <summary>The published layout in CSV: one typed column per trait, Python list literals, the card in <c>modelCard</c>.</summary>
internal sealed class PublishedRowParser : IRowParser, IPublishedFields
{
    private readonly FieldReader _f = new();
    private readonly PublishedRow _row = new();
    private readonly CsvLayout _layout;
    private readonly int[] _columns = new int[PublishedFields.Count];

    public PublishedRowParser(CsvLayout layout)
    {
        _layout = layout;
        for (int i = 0; i < _columns.Length; i++) _columns[i] = IndexOf(layout.Columns, PublishedFields.Names[i]);
    }

    public ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        _f.Reset(record, file, line, rejections);
        if (_f.FieldCount != _layout.ColumnCount) { rejections.Add(_f.Row(RejectReasons.FieldCount)); return null; }
        var r = _row.Build(this, file, line, rejections);
        if (r is not null) _f.Card(_columns[(int)PublishedField.ModelCard]); // read last, once: LastCard
        return r;
    }

    public CardField LastCard => _f.LastCard;

    public ReadOnlySpan<byte> DecodeLastCard() => _f.Utf8(_columns[(int)PublishedField.ModelCard]);

    public RowBatch? Batch { get; private set; }

    public void FillInto(RowBatch rows) => Batch = rows;

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++) if (columns[i] == name) return i;
        return -1;
    }

    public bool Has(PublishedField f) => _columns[(int)f] >= 0;
    public string? Text(PublishedField f) => f is PublishedField.ModelId or PublishedField.CreatedAt ? _f.Text(_columns[(int)f]) : _f.RecentText(_columns[(int)f]);
    public long Number(PublishedField f) => _f.Number(_columns[(int)f]);
    public void List(PublishedField f, List<string> into) => _f.List(_columns[(int)f], into);
    public void ListInto(PublishedField f, TraitKind kind, List<string>? baseModelTags) => _f.ListInto(_columns[(int)f], Batch!, kind, baseModelTags);
    public ReadOnlySpan<byte> Utf8(PublishedField f) => _f.Utf8(_columns[(int)f]);
    public void Field(string reason, PublishedField f) => _f.Field(reason, _columns[(int)f]);
    public Rejection Row(string reason) => _f.Row(reason);

    /// <summary>pandas writes Python booleans as <c>True</c>/<c>False</c>; anything else is "not given".</summary>
    public sbyte Flag(PublishedField f)
    {
        var utf8 = _f.Utf8(_columns[(int)f]);
        return utf8.SequenceEqual("False"u8) || utf8.SequenceEqual("false"u8) ? (sbyte)0
            : utf8.SequenceEqual("True"u8) || utf8.SequenceEqual("true"u8) ? (sbyte)1 : (sbyte)-1;
    }
}

/// <summary>The per-family crawl layout: the Hub record as JSON in <c>metadata</c>, the README in <c>card</c>.</summary>
internal sealed class CrawlRowParser(CsvLayout layout) : IRowParser
{
    private readonly FieldReader _f = new();
    private readonly ModelRecord _record = new(); // reused: the batch copies what it keeps

    public ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        _f.Reset(record, file, line, rejections);
        if (_f.FieldCount != layout.ColumnCount) { rejections.Add(_f.Row(RejectReasons.FieldCount)); return null; }
        var meta = _f.Utf8(layout.Metadata);
        var trimmed = System.Text.Unicode.Utf8.IsValid(meta) ? meta.Trim(" \t\r\n"u8) : meta;
        if (trimmed.SequenceEqual("N/A"u8) || trimmed.IsEmpty) { rejections.Add(_f.Row(RejectReasons.MetadataNa)); return null; }
        var r = _record.Reset();
        (r.SourceFile, r.Line) = (file, line);
        if (!HubRecordMapper.TryFill(trimmed, r, out string? reason))
        {
            rejections.Add(_f.Row(reason ?? RejectReasons.BadJson));
            return null;
        }
        // The crawl's own model_id column wins: it is the id the crawl followed (URLs normalized).
        string id = ModelIds.Normalize(_f.Text(layout.ModelId));
        if (id.Length > 0) r.Id = id;
        if (r.Id.Length == 0) { rejections.Add(_f.Row(RejectReasons.MissingId)); return null; }
        if (layout.Depth >= 0)
        {
            long depth = _f.Number(layout.Depth);
            r.CrawlDepth = depth is >= 0 and <= int.MaxValue ? (int)depth : -1;
        }
        _hasCard = layout.Card >= 0;
        if (_hasCard) _f.Utf8(layout.Card); // decoded last, once: LastCard
        return r;
    }

    private bool _hasCard;

    public CardField LastCard => DecodeLastCard();

    public ReadOnlySpan<byte> DecodeLastCard() => _hasCard ? _f.LastUtf8 : default;
}

/// <summary>Hub API JSON lines: each record is one ModelInfo object.</summary>
internal sealed class JsonlRowParser : IRowParser
{
    private byte[]? _card;
    private readonly ModelRecord _record = new(); // reused: the batch copies what it keeps

    public CardField LastCard => _card.AsSpan();

    public ReadOnlySpan<byte> DecodeLastCard() => _card;

    public ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        var r = _record.Reset();
        (r.SourceFile, r.Line) = (file, line);
        _card = null;
        if (HubRecordMapper.TryFill(record.Span, r, out string? reason))
        {
            (_card, r.Card) = (r.Card, null);
            return r;
        }
        rejections.Add(new Rejection(file, line, reason ?? RejectReasons.BadJson, Excerpt.Of(record.Span)));
        return null;
    }
}
