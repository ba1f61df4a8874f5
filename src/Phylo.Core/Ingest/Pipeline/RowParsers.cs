using Phylo.Graph;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Parsing;

namespace Phylo.Ingest.Pipeline;

/// <summary>Turns one record of a known layout into a <see cref="ModelRecord"/>. One instance per worker.</summary>
internal interface IRowParser
{
    /// <summary>Returns the record, or null when the row is rejected (the rejection is appended). The card is not copied
    /// into the record: <see cref="LastCard"/> holds it for the card stage.</summary>
    ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections);

    /// <summary>The decoded card of the record the last <see cref="Parse"/> returned (valid until the next call).</summary>
    ReadOnlySpan<byte> LastCard { get; }
}

/// <summary>The published layout: one typed column per trait, Python list literals, the card in <c>modelCard</c>.</summary>
internal sealed class PublishedRowParser(CsvLayout layout) : IRowParser
{
    private readonly FieldReader _f = new();
    private readonly List<string> _ids = [];

    public ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        _f.Reset(record, file, line, rejections);
        if (_f.FieldCount != layout.ColumnCount) { rejections.Add(_f.Row(RejectReasons.FieldCount)); return null; }
        string id = ModelIds.Normalize(_f.Text(layout.ModelId));
        if (id.Length == 0) { rejections.Add(_f.Row(RejectReasons.MissingId)); return null; }
        var r = new ModelRecord { Id = id, SourceFile = file, Line = line };
        int slash = id.IndexOf('/');
        r.Author = slash > 0 ? id[..slash] : null;
        r.Likes = _f.Number(layout.Likes);
        r.Downloads = _f.Number(layout.Downloads);
        if (layout.TrendingScore >= 0 && _f.Text(layout.TrendingScore) is { Length: > 0 }) r.TrendingScore = _f.Number(layout.TrendingScore);
        if (layout.Private >= 0) r.Private = PythonBool(_f.Text(layout.Private));
        r.PipelineTag = _f.Text(layout.PipelineTag);
        r.LibraryName = _f.Text(layout.LibraryName);
        var created = _f.Text(layout.CreatedAt);
        if (created is not null)
        {
            if (HubDates.TryParse(created, out long t, out int ms)) { r.CreatedAt = t; r.CreatedMillis = ms; }
            else _f.Field(RejectReasons.BadDate, layout.CreatedAt);
        }
        _f.List(layout.Tags, r.Tags);
        _f.List(layout.Regions, r.Regions);
        _f.List(layout.Licenses, r.Licenses);
        _f.List(layout.Arxiv, r.Arxiv);
        _f.List(layout.Datasets, r.Datasets);
        _f.List(layout.Languages, r.Languages);
        Parents(layout.ParentModel, RelationMask.Bare, r);
        Parents(layout.FinetuneParent, RelationMask.Finetune, r);
        Parents(layout.QuantizedParent, RelationMask.Quantized, r);
        Parents(layout.AdapterParent, RelationMask.Adapter, r);
        Parents(layout.MergeParent, RelationMask.Merge, r);
        TagParents.AddFrom(r.Tags, r.Parents);
        _f.Utf8(layout.ModelCard); // decoded last, once: LastCard
        return r;
    }

    public ReadOnlySpan<byte> LastCard => _f.LastUtf8;

    /// <summary>pandas writes Python booleans as <c>True</c>/<c>False</c>; anything else is "not given".</summary>
    private static sbyte PythonBool(string? text) => text switch
    {
        "False" or "false" => 0,
        "True" or "true" => 1,
        _ => -1,
    };

    private void Parents(int col, RelationMask mask, ModelRecord r)
    {
        _ids.Clear();
        _f.List(col, _ids);
        int listStart = r.Parents.Count;
        foreach (var p in _ids)
        {
            string pid = ModelIds.Normalize(p);
            if (pid.Length == 0) continue;
            bool repeated = mask == RelationMask.Bare && TagParents.RepeatsBare(r.Parents, listStart, pid);
            r.Parents.Add(new ParentRef(pid, repeated ? mask | RelationMask.BareRepeated : mask));
        }
    }
}

/// <summary>The per-family crawl layout: the Hub record as JSON in <c>metadata</c>, the README in <c>card</c>.</summary>
internal sealed class CrawlRowParser(CsvLayout layout) : IRowParser
{
    private readonly FieldReader _f = new();

    public ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        _f.Reset(record, file, line, rejections);
        if (_f.FieldCount != layout.ColumnCount) { rejections.Add(_f.Row(RejectReasons.FieldCount)); return null; }
        var meta = _f.Utf8(layout.Metadata);
        var trimmed = System.Text.Unicode.Utf8.IsValid(meta) ? meta.Trim(" \t\r\n"u8) : meta;
        if (trimmed.SequenceEqual("N/A"u8) || trimmed.IsEmpty) { rejections.Add(_f.Row(RejectReasons.MetadataNa)); return null; }
        var r = new ModelRecord { SourceFile = file, Line = line };
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

    public ReadOnlySpan<byte> LastCard => _hasCard ? _f.LastUtf8 : default;
}

/// <summary>Hub API JSON lines: each record is one ModelInfo object.</summary>
internal sealed class JsonlRowParser : IRowParser
{
    private byte[]? _card;

    public ReadOnlySpan<byte> LastCard => _card;

    public ModelRecord? Parse(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        var r = new ModelRecord { SourceFile = file, Line = line };
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
