using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;

namespace Phylo.Store;

/// <summary>How a stored column's elements are encoded (the directory names it, so a reader can check it).</summary>
internal enum ColumnKind : byte
{
    /// <summary>Little-endian primitives, a slice's raw bytes (decoded by LZ4 straight into the array).</summary>
    Primitive = 1,
    /// <summary>A MessagePack array of UTF-8 str per slice.</summary>
    Strings = 2,
    /// <summary>A byte stream (the card text), a slice's raw bytes (decoded straight into the card pool).</summary>
    Blob = 3,
    /// <summary>One free-form MessagePack value (provenance), never sliced.</summary>
    Document = 4,
}

/// <summary>A column as the directory lists it: name, encoding, element size (primitives) and element count.</summary>
internal sealed record ColumnEntry(string Name, ColumnKind Kind, int ElementSize, long Length);

/// <summary>
/// One chunk: elements <c>[First, First+Count)</c> of a column, stored at <c>Offset</c> as <c>CompressedBytes</c> of
/// LZ4 block data that decode to <c>UncompressedBytes</c> of MessagePack; <c>Checksum</c> is XxHash64 of the compressed bytes.
/// </summary>
internal struct ChunkEntry
{
    public int Column;
    public long First;
    public long Count;
    public long Offset;
    public long CompressedBytes;
    public long UncompressedBytes;
    public ulong Checksum;
}

/// <summary>
/// The file's header. A fixed preamble — magic <c>PHYLOSNP</c>, format version (u32 LE), directory length (u32 LE),
/// XxHash64 of the directory (u64 LE), total file length (u64 LE, so a cut anywhere says how long the file should be)
/// — then the directory: a MessagePack map with the model count, the total file
/// length, table scalars, the card pool layout, the columns and the chunk list. The numbers only known after the chunks
/// are written (file length, chunk offsets, sizes, checksums) use fixed-width MessagePack encodings, so the directory
/// is written once as a placeholder and again, byte for byte the same size, when the chunks are done.
/// </summary>
internal sealed class SnapshotDirectory
{
    public const int PreambleBytes = 32;
    public static ReadOnlySpan<byte> Magic => "PHYLOSNP"u8;

    public int Models;
    public long FileBytes;
    public long DuplicateParentLinks;
    /// <summary>The table has card features (genomes, signatures, term counts); false after <c>--no-cards</c>.</summary>
    public bool HasCards;
    public string[] SourceFiles = [];
    /// <summary>Per stored text pool (by its column name: cards, genomes, bodies), the byte size of each of its chunks
    /// (the reader allocates them before decoding).</summary>
    public Dictionary<string, long[]> Pools = new(StringComparer.Ordinal);
    public List<ColumnEntry> Columns = [];
    public ChunkEntry[] Chunks = [];

    /// <summary>Preamble + directory, ready to write at offset 0.</summary>
    public byte[] Encode(int formatVersion)
    {
        var body = new ArrayBufferWriter<byte>(4096 + Chunks.Length * 64);
        var w = new MessagePackWriter(body);
        w.WriteMapHeader(8);
        w.Write("models"); w.Write(Models);
        w.Write("fileBytes"); w.WriteInt64(FileBytes);
        w.Write("duplicateParentLinks"); w.Write(DuplicateParentLinks);
        w.Write("hasCards"); w.Write(HasCards);
        w.Write("sourceFiles");
        w.WriteArrayHeader(SourceFiles.Length);
        foreach (string s in SourceFiles) w.Write(s);
        w.Write("pools");
        w.WriteMapHeader(Pools.Count);
        foreach (var (name, chunks) in Pools.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.Write(name);
            w.WriteArrayHeader(chunks.Length);
            foreach (long c in chunks) w.Write(c);
        }
        w.Write("columns");
        w.WriteArrayHeader(Columns.Count);
        foreach (var c in Columns)
        {
            w.WriteArrayHeader(4);
            w.Write(c.Name); w.Write((byte)c.Kind); w.Write(c.ElementSize); w.Write(c.Length);
        }
        w.Write("chunks");
        w.WriteArrayHeader(Chunks.Length);
        foreach (var c in Chunks)
        {
            w.WriteArrayHeader(7);
            w.Write(c.Column); w.Write(c.First); w.Write(c.Count);
            w.WriteInt64(c.Offset); w.WriteInt64(c.CompressedBytes); w.WriteInt64(c.UncompressedBytes); w.WriteUInt64(c.Checksum);
        }
        w.Flush();

        var bytes = new byte[PreambleBytes + body.WrittenCount];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)formatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)body.WrittenCount);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), XxHash64.HashToUInt64(body.WrittenSpan));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), FileBytes);
        body.WrittenSpan.CopyTo(bytes.AsSpan(PreambleBytes));
        return bytes;
    }

    /// <summary>Parses a directory body whose checksum has been verified; unknown keys are skipped.</summary>
    public static SnapshotDirectory Decode(ReadOnlyMemory<byte> body)
    {
        var d = new SnapshotDirectory();
        var r = new MessagePackReader(body);
        int keys = r.ReadMapHeader();
        for (int k = 0; k < keys; k++)
        {
            switch (r.ReadString())
            {
                case "models": d.Models = r.ReadInt32(); break;
                case "fileBytes": d.FileBytes = r.ReadInt64(); break;
                case "duplicateParentLinks": d.DuplicateParentLinks = r.ReadInt64(); break;
                case "hasCards": d.HasCards = r.ReadBoolean(); break;
                case "sourceFiles":
                    d.SourceFiles = new string[r.ReadArrayHeader()];
                    for (int i = 0; i < d.SourceFiles.Length; i++) d.SourceFiles[i] = r.ReadString() ?? "";
                    break;
                case "pools":
                    int pools = r.ReadMapHeader();
                    for (int p = 0; p < pools; p++)
                    {
                        string name = r.ReadString() ?? "";
                        var chunks = new long[r.ReadArrayHeader()];
                        for (int i = 0; i < chunks.Length; i++) chunks[i] = r.ReadInt64();
                        d.Pools[name] = chunks;
                    }
                    break;
                case "columns":
                    int columns = r.ReadArrayHeader();
                    for (int i = 0; i < columns; i++)
                    {
                        r.ReadArrayHeader();
                        d.Columns.Add(new ColumnEntry(r.ReadString() ?? "", (ColumnKind)r.ReadByte(), r.ReadInt32(), r.ReadInt64()));
                    }
                    break;
                case "chunks":
                    d.Chunks = new ChunkEntry[r.ReadArrayHeader()];
                    for (int i = 0; i < d.Chunks.Length; i++)
                    {
                        r.ReadArrayHeader();
                        d.Chunks[i] = new ChunkEntry
                        {
                            Column = r.ReadInt32(), First = r.ReadInt64(), Count = r.ReadInt64(), Offset = r.ReadInt64(),
                            CompressedBytes = r.ReadInt64(), UncompressedBytes = r.ReadInt64(), Checksum = r.ReadUInt64(),
                        };
                    }
                    break;
                default: r.Skip(); break;
            }
        }
        return d;
    }
}
