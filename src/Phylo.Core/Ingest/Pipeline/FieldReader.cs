using System.Buffers.Text;
using System.Text;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Parsing;
using Phylo.Table;

namespace Phylo.Ingest.Pipeline;

/// <summary>
/// Typed access to the fields of one CSV record, with per-worker scratch buffers so parsing a row
/// allocates only the values it keeps. Field-level problems (invalid UTF-8, a broken list literal,
/// a bad number) are recorded as rejections that keep the row.
/// </summary>
internal sealed class FieldReader
{
    private Range[] _ranges = new Range[32];
    private byte[] _scratch = new byte[1 << 16];
    private ReadOnlyMemory<byte> _record;
    private string _file = "";
    private long _line;
    private List<Rejection> _rejections = [];
    private readonly Parsing.RecentStrings _strings = new();

    public int FieldCount { get; private set; }

    public void Reset(ReadOnlyMemory<byte> record, string file, long line, List<Rejection> rejections)
    {
        _lastLength = 0;
        _cardColumn = -1;
        _record = record;
        _file = file;
        _line = line;
        _rejections = rejections;
        FieldCount = CsvFields.Split(record.Span, ref _ranges);
    }

    public ReadOnlySpan<byte> Raw(int col) => col < 0 || col >= FieldCount ? default : _record.Span[_ranges[col]];

    /// <summary>The field decoded (quotes undone, invalid UTF-8 replaced) into scratch memory valid until the next call.</summary>
    public ReadOnlySpan<byte> Utf8(int col)
    {
        var raw = Raw(col);
        _cardColumn = -1;
        if (raw.IsEmpty) { _lastLength = 0; return default; }
        int max = CsvFields.MaxDecodedLength(raw.Length);
        if (_scratch.Length < max) _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        int n = CsvFields.DecodeUtf8(raw, _scratch, out bool invalid);
        if (invalid) Field(RejectReasons.InvalidUtf8, col);
        _lastLength = n;
        return _scratch.AsSpan(0, n);
    }

    private int _lastLength;

    /// <summary>What the last <see cref="Utf8"/> call returned, until the next decode (the card, read last, is decoded once).</summary>
    public ReadOnlySpan<byte> LastUtf8 => _scratch.AsSpan(0, _lastLength);

    /// <summary>The card's field for the card stage, without a copy: the raw field, read in place, when it starts and ends
    /// with a quote, the raw bytes when it is not quoted (its text as it is) — the stage's scan checks that they are valid
    /// UTF-8, and when they are not the stage declines and the caller decodes (<see cref="Utf8"/>: invalid UTF-8 repaired
    /// and rejected); any other field decoded as <see cref="Utf8"/> decodes it, then in <see cref="LastUtf8"/>.</summary>
    public CardField Card(int col)
    {
        var raw = Raw(col);
        bool quoted = raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"';
        if (quoted || raw.Length > 0 && raw[0] != (byte)'"')
        {
            (_cardColumn, _cardQuoted) = (col, quoted);
            return LastCard;
        }
        return Utf8(col);
    }

    private int _cardColumn = -1; // the column Card read in place, else -1
    private bool _cardQuoted;

    /// <summary>What the last <see cref="Card"/> call returned (until the next <see cref="Reset"/> or decode).</summary>
    public CardField LastCard => _cardColumn < 0 ? CardField.Decoded(LastUtf8)
        : _cardQuoted ? CardField.QuotedCsv(Raw(_cardColumn)) : CardField.UnquotedCsv(Raw(_cardColumn));

    public string? Text(int col)
    {
        var utf8 = Utf8(col);
        return utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8);
    }

    /// <summary>As <see cref="Text"/> for a column of few distinct values: a value met lately is not allocated again.</summary>
    public string? RecentText(int col)
    {
        var utf8 = Utf8(col);
        return utf8.IsEmpty ? null : Recent(utf8);
    }

    public long Number(int col)
    {
        var utf8 = Utf8(col);
        if (utf8.IsEmpty) return 0;
        if (Utf8Parser.TryParse(utf8, out long v, out int used) && used == utf8.Length) return v;
        if (Utf8Parser.TryParse(utf8, out double d, out used) && used == utf8.Length && double.IsFinite(d)) return (long)d;
        Field(RejectReasons.BadNumber, col);
        return 0;
    }

    /// <summary>Parses a Python list literal column into <paramref name="into"/>; a broken literal leaves it empty.</summary>
    public void List(int col, List<string> into)
    {
        var utf8 = Utf8(col);
        if (utf8.IsEmpty) return;
        if (PyListBytes.TryScan(utf8, ref _items, out int count))
        {
            for (int k = 0; k < count; k++) into.Add(Recent(utf8[_items[k]]));
            return;
        }
        if (!PyListLiteral.TryParse(utf8, into, _strings)) Field(RejectReasons.BadListLiteral, col);
    }

    /// <summary>A string of <paramref name="utf8"/> (valid) from the worker's recent strings.</summary>
    private string Recent(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256) return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[256];
        return _strings.Get(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
    }

    /// <summary>As <see cref="List"/>, the items added to <paramref name="rows"/>' open row of <paramref name="kind"/> by their
    /// UTF-8 (<see cref="PyListBytes"/>; an escape or anything unusual goes through the char parser and strings, with the same
    /// ids); items that start with <c>base_model:</c> are also added to <paramref name="baseModelTags"/> as strings, in order.</summary>
    public void ListInto(int col, RowBatch rows, TraitKind kind, List<string>? baseModelTags)
    {
        var utf8 = Utf8(col);
        if (utf8.IsEmpty) return;
        if (PyListBytes.TryScan(utf8, ref _items, out int count))
        {
            for (int k = 0; k < count; k++)
            {
                var item = utf8[_items[k]];
                rows.AddTraitItem(kind, item);
                if (baseModelTags is not null && item.StartsWith(BaseModel)) baseModelTags.Add(Encoding.UTF8.GetString(item));
            }
            return;
        }
        _decoded.Clear();
        if (!PyListLiteral.TryParse(utf8, _decoded, _strings)) { Field(RejectReasons.BadListLiteral, col); return; }
        foreach (string item in _decoded)
        {
            rows.AddTraitItem(kind, item);
            if (baseModelTags is not null && item.StartsWith(TagParents.Prefix, StringComparison.Ordinal)) baseModelTags.Add(item);
        }
    }

    private static ReadOnlySpan<byte> BaseModel => "base_model:"u8;
    private Range[] _items = new Range[16];
    private readonly List<string> _decoded = [];

    public void Field(string reason, int col) =>
        _rejections.Add(new Rejection(_file, _line, reason, Excerpt.Of(Raw(col)), RowDropped: false));

    public Rejection Row(string reason) => new(_file, _line, reason, Excerpt.Of(_record.Span), RowDropped: true);
}
