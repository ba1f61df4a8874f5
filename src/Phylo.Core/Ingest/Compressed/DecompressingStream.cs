using System.Collections.Concurrent;
using Phylo.Ingest.Formats;

namespace Phylo.Ingest.Compressed;

/// <summary>
/// A forward-only stream of a compressed file's content: a producer thread decompresses (gzip, multi-member included, or
/// zstd) into a few 1 MiB blocks handed over a bounded queue, so decompression runs beside the chunker and the parser
/// workers reading this stream, and nothing is written to disk. A stream that ends early (a cut download) is not an
/// error here: the content before the cut is delivered, then end of stream, and <see cref="Truncation"/> says what
/// happened (the ingest turns it into a counted rejection).
/// </summary>
public sealed class DecompressingStream : Stream
{
    private const int BlockBytes = 1 << 20;
    private const int BlocksInFlight = 4;

    private readonly BlockingCollection<(byte[] Buffer, int Length)> _full = new(BlocksInFlight);
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly Thread _producer;
    private readonly Stream _file;
    private readonly CancellationTokenSource _stop = new();
    private byte[]? _current;
    private int _currentLength, _currentPos;
    private long _delivered, _newlines;
    private byte _lastByte;
    private Exception? _failure;

    /// <param name="file">The compressed bytes (disposed with this stream).</param>
    public DecompressingStream(Stream file, InputKind kind)
    {
        _file = file;
        Kind = kind;
        Stream decoder = Decoders.Open(file, kind, leaveOpen: true);
        _producer = new Thread(() => Produce(decoder)) { IsBackground = true, Name = $"phylo {kind} decompress" };
        _producer.Start();
    }

    public InputKind Kind { get; }

    /// <summary>After end of stream: null when the compressed stream was whole, else why it ended early.</summary>
    public string? Truncation { get; private set; }

    /// <summary>Content bytes delivered so far.</summary>
    public long Delivered => _delivered;

    /// <summary>Compressed bytes consumed so far (progress).</summary>
    public long CompressedRead => Volatile.Read(ref _compressedRead);
    private long _compressedRead;

    /// <summary>'\n' bytes delivered so far: the line where a cut fell is this + 1.</summary>
    public long Newlines => _newlines;

    /// <summary>The last content byte delivered (0 before any): a cut right after a line end lost no partial record.</summary>
    public byte LastByte => _lastByte;

    private void Produce(Stream decoder)
    {
        try
        {
            using (decoder)
            {
                while (!_stop.IsCancellationRequested)
                {
                    byte[] block = _free.TryTake(out var b) ? b : new byte[BlockBytes];
                    int filled = 0;
                    try
                    {
                        while (filled < block.Length)
                        {
                            int n = decoder.Read(block, filled, block.Length - filled);
                            if (n == 0) break;
                            filled += n;
                        }
                    }
                    catch (Exception e) when (Decoders.IsDamage(e))
                    {
                        Truncation = Describe(e);
                        if (filled > 0) _full.Add((block, filled), _stop.Token);
                        break;
                    }
                    finally
                    {
                        Volatile.Write(ref _compressedRead, SafePosition());
                    }
                    if (filled == 0) break;
                    _full.Add((block, filled), _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { _failure = e; }
        finally { _full.CompleteAdding(); }
    }

    private long SafePosition()
    {
        try { return _file.CanSeek ? _file.Position : 0; }
        catch (ObjectDisposedException) { return 0; }
    }

    private string Describe(Exception e)
    {
        string what = Kind == InputKind.Gzip ? "gzip" : "zstd";
        string detail = e switch
        {
            EndOfStreamException or InvalidDataException when e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase)
                || e is EndOfStreamException => "ends before its end marker",
            _ => $"is damaged ({e.Message.TrimEnd('.')})",
        };
        return $"the {what} stream {detail}: the file is cut short or corrupt";
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (_current is null || _currentPos == _currentLength)
        {
            if (_current is not null) { _free.Add(_current); _current = null; }
            if (!_full.TryTake(out var next, Timeout.Infinite))
            {
                if (_failure is not null) throw new IOException($"decompressing: {_failure.Message}", _failure);
                return 0;
            }
            (_current, _currentLength, _currentPos) = (next.Buffer, next.Length, 0);
        }
        int n = Math.Min(buffer.Length, _currentLength - _currentPos);
        var piece = _current.AsSpan(_currentPos, n);
        piece.CopyTo(buffer);
        _newlines += System.MemoryExtensions.Count(piece, (byte)'\n');
        _lastByte = piece[^1];
        _currentPos += n;
        _delivered += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            while (_full.TryTake(out _)) { } // unblock a producer waiting for room
            _producer.Join();
            _file.Dispose();
            _full.Dispose();
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _delivered; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
