using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Phylo.Store;

/// <summary>A chunk's payload does not have the shape its directory entry promises.</summary>
internal sealed class MalformedChunkException(string reason) : Exception(reason);

/// <summary>Read side of a stored column: allocated from its directory entry, filled slice by slice from any thread
/// (slices never overlap, so no locking). Raw columns expose where a slice's bytes go, so LZ4 decodes straight
/// into the final array; MessagePack columns decode a scratch buffer.</summary>
internal abstract class ColumnTarget
{
    /// <summary>True when slices are raw bytes for <see cref="Destination"/>; false when they are MessagePack for <see cref="Decode"/>.</summary>
    public virtual bool IsRaw => false;

    public virtual Span<byte> Destination(long first, long count) => throw new NotSupportedException();

    public virtual void Decode(long first, long count, ReadOnlyMemory<byte> payload) => throw new NotSupportedException();

    protected static void CheckRange(long first, long count, long length)
    {
        if (first < 0 || count < 0 || first + count > length)
            throw new MalformedChunkException($"elements {first}+{count} outside the column's {length}");
    }
}

/// <summary>Fills a primitive array from bin slices.</summary>
internal sealed class PrimitiveTarget<T>(long length) : ColumnTarget where T : unmanaged
{
    public T[] Values { get; } = new T[length];

    public static int ElementSize => Unsafe.SizeOf<T>();

    public override bool IsRaw => true;

    public override Span<byte> Destination(long first, long count)
    {
        CheckRange(first, count, Values.Length);
        return MemoryMarshal.AsBytes(Values.AsSpan((int)first, (int)count));
    }
}

/// <summary>Fills a string array from slices of MessagePack str arrays.</summary>
internal sealed class StringTarget(long length) : ColumnTarget
{
    public string[] Values { get; } = new string[length];

    public override void Decode(long first, long count, ReadOnlyMemory<byte> payload)
    {
        CheckRange(first, count, Values.Length);
        var r = new MessagePackReader(payload);
        if (r.ReadArrayHeader() != count) throw new MalformedChunkException("string count differs from the directory");
        for (long i = first; i < first + count; i++) Values[i] = r.ReadString() ?? throw new MalformedChunkException("nil string");
    }
}

/// <summary>Keeps a document chunk's MessagePack bytes for decoding after the parallel phase.</summary>
internal sealed class DocumentTarget : ColumnTarget
{
    public byte[]? Payload { get; private set; }

    public override void Decode(long first, long count, ReadOnlyMemory<byte> payload) => Payload = payload.ToArray();
}
