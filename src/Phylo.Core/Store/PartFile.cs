using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using Phylo.Output;

namespace Phylo.Store;

/// <summary>
/// A <c>.phylopart</c>: the partial results of one shard (or one prepare round), merged later by another process.
/// Layout: magic <c>PHYLOPRT</c>, format version (u32 LE), chunk count (u32 LE), then per chunk its name
/// (u16 LE length + UTF-8), raw and compressed lengths (u32 LE each), XxHash64 of the compressed bytes (u64 LE) and the
/// LZ4-block bytes of a MessagePack body (<see cref="PartWriter"/>); last the total file length (u64 LE) and the
/// XxHash64 of everything before it. Chunk 0 is the header (<see cref="PartHeader"/>). Written atomically
/// (<see cref="AtomicFile"/>: temp file, fsync, rename), so a killed writer leaves no part. Every problem on reading
/// is one <see cref="PhyloInputException"/> line naming the file.
/// </summary>
public static class PartFile
{
    /// <summary>Version 2: an analysis part of shard 0 carries the table the merge reports from (chunk
    /// <c>table</c>), so merge reads no input. A version-1 analysis part is refused (its merge would need the inputs);
    /// version-1 prepare parts are read as before (their chunks did not change).</summary>
    public const int FormatVersion = 2;

    /// <summary>The first version whose analysis parts a merge can report from.</summary>
    public const int AnalysisVersion = 2;
    public const string HeaderChunk = "header";
    private static ReadOnlySpan<byte> Magic => "PHYLOPRT"u8;

    /// <summary>Writes the header and the named chunks (in order) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, PartHeader header, IReadOnlyList<(string Name, PartWriter Body)> chunks)
    {
        AtomicFile.DeleteStaleTemps(path);
        var head = new PartWriter();
        header.Write(head);
        var all = new List<(string, PartWriter)> { (HeaderChunk, head) };
        all.AddRange(chunks);
        AtomicFile.Write(path, s =>
        {
            var hash = new XxHash64();
            long length = 0;
            void Put(ReadOnlySpan<byte> bytes) { s.Write(bytes); hash.Append(bytes); length += bytes.Length; }
            Span<byte> word = stackalloc byte[8];
            Put(Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(word, FormatVersion); Put(word[..4]);
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)all.Count); Put(word[..4]);
            foreach (var (name, body) in all)
            {
                byte[] nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
                ReadOnlySpan<byte> raw = body.Written;
                var packed = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
                int n = raw.Length == 0 ? 0 : LZ4Codec.Encode(raw, packed, LZ4Level.L00_FAST);
                if (n < 0) throw new InvalidOperationException("LZ4 encode failed");
                BinaryPrimitives.WriteUInt16LittleEndian(word, checked((ushort)nameBytes.Length)); Put(word[..2]);
                Put(nameBytes);
                BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)raw.Length); Put(word[..4]);
                BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)n); Put(word[..4]);
                BinaryPrimitives.WriteUInt64LittleEndian(word, XxHash64.HashToUInt64(packed.AsSpan(0, n))); Put(word);
                Put(packed.AsSpan(0, n));
            }
            BinaryPrimitives.WriteUInt64LittleEndian(word, (ulong)(length + 16));
            Put(word);
            BinaryPrimitives.WriteUInt64LittleEndian(word, hash.GetCurrentHashAsUInt64());
            s.Write(word);
        });
    }

    /// <summary>Reads and checks a part: magic, version, length, every chunk's checksum and size, the file checksum.</summary>
    public static PartContents Read(string path)
    {
        string name = Path.GetFileName(path);
        PhyloInputException Fail(string problem) => new($"{name}: {problem}");
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (FileNotFoundException e) { throw new PhyloInputException($"{name}: no such file", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new PhyloInputException($"{name}: cannot read ({e.Message})", e); }
        if (data.Length < 16 || !data.AsSpan(0, 8).SequenceEqual(Magic)) throw Fail("not a Phylo part (wrong magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        if (version > FormatVersion) throw Fail($"format version {version} is newer than this Phylo ({FormatVersion})");
        if (version < 1) throw Fail($"format version {version} is not supported");
        if (data.Length < 32) throw Fail($"truncated ({data.Length} bytes)");
        ulong recorded = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(data.Length - 16));
        if (recorded != (ulong)data.Length)
            throw Fail(recorded > (ulong)data.Length || recorded < 32 ? $"truncated or damaged (found {data.Length} bytes)" : $"{data.Length - (long)recorded} unexpected bytes at the end");
        if (XxHash64.HashToUInt64(data.AsSpan(0, data.Length - 8)) != BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(data.Length - 8)))
            throw Fail("file checksum mismatch (damaged)");
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        var chunks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        int at = 16, end = data.Length - 16;
        for (int c = 0; c < count; c++)
        {
            if (end - at < 2) throw Fail($"chunk {c} is truncated");
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
            if (end - at < 2 + nameLength + 16) throw Fail($"chunk {c} is truncated");
            string chunk = System.Text.Encoding.UTF8.GetString(data, at + 2, nameLength);
            at += 2 + nameLength;
            int raw = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
            int packed = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 4));
            ulong sum = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at + 8));
            at += 16;
            if (packed < 0 || raw < 0 || end - at < packed) throw Fail($"chunk {c} ({chunk}) is truncated");
            ReadOnlySpan<byte> src = data.AsSpan(at, packed);
            if (XxHash64.HashToUInt64(src) != sum) throw Fail($"chunk {c} ({chunk}) checksum mismatch");
            var body = new byte[raw];
            if (raw > 0 && LZ4Codec.Decode(src, body) != raw) throw Fail($"chunk {c} ({chunk}) does not decompress to its recorded {raw} bytes");
            at += packed;
            chunks[chunk] = body;
        }
        if (at != end) throw Fail($"{end - at} unexpected bytes after the last chunk");
        if (!chunks.TryGetValue(HeaderChunk, out byte[]? head)) throw Fail("no header chunk");
        PartHeader header;
        try { header = PartHeader.Read(new PartReader(head)); }
        catch (Exception e) when (e is not PhyloInputException) { throw Fail($"header is malformed ({e.Message})"); }
        if (header.Kind == PartKind.Analysis && version < AnalysisVersion)
            throw Fail($"format version {version} was written by an older Phylo, whose parts carry no table for the merge (this one needs {AnalysisVersion}): run the shards again");
        return new PartContents(path, header, chunks);
    }
}

