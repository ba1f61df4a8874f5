using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using MessagePack;

namespace Phylo.Store;

/// <summary>Write side of a stored column: its directory entry, how it is cut into slices, how a slice is encoded.</summary>
internal abstract class ColumnSource(string name, ColumnKind kind, int elementSize, long length)
{
    public ColumnEntry Entry { get; } = new(name, kind, elementSize, length);

    /// <summary>Element ranges of at most about <paramref name="sliceBytes"/> encoded bytes each, covering the column.</summary>
    public abstract IEnumerable<(long First, long Count)> Slices(long sliceBytes);

    public abstract void Encode(long first, long count, ref MessagePackWriter w);

    /// <summary>The slice's encoded bytes where they already lie in memory as one span (a raw column), so the writer
    /// compresses them in place instead of copying them into an encode buffer first; false: <see cref="Encode"/> them.</summary>
    public virtual bool TryRaw(long first, long count, out ReadOnlySpan<byte> raw)
    {
        raw = default;
        return false;
    }
}

/// <summary>A primitive array as slices of its raw little-endian bytes.</summary>
internal sealed class PrimitiveSource<T>(string name, T[] values) : ColumnSource(name, ColumnKind.Primitive, Unsafe.SizeOf<T>(), values.Length)
    where T : unmanaged
{
    public override IEnumerable<(long First, long Count)> Slices(long sliceBytes)
    {
        long per = Math.Max(1, sliceBytes / Entry.ElementSize);
        for (long first = 0; first < values.Length; first += per) yield return (first, Math.Min(per, values.Length - first));
    }

    public override void Encode(long first, long count, ref MessagePackWriter w)
    {
        w.WriteRaw(MemoryMarshal.AsBytes(values.AsSpan((int)first, (int)count)));
    }

    public override bool TryRaw(long first, long count, out ReadOnlySpan<byte> raw)
    {
        raw = MemoryMarshal.AsBytes(values.AsSpan((int)first, (int)count));
        return true;
    }
}

/// <summary>A string array as MessagePack arrays of UTF-8 str, sliced by encoded size.</summary>
internal sealed class StringSource(string name, string[] values) : ColumnSource(name, ColumnKind.Strings, 0, values.Length)
{
    public override IEnumerable<(long First, long Count)> Slices(long sliceBytes)
    {
        long first = 0, bytes = 0;
        for (long i = 0; i < values.Length; i++)
        {
            bytes += Encoding.UTF8.GetByteCount(values[i]) + 5;
            if (bytes < sliceBytes) continue;
            yield return (first, i + 1 - first);
            first = i + 1;
            bytes = 0;
        }
        if (first < values.Length) yield return (first, values.Length - first);
    }

    public override void Encode(long first, long count, ref MessagePackWriter w)
    {
        w.WriteArrayHeader((int)count);
        for (long i = first; i < first + count; i++) w.Write(values[i]);
    }
}

/// <summary>One MessagePack value written whole (the provenance document).</summary>
internal sealed class DocumentSource(string name, DocumentSource.Writer write) : ColumnSource(name, ColumnKind.Document, 0, 1)
{
    public delegate void Writer(ref MessagePackWriter w);

    public override IEnumerable<(long First, long Count)> Slices(long sliceBytes)
    {
        yield return (0, 1);
    }

    public override void Encode(long first, long count, ref MessagePackWriter w)
    {
        write(ref w);
    }
}
