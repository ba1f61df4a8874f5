using Phylo.Kernels;

namespace Phylo.Ingest.Csv;

/// <summary>
/// Reads a CSV stream as chunks of whole records (RFC 4180 as CsvHelper 33 reads it, no header handling).
/// Each chunk gets its own buffer of about <c>targetChunkBytes</c>: the incomplete record at the end of
/// one read is carried to the front of the next buffer, and a record longer than the buffer makes it
/// double until the record fits. Not thread-safe, except <see cref="Recycle"/>.
/// </summary>
public sealed class CsvChunkReader : IDisposable
{
    private const int MinChunkBytes = 64;
    // The pool only ever holds chunks that were in flight at once (the pipeline's channel, its workers, the reader's held
    // and current chunk: 8 with two workers), so its cap bounds nothing in practice; a cap below that count dropped
    // recycled 4 MiB buffers and allocated new ones, large-object garbage whose budget triggers the full collections
    // (native-notes/ingest.md, "The GC's share", ing32).
    private const int PoolCap = 64;

    private readonly Stream _stream;
    private readonly int _target;
    private readonly SimdLevel _level;
    private readonly Stack<CsvChunk> _pool = new();

    private byte[] _carry = [];     // the previous chunk's buffer, holding the incomplete record
    private int _carryStart;
    private int _carryLength;
    private long _carryOffset;      // stream offset of _carry[_carryStart]
    private ScanCursor _cursor = new() { RecordLine = 1 };
    private long _sequence;
    private bool _atStart = true;
    private bool _eof;
    private bool _done;

    /// <param name="stream">Read from its current position to its end; not disposed by this reader.</param>
    /// <param name="targetChunkBytes">Usual buffer size per chunk (at least 64).</param>
    /// <param name="level">Vector path; defaults to <see cref="Simd.Level"/>, capped by the hardware.</param>
    public CsvChunkReader(Stream stream, int targetChunkBytes = 4 << 20, SimdLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _target = Math.Max(MinChunkBytes, targetChunkBytes);
        _level = Simd.Cap(level ?? Simd.Level);
    }

    /// <summary>After end of stream: the file ended inside an open quoted field (the last record is still returned).</summary>
    public bool EndedInsideQuotes { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// The next chunk of one or more records; null at end of stream. Skips a UTF-8 BOM at the very
    /// start and blank records (as CsvHelper does).
    /// </summary>
    public CsvChunk? ReadChunk()
    {
        if (_done) return null;
        var chunk = Rent(Math.Max(_target, 2 * _carryLength));
        _carry.AsSpan(_carryStart, _carryLength).CopyTo(chunk.Buffer);
        chunk.ByteOffset = _carryOffset;
        int filled = Fill(chunk.Buffer, _carryLength);
        var cursor = _cursor;
        cursor.RecordStart = 0;
        if (_atStart)
        {
            _atStart = false;
            if (filled >= 3 && chunk.Buffer[0] == 0xEF && chunk.Buffer[1] == 0xBB && chunk.Buffer[2] == 0xBF) cursor.RecordStart = 3;
        }

        while (true)
        {
            RecordScanner.Scan(chunk.Buffer.AsSpan(0, filled), ref cursor, chunk, _level);
            if (chunk.RecordCount > 0 || _eof) break;
            // One record fills the whole buffer: double it and read on (rescanning that record is geometric).
            var bigger = new byte[checked(chunk.Buffer.Length * 2)];
            chunk.Buffer.AsSpan(0, filled).CopyTo(bigger);
            chunk.Buffer = bigger;
            filled = Fill(bigger, filled);
        }

        if (_eof)
        {
            _done = true;
            if (cursor.RecordStart < filled)
            {
                chunk.Add(cursor.RecordStart, filled - cursor.RecordStart, cursor.RecordLine);
                EndedInsideQuotes = cursor.InQuotes;
            }
            cursor.RecordStart = filled;
            if (chunk.RecordCount == 0) return null;
        }

        _cursor = cursor;
        _carry = chunk.Buffer;
        _carryStart = cursor.RecordStart;
        _carryLength = filled - cursor.RecordStart;
        _carryOffset = chunk.ByteOffset + cursor.RecordStart;
        chunk.Sequence = _sequence++;
        return chunk;
    }

    /// <summary>
    /// Hands a chunk the caller is done with back for reuse by a later <see cref="ReadChunk"/>.
    /// Optional; safe from any thread. The chunk must not be touched afterwards.
    /// </summary>
    public void Recycle(CsvChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_pool)
        {
            if (_pool.Count < PoolCap && chunk.Buffer.Length == _target) _pool.Push(chunk);
        }
    }

    public void Dispose()
    {
        lock (_pool) _pool.Clear();
        _carry = [];
    }

    private CsvChunk Rent(int size)
    {
        if (size == _target)
        {
            lock (_pool)
            {
                // A recycled buffer may be the one holding the carry: the carry copy is overlap-safe.
                if (_pool.TryPop(out var reused))
                {
                    reused.RecordCount = 0;
                    return reused;
                }
            }
        }
        return new CsvChunk(new byte[size], Math.Max(16, size / 256));
    }

    /// <summary>Reads until the buffer is full or the stream ends; returns the bytes now in it.</summary>
    private int Fill(byte[] buffer, int filled)
    {
        while (filled < buffer.Length && !_eof)
        {
            int n = _stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) _eof = true;
            filled += n;
            BytesRead += n;
        }
        return filled;
    }
}
