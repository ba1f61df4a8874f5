namespace Phylo.Ingest.Csv;

/// <summary>
/// A block of whole CSV records read from a stream: record i is
/// <c>Buffer[Starts[i] .. Starts[i] + Lengths[i]]</c>, line terminator (<c>\n</c>, <c>\r\n</c> or a lone
/// <c>\r</c>) excluded. Blank records are never listed. The arrays may be longer than
/// <see cref="RecordCount"/>; only the first <see cref="RecordCount"/> entries are meaningful.
/// </summary>
public sealed class CsvChunk
{
    /// <summary>The bytes; owned by the chunk (hand it back with <see cref="CsvChunkReader.Recycle"/> to reuse it).</summary>
    public byte[] Buffer;
    public int RecordCount;
    public int[] Starts;
    public int[] Lengths;
    /// <summary>1-based physical line on which record i starts (<c>\n</c>, <c>\r\n</c> and lone <c>\r</c> each end a line, as CsvHelper counts).</summary>
    public long[] Lines;
    /// <summary>0, 1, 2, ... in stream order.</summary>
    public long Sequence;
    /// <summary>Stream offset of <c>Buffer[0]</c>.</summary>
    public long ByteOffset;

    internal CsvChunk(byte[] buffer, int capacity)
    {
        Buffer = buffer;
        Starts = new int[capacity];
        Lengths = new int[capacity];
        Lines = new long[capacity];
    }

    /// <summary>Record i's bytes.</summary>
    public ReadOnlySpan<byte> Record(int i) => Buffer.AsSpan(Starts[i], Lengths[i]);

    internal void Add(int start, int length, long line)
    {
        int n = RecordCount;
        if (n == Starts.Length) Grow();
        Starts[n] = start;
        Lengths[n] = length;
        Lines[n] = line;
        RecordCount = n + 1;
    }

    private void Grow()
    {
        int size = Math.Max(16, Starts.Length * 2);
        Array.Resize(ref Starts, size);
        Array.Resize(ref Lengths, size);
        Array.Resize(ref Lines, size);
    }
}
