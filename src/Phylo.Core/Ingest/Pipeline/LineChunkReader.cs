using Phylo.Ingest.Csv;

namespace Phylo.Ingest.Pipeline;

/// <summary>
/// Splits JSON lines into chunks of whole lines (JSON strings cannot hold a raw newline, so every
/// '\n' ends a record). Produces the same <see cref="CsvChunk"/> shape the CSV reader does.
/// </summary>
internal sealed class LineChunkReader(Stream stream, int targetChunkBytes = 4 << 20) : IChunkSource
{
    private byte[] _buffer = new byte[targetChunkBytes];
    private int _filled;
    private bool _eof;
    private long _line = 1, _sequence, _offset;
    private bool _bomChecked;

    public long BytesRead { get; private set; }

    public bool EndedInsideQuotes => false;

    public void Recycle(CsvChunk chunk) { }

    public CsvChunk? ReadChunk()
    {
        while (true)
        {
            if (!_eof && _filled < _buffer.Length)
            {
                int n = stream.Read(_buffer, _filled, _buffer.Length - _filled);
                if (n == 0) _eof = true;
                _filled += n;
                BytesRead += n;
                if (n > 0 && !_eof && _filled < _buffer.Length) continue;
            }
            int start = 0;
            if (!_bomChecked && _filled >= 3)
            {
                _bomChecked = true;
                if (_buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) start = 3;
            }
            int lastNl = _buffer.AsSpan(start, _filled - start).LastIndexOf((byte)'\n');
            int end = lastNl >= 0 ? start + lastNl + 1 : (_eof ? _filled : -1);
            if (end < 0)
            {
                if (_filled == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // one huge line
                continue;
            }
            if (end == start && _eof) return null;
            var chunk = Cut(start, end);
            int rest = _filled - end;
            var next = new byte[Math.Max(targetChunkBytes, rest)];
            _buffer.AsSpan(end, rest).CopyTo(next);
            _offset += end;
            _buffer = next;
            _filled = rest;
            if (chunk.RecordCount > 0 || !_eof) return chunk;
            return null;
        }
    }

    private CsvChunk Cut(int start, int end)
    {
        var chunk = new CsvChunk(_buffer, 64) { Sequence = _sequence++, ByteOffset = _offset };
        int s = start;
        while (s < end)
        {
            int nl = _buffer.AsSpan(s, end - s).IndexOf((byte)'\n');
            int stop = nl < 0 ? end : s + nl;
            int len = stop - s;
            if (len > 0 && _buffer[s + len - 1] == '\r') len--;
            if (_buffer.AsSpan(s, len).Trim(" \t"u8).Length > 0) chunk.Add(s, len, _line);
            _line++;
            s = stop + 1;
        }
        return chunk;
    }

    public void Dispose() { }
}