/// <summary>A part read and checked: its header and its chunk bodies by name.</summary>
public sealed class PartContents(string path, PartHeader header, Dictionary<string, byte[]> chunks)
{
    public string Path => path;
    public string FileName => System.IO.Path.GetFileName(path);
    public PartHeader Header => header;

    /// <summary>The names of the chunks after the header, in no particular order.</summary>
    public IEnumerable<string> ChunkNames => chunks.Keys.Where(k => k != PartFile.HeaderChunk);

    /// <summary>True when the part has a chunk <paramref name="name"/>.</summary>
    public bool Has(string name) => chunks.ContainsKey(name);

    /// <summary>Chunk <paramref name="name"/>'s body as stored (to copy it into another part unchanged).</summary>
    public ReadOnlyMemory<byte> Body(string name) =>
        chunks.TryGetValue(name, out byte[]? body) ? body : throw new PhyloInputException($"{FileName}: no '{name}' chunk");

    /// <summary>Decodes chunk <paramref name="name"/> and drops its body, so a large chunk is held only while it is read.</summary>
    public T Take<T>(string name, Func<PartReader, T> read)
    {
        T value = Chunk(name, read);
        chunks.Remove(name);
        return value;
    }

    /// <summary>Decodes chunk <paramref name="name"/> with <paramref name="read"/>; a missing or malformed chunk is a one-line error.</summary>
    public T Chunk<T>(string name, Func<PartReader, T> read)
    {
        if (!chunks.TryGetValue(name, out byte[]? body)) throw new PhyloInputException($"{FileName}: no '{name}' chunk");
        try
        {
            var r = new PartReader(body);
            T value = read(r);
            if (!r.AtEnd) throw new InvalidDataException("unread bytes at the end");
            return value;
        }
        catch (Exception e) when (e is not PhyloInputException and not OutOfMemoryException)
        {
            throw new PhyloInputException($"{FileName}: chunk '{name}' is malformed ({e.Message})", e);
        }
    }
}
