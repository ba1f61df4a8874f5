using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Phylo.Output;

namespace Phylo.Report;

/// <summary>Writes a <see cref="ResultTable"/> as RFC 4180 CSV with a header row, atomically. Each field is the text of
/// <see cref="TableColumn.Format"/>, quoted as <see cref="Phylo.Table.RejectLog.Quote"/> does, in UTF-8 without a BOM.
/// The model and edge tables have millions of cells, so the writer formats straight into a UTF-8 byte buffer (numbers
/// through <see cref="IUtf8SpanFormattable"/>, no string and no UTF-16 → UTF-8 pass per cell), decides each column's
/// type once instead of once per cell, and is compiled optimized from its first call: it runs once per table, so tiered
/// compilation left it in unoptimized code for much of a full-scale run (native-notes/report-output.md, "Output wave").</summary>
public static class CsvTableWriter
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Longest UTF-8 text of a number written here ("R" doubles and longs are under 32 bytes).</summary>
    private const int NumberBytes = 32;

    private static readonly SearchValues<byte> SpecialBytes = SearchValues.Create(",\"\r\n"u8);
    private static readonly SearchValues<char> SpecialChars = SearchValues.Create(",\"\r\n");

    private enum Kind : byte { Int32, Int64, Double, Bool, String, Other }

    public static void Write(ResultTable table, string path) => AtomicFile.Write(path, s => WriteTo(table, s));

    /// <summary>The CSV bytes of <paramref name="table"/> into <paramref name="stream"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteTo(ResultTable table, Stream stream)
    {
        var cols = table.Columns;
        var kinds = new Kind[cols.Count];
        var values = new object?[cols.Count];
        for (int c = 0; c < cols.Count; c++)
            (kinds[c], values[c]) = cols[c] switch
            {
                Int32Column x => (Kind.Int32, (object?)x.Values),
                Int64Column x => (Kind.Int64, x.Values),
                DoubleColumn x => (Kind.Double, x.Values),
                BoolColumn x => (Kind.Bool, x.Values),
                StringColumn x => (Kind.String, x.Values),
                _ => (Kind.Other, null),
            };
        var sink = new Sink(stream);
        try
        {
            for (int c = 0; c < cols.Count; c++)
            {
                if (c > 0) sink.Put((byte)',');
                sink.Text(cols[c].Name);
            }
            sink.Put((byte)'\n');
            var inv = CultureInfo.InvariantCulture;
            int rows = table.RowCount;
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < kinds.Length; c++)
                {
                    if (c > 0) sink.Put((byte)',');
                    switch (kinds[c])
                    {
                        case Kind.Int32:
                            sink.Advance(Unsafe.As<int[]>(values[c])![r].TryFormat(sink.Room(NumberBytes), out int n, default, inv) ? n : throw Overflow());
                            break;
                        case Kind.Int64:
                            sink.Advance(Unsafe.As<long[]>(values[c])![r].TryFormat(sink.Room(NumberBytes), out n, default, inv) ? n : throw Overflow());
                            break;
                        case Kind.Double:
                            double d = Unsafe.As<double[]>(values[c])![r];
                            if (!double.IsNaN(d)) sink.Advance(d.TryFormat(sink.Room(NumberBytes), out n, "R", inv) ? n : throw Overflow());
                            break;
                        case Kind.Bool:
                            sink.Bytes(Unsafe.As<bool[]>(values[c])![r] ? "true"u8 : "false"u8);
                            break;
                        case Kind.String:
                            sink.Field(Unsafe.As<string?[]>(values[c])![r] ?? "");
                            break;
                        default:
                            sink.Field(cols[c].Format(r));
                            break;
                    }
                }
                sink.Put((byte)'\n');
            }
            sink.Flush();
        }
        finally { sink.Release(); }
    }

    /// <summary>Whether ASCII bytes (each below 0x80) hold a comma, quote, CR or LF. All four are below '-' (0x2D), and ids,
    /// licenses, tasks and languages have no byte below it: a word test finds any such byte eight at a time, and only then
    /// are the bytes searched exactly. This is plain integer code, compiled optimized with its caller; the
    /// <see cref="SearchValues{T}"/> search it replaces ran in tier-0 code for much of a full-scale output wave.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool HasSpecial(ReadOnlySpan<byte> ascii)
    {
        const ulong Ones = 0x0101_0101_0101_0101UL, Highs = 0x8080_8080_8080_8080UL;
        const ulong BelowDash = Ones * 0x2D;
        int i = 0;
        for (; i + sizeof(ulong) <= ascii.Length; i += sizeof(ulong))
        {
            // With every byte below 0x80, (x − 0x2D per byte) & ~x & 0x80 per byte is nonzero exactly when some byte is below 0x2D.
            ulong x = BinaryPrimitives.ReadUInt64LittleEndian(ascii[i..]);
            if (((x - BelowDash) & ~x & Highs) != 0) return ascii.IndexOfAny(SpecialBytes) >= 0;
        }
        for (; i < ascii.Length; i++)
            if (ascii[i] < 0x2D) return ascii.IndexOfAny(SpecialBytes) >= 0;
        return false;
    }

    private static InvalidOperationException Overflow() => new("a number's text did not fit its buffer");

    /// <summary>A UTF-8 byte buffer in front of the stream.</summary>
    private sealed class Sink(Stream stream)
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        private int _used;

        /// <summary>At least <paramref name="bytes"/> (≤ the buffer's size) of free buffer.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Span<byte> Room(int bytes)
        {
            if (_buffer.Length - _used < bytes) Flush();
            return _buffer.AsSpan(_used);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Advance(int bytes) => _used += bytes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(byte b)
        {
            if (_used == _buffer.Length) Flush();
            _buffer[_used++] = b;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]     // once per bool cell
        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > _buffer.Length - _used) Flush();
            if (bytes.Length > _buffer.Length) { stream.Write(bytes); return; }
            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        /// <summary>A field: the text as is, or RFC 4180-quoted when it holds a comma, quote or line break. ASCII text (ids,
        /// licenses, tasks: nearly every field) is narrowed into the buffer and checked there, one pass each. Compiled
        /// optimized from the first call, like <see cref="WriteTo"/>: it runs millions of times per table, and at full scale
        /// tiering left it in tier-0 code for much of the output wave.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Field(string value)
        {
            if (value.Length <= BufferBytes)
            {
                var room = Room(value.Length);
                if (Ascii.FromUtf16(value, room, out int n) == OperationStatus.Done && !HasSpecial(room[..n]))
                {
                    _used += n;
                    return;
                }
            }
            if (value.AsSpan().IndexOfAny(SpecialChars) < 0) Text(value);
            else Text(Phylo.Table.RejectLog.Quote(value));
        }

        /// <summary>UTF-16 text as UTF-8 (a lone surrogate becomes U+FFFD, as the UTF-8 StreamWriter wrote it: every text
        /// here stands between separators, so no surrogate pair is split across two calls).</summary>
        public void Text(string value)
        {
            int most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (most <= BufferBytes)
            {
                int written = Encoding.UTF8.GetBytes(value, Room(most));     // Room may flush: add to _used only after it
                _used += written;
                return;
            }
            byte[] big = ArrayPool<byte>.Shared.Rent(most);
            int n = Encoding.UTF8.GetBytes(value, big);
            Bytes(big.AsSpan(0, n));
            ArrayPool<byte>.Shared.Return(big);
        }

        public void Flush()
        {
            if (_used == 0) return;
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        public void Release()
        {
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
