namespace Phylo.Table;

/// <summary>
/// A card as a row parser hands it to the <see cref="CardStage"/>: its decoded UTF-8, or — from a CSV — the raw quoted
/// field, which the stage reads in place instead of after the unquoting copy (native-notes/ingest.md, "The card read
/// in place"). A quoted field is handed over only when it is valid UTF-8 (so the repair has nothing to do) and starts
/// and ends with a quote; what its text is stays the CSV's rule (<c>CsvFields.DecodeUtf8</c>), which the parser applies
/// when the stage cannot read the field in place (<see cref="CardStage.TryProcess"/>).
/// </summary>
public readonly ref struct CardField
{
    private CardField(ReadOnlySpan<byte> bytes, bool quoted)
    {
        Bytes = bytes;
        Quoted = quoted;
    }

    /// <summary>The decoded card, or the whole raw field, quotes included, when <see cref="Quoted"/>.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary><see cref="Bytes"/> is a raw quoted CSV field (valid UTF-8).</summary>
    public bool Quoted { get; }

    public static CardField Decoded(ReadOnlySpan<byte> utf8) => new(utf8, quoted: false);

    /// <summary>A raw CSV field that is valid UTF-8 and starts and ends with a quote (two bytes at least).</summary>
    public static CardField QuotedCsv(ReadOnlySpan<byte> rawField)
    {
        if (rawField.Length < 2 || rawField[0] != (byte)'"' || rawField[^1] != (byte)'"')
            throw new ArgumentException("not a quoted field", nameof(rawField));
        return new(rawField, quoted: true);
    }

    public static implicit operator CardField(ReadOnlySpan<byte> utf8) => Decoded(utf8);
}
