namespace Phylo.Table;

/// <summary>
/// A card as a row parser hands it to the <see cref="CardStage"/>: its decoded UTF-8, or — from a CSV — the raw field,
/// which the stage reads in place instead of after the unquoting copy (native-notes/ingest.md, "The card read in
/// place"): a field that starts and ends with a quote, or one that does not start with a quote (its text is its bytes).
/// A raw field is not checked for valid UTF-8 before: the stage's scan checks it (native-notes/ingest.md, "UTF-8
/// checked in the card's scan"), and when it is not valid, or the quotes are not ones the stage reads, the stage
/// declines and the parser decodes the field by the CSV's rule (<c>CsvFields.DecodeUtf8</c>: invalid UTF-8 repaired
/// and rejected), as it always did (<see cref="CardStage.TryProcess"/>).
/// </summary>
public readonly ref struct CardField
{
    private CardField(ReadOnlySpan<byte> bytes, bool raw, bool quoted)
    {
        Bytes = bytes;
        Raw = raw;
        Quoted = quoted;
    }

    /// <summary>The decoded card, or the raw field (quotes included when <see cref="Quoted"/>).</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary><see cref="Bytes"/> is a raw CSV field, not known to be valid UTF-8.</summary>
    public bool Raw { get; }

    /// <summary><see cref="Bytes"/> is a raw quoted CSV field.</summary>
    public bool Quoted { get; }

    public static CardField Decoded(ReadOnlySpan<byte> utf8) => new(utf8, raw: false, quoted: false);

    /// <summary>A raw CSV field that starts and ends with a quote (two bytes at least), any bytes between.</summary>
    public static CardField QuotedCsv(ReadOnlySpan<byte> rawField)
    {
        if (rawField.Length < 2 || rawField[0] != (byte)'"' || rawField[^1] != (byte)'"')
            throw new ArgumentException("not a quoted field", nameof(rawField));
        return new(rawField, raw: true, quoted: true);
    }

    /// <summary>A raw CSV field that does not start with a quote (its text is its bytes when they are valid UTF-8).</summary>
    public static CardField UnquotedCsv(ReadOnlySpan<byte> rawField)
    {
        if (!rawField.IsEmpty && rawField[0] == (byte)'"') throw new ArgumentException("a quoted field", nameof(rawField));
        return new(rawField, raw: true, quoted: false);
    }

    public static implicit operator CardField(ReadOnlySpan<byte> utf8) => Decoded(utf8);
}
