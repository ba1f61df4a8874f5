using System.Buffers;
using System.Runtime.InteropServices;
using MessagePack;

namespace Phylo.Store;

/// <summary>
/// Writes one chunk body of a <c>.phylopart</c> as a sequence of MessagePack values: integers, strings, and primitive
/// arrays as one MessagePack <c>bin</c> of their little-endian bytes (so LZ4 sees the raw numbers and decoding is a copy).
/// Partials of every analysis serialize through it; <see cref="PartReader"/> reads the values back in the same order.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "methods are named for the MessagePack type they write or read, as BinaryWriter's are")]
public sealed class PartWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly ReadOnlyMemory<byte>? _body;

    public PartWriter() { }

    private PartWriter(ReadOnlyMemory<byte> body) => _body = body;

    /// <summary>A chunk body encoded elsewhere (MessagePack values, e.g. one large <c>bin</c> written in place), not copied.</summary>
    public static PartWriter Encoded(ReadOnlyMemory<byte> body) => new(body);

    public ReadOnlySpan<byte> Written => _body is { } body ? body.Span : _buffer.WrittenSpan;

    private ArrayBufferWriter<byte> Buffer => _body is null ? _buffer : throw new InvalidOperationException("a body encoded elsewhere is not written to");

    public void Int(long value) { var w = new MessagePackWriter(Buffer); w.Write(value); w.Flush(); }

    public void UInt(ulong value) { var w = new MessagePackWriter(Buffer); w.Write(value); w.Flush(); }

    public void Bool(bool value) { var w = new MessagePackWriter(Buffer); w.Write(value); w.Flush(); }

    public void String(string? value) { var w = new MessagePackWriter(Buffer); w.Write(value); w.Flush(); }

    public void Strings(IReadOnlyList<string?> values)
    {
        Int(values.Count);
        foreach (string? s in values) String(s);
    }

    public void Bytes(byte[]? value)
    {
        var w = new MessagePackWriter(Buffer);
        if (value is null) w.WriteNil(); else w.Write(value.AsSpan());
        w.Flush();
    }

    /// <summary>A primitive array as one <c>bin</c> of its little-endian bytes.</summary>
    public void Array<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("partials are little-endian");
        var w = new MessagePackWriter(Buffer);
        w.Write(MemoryMarshal.AsBytes(values));
        w.Flush();
    }

    public void Array<T>(T[] values) where T : unmanaged => Array<T>(values.AsSpan());
}

/// <summary>Reads the values a <see cref="PartWriter"/> wrote, in order. Malformed input throws (the caller names the file).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "methods are named for the MessagePack type they write or read, as BinaryWriter's are")]
public sealed class PartReader(ReadOnlyMemory<byte> body)
{
    private int _at;

    public bool AtEnd => _at == body.Length;

    private MessagePackReader Reader() => new(body[_at..]);

    public long Int() { var r = Reader(); long v = r.ReadInt64(); _at += (int)r.Consumed; return v; }

    public int Int32() => checked((int)Int());

    public ulong UInt() { var r = Reader(); ulong v = r.ReadUInt64(); _at += (int)r.Consumed; return v; }

    public bool Bool() { var r = Reader(); bool v = r.ReadBoolean(); _at += (int)r.Consumed; return v; }

    public string? String() { var r = Reader(); string? v = r.ReadString(); _at += (int)r.Consumed; return v; }

    public string[] Strings()
    {
        int n = Int32();
        if (n < 0 || n > body.Length - _at) throw new InvalidDataException($"string count {n} out of range");
        var s = new string[n];
        for (int i = 0; i < n; i++) s[i] = String() ?? throw new InvalidDataException("null string");
        return s;
    }

    public string?[] NullableStrings()
    {
        int n = Int32();
        if (n < 0 || n > body.Length - _at) throw new InvalidDataException($"string count {n} out of range");
        var s = new string?[n];
        for (int i = 0; i < n; i++) s[i] = String();
        return s;
    }

    public byte[]? Bytes()
    {
        var r = Reader();
        byte[]? v = r.ReadBytes()?.ToArray();
        _at += (int)r.Consumed;
        return v;
    }

    /// <summary>A <c>bin</c> as a view of the chunk body (no copy; valid while the body is).</summary>
    public ReadOnlyMemory<byte> BytesView()
    {
        var r = Reader();
        ReadOnlySequence<byte> bytes = r.ReadBytes() ?? throw new InvalidDataException("missing bytes");
        _at += (int)r.Consumed;
        return bytes.IsSingleSegment ? bytes.First : bytes.ToArray();
    }

    public T[] Array<T>() where T : unmanaged
    {
        var r = Reader();
        ReadOnlySequence<byte> bytes = r.ReadBytes() ?? throw new InvalidDataException("missing array");
        _at += (int)r.Consumed;
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes.Length % size != 0) throw new InvalidDataException($"array of {bytes.Length} bytes is not a whole number of {size}-byte values");
        var values = new T[bytes.Length / size];
        bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
