using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Phylo.Kernels;

namespace Phylo.Ingest.Csv;

/// <summary>
/// Fields of one record from <see cref="CsvChunkReader"/>, read as CsvHelper 33 reads them
/// (RFC 4180, <c>BadDataFound = null</c>): split at commas outside quotes, then decoded on demand.
/// </summary>
public static class CsvFields
{
    /// <summary>
    /// Splits one record into raw field ranges (surrounding quotes still on). Returns the field count
    /// (at least 1); grows <paramref name="ranges"/> when needed. <paramref name="level"/> defaults to
    /// <see cref="Simd.Level"/> and is capped by what the hardware runs.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> record, ref Range[] ranges, SimdLevel? level = null)
    {
        ranges ??= new Range[16];
        return FieldScanner.Split(record, ref ranges, Simd.Cap(level ?? Simd.Level));
    }

    /// <summary>
    /// A field's text as UTF-8 bytes: strips the surrounding quotes, turns <c>""</c> into <c>"</c> (and
    /// handles malformed quoting as CsvHelper does), and replaces invalid UTF-8 sequences with U+FFFD
    /// (EF BF BD), setting <paramref name="invalidUtf8"/>. Returns the bytes written to
    /// <paramref name="dest"/>, which must hold <see cref="MaxDecodedLength"/> bytes.
    /// </summary>
    public static int DecodeUtf8(ReadOnlySpan<byte> rawField, Span<byte> dest, out bool invalidUtf8)
    {
        invalidUtf8 = !Utf8.IsValid(rawField);
        int needed = invalidUtf8 ? MaxDecodedLength(rawField.Length) : rawField.Length;
        if (dest.Length < needed)
            throw new ArgumentException("dest is shorter than MaxDecodedLength(rawField.Length)", nameof(dest));
        if (!invalidUtf8) return FieldText.Unquote(rawField, dest);
        // Repair first, on the raw bytes, so an invalid sequence is cut exactly where the stream decoder
        // would cut it; quotes are ASCII and survive the repair, so unquoting in place is then exact.
        int repaired = FieldText.RepairUtf8(rawField, dest);
        return FieldText.Unquote(dest[..repaired], dest);
    }

    /// <summary>Bytes <see cref="DecodeUtf8"/> may write for a raw field of this length.</summary>
    public static int MaxDecodedLength(int rawLength) => (int)Math.Min(3L * rawLength, Array.MaxLength);

    /// <summary>Convenience: the field as a .NET string (same rules as <see cref="DecodeUtf8"/>).</summary>
    public static string DecodeString(ReadOnlySpan<byte> rawField, out bool invalidUtf8)
    {
        int max = MaxDecodedLength(rawField.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> dest = rented ?? stackalloc byte[512];
        try
        {
            int n = DecodeUtf8(rawField, dest, out invalidUtf8);
            return Encoding.UTF8.GetString(dest[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
