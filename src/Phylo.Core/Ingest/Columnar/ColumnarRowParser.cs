using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Parsing;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

namespace Phylo.Ingest.Columnar;

/// <summary>
/// The published layout's rows from a <see cref="ColumnBatch"/> (Parquet or Arrow), by the same rules as the CSV
/// (<see cref="PublishedRow"/>): a list column may hold the Python list literal as text (the Hub's conversion) or a native
/// list; counts may be integers, floats (truncated, as the CSV's <c>1.0</c>) or text. Text that is not valid UTF-8 is
/// repaired (U+FFFD) and rejected as <c>invalid-utf8</c> with the row kept, as in the CSV. A rejection's position is
/// <c>group:row</c> (both from 0). One instance per worker.
/// </summary>
internal sealed class ColumnarRowParser : IPublishedFields
{
    private readonly PublishedRow _row = new();
    private readonly List<string> _items = [];
    private ColumnBatch _batch = null!;
    private int _r;
    private string _file = "";
    private List<Rejection> _rejections = [];
    private byte[] _scratch = new byte[1 << 16];
    private static ReadOnlySpan<byte> Empty => default;

    /// <summary>The decoded card of the row the last <see cref="Parse"/> returned.</summary>
    public ReadOnlySpan<byte> LastCard => _card.Span;
    private ReadOnlyMemory<byte> _card;

    public ModelRecord? Parse(ColumnBatch batch, int row, string file, List<Rejection> rejections)
    {
        (_batch, _r, _file, _rejections) = (batch, row, file, rejections);
        _card = default;
        var r = _row.Build(this, file, Line, rejections);
        if (r is null) return null;
        r.RowGroup = batch.Group;
        if (Has(PublishedField.ModelCard)) _card = Utf8Memory(PublishedField.ModelCard);
        return r;
    }

    /// <summary>The row's position in its group (a rejection's <c>group:row</c>).</summary>
    private int Line => _batch.FirstRow + _r;

    private ColumnData? Col(PublishedField f) => _batch.Columns[(int)f];

    public bool Has(PublishedField f) => Col(f) is not null;

    public string? Text(PublishedField f)
    {
        var c = Col(f);
        if (c is null || c.Null[_r]) return null;
        switch (c.Kind)
        {
            case ColumnKind.Text:
                var utf8 = Utf8(f);
                return utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8);
            case ColumnKind.Int64: return c.Numbers[_r].ToString(CultureInfo.InvariantCulture);
            case ColumnKind.Double: return c.Doubles[_r].ToString("R", CultureInfo.InvariantCulture);
            case ColumnKind.Bool: return c.Numbers[_r] != 0 ? "True" : "False";
            case ColumnKind.TimestampMillis:
                var t = DateTime.UnixEpoch.AddMilliseconds(c.Numbers[_r]);
                return t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            default: return null; // a list where a scalar belongs: ignored
        }
    }

    public long Number(PublishedField f)
    {
        var c = Col(f);
        if (c is null || c.Null[_r]) return 0;
        switch (c.Kind)
        {
            case ColumnKind.Int64 or ColumnKind.Bool: return c.Numbers[_r];
            case ColumnKind.Double:
                double d = c.Doubles[_r];
                if (double.IsFinite(d)) return (long)d;
                break;
            case ColumnKind.Text:
                var utf8 = Utf8(f);
                if (utf8.IsEmpty) return 0;
                if (Utf8Parser.TryParse(utf8, out long v, out int used) && used == utf8.Length) return v;
                if (Utf8Parser.TryParse(utf8, out double x, out used) && used == utf8.Length && double.IsFinite(x)) return (long)x;
                break;
        }
        Field(RejectReasons.BadNumber, f);
        return 0;
    }

    public sbyte Flag(PublishedField f)
    {
        var c = Col(f);
        if (c is null || c.Null[_r]) return -1;
        if (c.Kind == ColumnKind.Bool) return (sbyte)(c.Numbers[_r] != 0 ? 1 : 0);
        return Text(f) switch { "False" or "false" => 0, "True" or "true" => 1, _ => -1 };
    }

    /// <summary>Lists come as strings here (a native list of strings or a literal per cell).</summary>
    public RowBatch? Batch => null;

    public void ListInto(PublishedField f, TraitKind kind, List<string>? baseModelTags) => throw new NotSupportedException("lists come as strings");

    public void List(PublishedField f, List<string> into)
    {
        var c = Col(f);
        if (c is null || c.Null[_r]) return;
        if (c.Kind == ColumnKind.TextList)
        {
            for (int v = c.RowValues[_r]; v < c.RowValues[_r + 1]; v++)
            {
                var item = Valid(c.Value(v), f);
                if (!item.IsEmpty) into.Add(Encoding.UTF8.GetString(item));
            }
            return;
        }
        if (c.Kind != ColumnKind.Text) return;
        var utf8 = Utf8(f);
        if (utf8.IsEmpty) return;
        if (!PyListLiteral.TryParse(utf8, into)) Field(RejectReasons.BadListLiteral, f);
    }

    public ReadOnlySpan<byte> Utf8(PublishedField f) => Utf8Memory(f).Span;

    private ReadOnlyMemory<byte> Utf8Memory(PublishedField f)
    {
        var c = Col(f);
        if (c is null || c.Null[_r] || c.Kind != ColumnKind.Text) return default;
        int v = c.RowValues[_r];
        if (c.RowValues[_r + 1] == v) return default;
        var raw = c.Data.AsMemory(c.Starts[v], c.Starts[v + 1] - c.Starts[v]);
        if (System.Text.Unicode.Utf8.IsValid(raw.Span)) return raw;
        Field(RejectReasons.InvalidUtf8, f);
        return Repair(raw.Span);
    }

    private ReadOnlySpan<byte> Valid(ReadOnlySpan<byte> utf8, PublishedField f)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return utf8;
        Field(RejectReasons.InvalidUtf8, f);
        return Repair(utf8).Span;
    }

    private ReadOnlyMemory<byte> Repair(ReadOnlySpan<byte> raw)
    {
        int max = CsvFields.MaxDecodedLength(raw.Length);
        if (_scratch.Length < max) _scratch = new byte[max];
        int n = FieldText.RepairUtf8(raw, _scratch);
        return _scratch.AsMemory(0, n);
    }

    public void Field(string reason, PublishedField f) =>
        _rejections.Add(new Rejection(_file, Line, reason, Excerpt.Of(RawOf(f)), RowDropped: false, Group: _batch.Group));

    public Rejection Row(string reason) => new(_file, Line, reason, RowExcerpt(), RowDropped: true, Group: _batch.Group);

    private ReadOnlySpan<byte> RawOf(PublishedField f)
    {
        var c = Col(f);
        if (c is null || c.Null[_r]) return Empty;
        if (c.Kind is ColumnKind.Text or ColumnKind.TextList)
        {
            int v0 = c.RowValues[_r], v1 = c.RowValues[_r + 1];
            return v1 > v0 ? c.Data.AsSpan(c.Starts[v0], c.Starts[v1] - c.Starts[v0]) : Empty;
        }
        return Encoding.UTF8.GetBytes(Text(f) ?? "");
    }

    /// <summary>The row's first fields joined by commas, as a CSV excerpt would show them.</summary>
    private string RowExcerpt()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < PublishedFields.Count && sb.Length < Excerpt.MaxChars; i++)
        {
            if (Col((PublishedField)i) is null) continue;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(Encoding.UTF8.GetString(RawOf((PublishedField)i)));
        }
        return Excerpt.Of(Encoding.UTF8.GetBytes(sb.ToString()));
    }
}
