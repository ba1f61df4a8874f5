using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Phylo.Store;

/// <summary>A chunk's payload does not have the shape its directory entry promises.</summary>
internal sealed class MalformedChunkException(string reason) : Exception(reason);

/// <summary>Read side of a stored column: allocated from its directory entry, filled slice by slice from any thread
/// (slices never overlap, so no locking).</summary>
internal abstract class ColumnTarget
{
    public abstract void Decode(long first, long count, ReadOnlyMemory<byte> payload);

    /// <summary>The one bin value of a payload as a span (payloads are contiguous memory).</summary>
    protected static ReadOnlySpan<byte> ReadBin(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload);
        var bin = r.ReadBytes() ?? throw new MalformedChunkException("nil instead of bin");
        if (!bin.IsSingleSegment) throw new MalformedChunkException("bin spans segments");
        return bin.FirstSpan;
    }

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

    public override void Decode(long first, long count, ReadOnlyMemory<byte> payload)
    {
        CheckRange(first, count, Values.Length);
        var bin = ReadBin(payload);
        var target = MemoryMarshal.AsBytes(Values.AsSpan((int)first, (int)count));
        if (bin.Length != target.Length) throw new MalformedChunkException($"{bin.Length} bytes for {count} elements");
        bin.CopyTo(target);
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
