using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using MessagePack;
using Microsoft.Win32.SafeHandles;
using Phylo.Table;

namespace Phylo.Store;

/// <summary>
/// Reads a snapshot: checks the preamble (magic, version, sizes, directory checksum) and the file length before
/// touching any chunk, then reads, verifies, decompresses and decodes the chunks in parallel with positional reads,
/// straight into the final arrays. Every problem becomes a one-line <see cref="PhyloInputException"/>.
/// </summary>
/// <param name="file">The snapshot file, or null to read <paramref name="image"/> (a snapshot held in memory).</param>
internal sealed class SnapshotReader(string path, SafeFileHandle? file, ReadOnlyMemory<byte> image, long fileBytes)
{
    /// <summary>The chunks' read and decode buffers (up to a 16 MiB slice each), pooled for this reader alone: returned
    /// to the shared pool they outlived the load (it keeps idle arrays for a minute under low memory pressure), and a
    /// shard's similarity stage stood on them (native-notes/sharding.md, "n = 4: the base").</summary>
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(1 << 30, Math.Max(4, 2 * Environment.ProcessorCount));

    /// <param name="chunksDone">Receives (chunks decoded, chunks in all) while the columns are decoded.</param>
    public static SnapshotContents Read(string path, int threads, CardKeep load, bool genomes, Action<long, long>? chunksDone = null) =>
        Open(path, r => r.Load(threads, load, genomes, chunksDone));

    /// <summary>The genome pool with only the genomes <paramref name="keep"/> marks (the others empty), and their MinHash
    /// signatures packed with each model's row there; null when the snapshot has no card features. Reads the genome
    /// lengths and the slices that hold a kept genome or signature, nothing else.</summary>
    /// <param name="genomeRows">Per model, its row among the models with a genome (<see cref="CardFeatures.Rows"/>).</param>
    public static (Utf8Pool Genomes, uint[] Signatures, int[] Rows)? ReadGenomes(string path, bool[] keep, int[] genomeRows, int threads) =>
        Open(path, r =>
        {
            if (r.LoadPoolSubset(SnapshotColumns.GenomeLengths, SnapshotColumns.Genomes, keep, threads) is not { } genomes) return null;
            var (signatures, rows) = r.LoadSignatureSubset(genomeRows, keep, threads);
            return ((Utf8Pool, uint[], int[])?)(genomes, signatures, rows);
        });

    private (uint[], int[]) LoadSignatureSubset(int[] genomeRows, bool[] keep, int threads)
    {
        var dir = ReadDirectory();
        int column = dir.Columns.FindIndex(c => c.Name == SnapshotColumns.Signatures);
        if (column < 0 || dir.Columns[column] is not { Kind: ColumnKind.Primitive, ElementSize: 4 } entry)
            throw Fail($"inconsistent columns (column {SnapshotColumns.Signatures} is missing or not 4-byte values)");
        SignatureSubsetTarget target;
        try
        {
            target = new SignatureSubsetTarget(genomeRows, keep, entry.Length);
        }
        catch (MalformedChunkException e) { throw Fail($"inconsistent columns ({e.Message})"); }
        DecodeColumn(dir, column, target, threads, c => target.Wants(c.First, c.Count));
        return (target.Values, target.Rows);
    }

    /// <summary>A snapshot held in memory (<paramref name="name"/> names it in errors).</summary>
    public static SnapshotContents Read(ReadOnlyMemory<byte> image, string name, int threads, CardKeep load) =>
        new SnapshotReader(name, null, image, image.Length).Load(threads, load, genomes: true, null);

    private static T Open<T>(string path, Func<SnapshotReader, T> read)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException e) { throw new PhyloInputException($"{path}: no such file", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhyloInputException($"{path}: cannot read ({e.Message})", e);
        }
        using (file)
        {
            return read(new SnapshotReader(path, file, default, RandomAccess.GetLength(file)));
        }
    }

    private Utf8Pool? LoadPoolSubset(string lengthsName, string poolName, bool[] keep, int threads)
    {
        var dir = ReadDirectory();
        if (!dir.HasCards) return null;
        if (keep.Length != dir.Models) throw new ArgumentException($"{keep.Length} flags for {dir.Models} models", nameof(keep));
        int lengthsColumn = dir.Columns.FindIndex(c => c.Name == lengthsName);
        int cardsColumn = dir.Columns.FindIndex(c => c.Name == poolName);
        if (lengthsColumn < 0 || cardsColumn < 0) throw Fail($"inconsistent columns (column {(lengthsColumn < 0 ? lengthsName : poolName)} is missing)");
        if (dir.Columns[lengthsColumn] is not { Kind: ColumnKind.Primitive, ElementSize: 4 } lc || lc.Length != dir.Models)
            throw Fail($"inconsistent columns (column {lengthsName} is not one int per model)");
        var lengths = new PrimitiveTarget<int>(dir.Models);
        DecodeColumn(dir, lengthsColumn, lengths, threads, _ => true);
        CardSubsetTarget cards;
        try
        {
            cards = new CardSubsetTarget(lengths.Values, keep);
        }
        catch (MalformedChunkException e) { throw Fail($"inconsistent columns ({e.Message})"); }
        if (cards.StreamBytes != dir.Columns[cardsColumn].Length)
            throw Fail($"inconsistent columns (lengths add up to {cards.StreamBytes} bytes, column {poolName} has {dir.Columns[cardsColumn].Length})");
        DecodeColumn(dir, cardsColumn, cards, threads, c => cards.Wants(c.First, c.Count));
        return cards.Build();
    }

    /// <summary>Decodes the chunks of one column that <paramref name="wanted"/> accepts, in parallel.</summary>
    private void DecodeColumn(SnapshotDirectory dir, int column, ColumnTarget target, int threads, Func<ChunkEntry, bool> wanted)
    {
        int[] chunks = [.. Enumerable.Range(0, dir.Chunks.Length).Where(i => dir.Chunks[i].Column == column && wanted(dir.Chunks[i]))];
        var errors = new PhyloInputException?[chunks.Length];
        Parallel.For(0, chunks.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, k => errors[k] = Decode(dir, chunks[k], target));
        foreach (var e in errors)
            if (e is not null) throw e;
    }

    private SnapshotContents Load(int threads, CardKeep load, bool genomes, Action<long, long>? chunksDone)
    {
        var dir = ReadDirectory();
        TableAssembler assembler;
        try
        {
            assembler = new TableAssembler(dir, load, genomes);
        }
        catch (MalformedChunkException e) { throw Fail($"directory is inconsistent ({e.Message})"); }

        var errors = new PhyloInputException?[dir.Chunks.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var progress = new Phylo.ProgressCounter(dir.Chunks.Length, chunksDone);
        Parallel.For(0, dir.Chunks.Length, parallel, i =>
        {
            errors[i] = Decode(dir, i, assembler.Targets[dir.Chunks[i].Column]);
            progress.Step();
        });
        foreach (var e in errors)
            if (e is not null) throw e;
        try
        {
            return new SnapshotContents(assembler.Build(), assembler.Provenance());
        }
        catch (Exception e) when (Malformed(e) is { } m) { throw Fail($"inconsistent columns ({m.Message})"); }
        catch (MessagePackSerializationException e) { throw Fail($"provenance is malformed ({e.Message})"); }
    }

    private static MalformedChunkException? Malformed(Exception e) => e switch
    {
        MalformedChunkException m => m,
        AggregateException a => a.Flatten().InnerExceptions.OfType<MalformedChunkException>().FirstOrDefault(),
        _ => null,
    };

    private PhyloInputException Fail(string problem) => new($"{path}: {problem}");

    private SnapshotDirectory ReadDirectory()
    {
        Span<byte> pre = stackalloc byte[SnapshotDirectory.PreambleBytes];
        int n = ReadAt(pre, 0);
        var magic = SnapshotDirectory.Magic;
        if (n == 0) throw Fail("empty file");
        if (!pre[..Math.Min(n, magic.Length)].SequenceEqual(magic[..Math.Min(n, magic.Length)]))
            throw Fail("not a Phylo snapshot (wrong magic)");
        if (n < SnapshotDirectory.PreambleBytes) throw Truncated(SnapshotDirectory.PreambleBytes, "at least ");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(pre[8..]);
        if (version > Snapshot.FormatVersion) throw Fail($"format version {version} is newer than this Phylo ({Snapshot.FormatVersion})");
        if (version < Snapshot.FormatVersion)
            throw Fail($"format version {version} is older than this Phylo reads ({Snapshot.FormatVersion}): run 'phylo ingest' on the original inputs again");
        long bodyBytes = BinaryPrimitives.ReadUInt32LittleEndian(pre[12..]);
        ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(pre[16..]);
        long expectedBytes = BinaryPrimitives.ReadInt64LittleEndian(pre[24..]);
        long headerBytes = SnapshotDirectory.PreambleBytes + bodyBytes;
        if (fileBytes < expectedBytes) throw Truncated(expectedBytes, "");
        if (fileBytes < headerBytes) throw Truncated(headerBytes, "at least ");

        var body = new byte[bodyBytes];
        ReadAt(body, SnapshotDirectory.PreambleBytes);
        if (XxHash64.HashToUInt64(body) != checksum) throw Fail("header checksum mismatch");
        SnapshotDirectory dir;
        try
        {
            dir = SnapshotDirectory.Decode(body);
        }
        catch (MessagePackSerializationException e) { throw Fail($"header is malformed ({e.Message})"); }
        if (dir.FileBytes != expectedBytes) throw Fail($"header is inconsistent (file length {expectedBytes} in the preamble, {dir.FileBytes} in the directory)");
        if (fileBytes < dir.FileBytes) throw Truncated(dir.FileBytes, "");
        if (fileBytes > dir.FileBytes) throw Fail($"{fileBytes - dir.FileBytes} unexpected bytes after the last chunk (expected {dir.FileBytes} bytes, found {fileBytes})");
        CheckChunks(dir, headerBytes);
        return dir;
    }

    private PhyloInputException Truncated(long expected, string atLeast) =>
        Fail($"truncated (expected {atLeast}{expected} bytes, found {fileBytes})");

    /// <summary>Chunks lie inside the file, and each column's chunks cover it in order without gaps.</summary>
    private void CheckChunks(SnapshotDirectory dir, long headerBytes)
    {
        var next = new long[dir.Columns.Count];
        for (int i = 0; i < dir.Chunks.Length; i++)
        {
            var c = dir.Chunks[i];
            if ((uint)c.Column >= (uint)dir.Columns.Count || c.Offset < headerBytes || c.CompressedBytes < 0
                || c.Offset + c.CompressedBytes > dir.FileBytes || c.UncompressedBytes < 0 || c.UncompressedBytes > Array.MaxLength
                || c.First != next[c.Column])
                throw Fail($"directory is inconsistent at chunk {i}");
            next[c.Column] = c.First + c.Count;
        }
        for (int c = 0; c < next.Length; c++)
            if (next[c] != dir.Columns[c].Length) throw Fail($"directory is inconsistent: column {dir.Columns[c].Name} covers {next[c]} of {dir.Columns[c].Length}");
    }

    private PhyloInputException? Decode(SnapshotDirectory dir, int i, ColumnTarget? target)
    {
        if (target is null) return null;
        var c = dir.Chunks[i];
        string name = dir.Columns[c.Column].Name;
        byte[] compressed = _buffers.Rent((int)c.CompressedBytes);
        byte[]? scratch = null;
        try
        {
            var src = compressed.AsSpan(0, (int)c.CompressedBytes);
            if (ReadAt(src, c.Offset) != src.Length) return Truncated(dir.FileBytes, "");
            if (XxHash64.HashToUInt64(src) != c.Checksum) return Fail($"chunk {i} ({name}) checksum mismatch");
            Span<byte> dst;
            if (target.IsRaw)
            {
                dst = target.Destination(c.First, c.Count);
                if (dst.Length != c.UncompressedBytes) return Fail($"chunk {i} ({name}) is malformed ({c.UncompressedBytes} bytes for {c.Count} elements)");
            }
            else dst = (scratch = _buffers.Rent((int)c.UncompressedBytes)).AsSpan(0, (int)c.UncompressedBytes);
            if (LZ4Codec.Decode(src, dst) != dst.Length) return Fail($"chunk {i} ({name}) does not decompress to its recorded {c.UncompressedBytes} bytes");
            if (scratch is not null) target.Decode(c.First, c.Count, scratch.AsMemory(0, dst.Length));
            return null;
        }
        catch (Exception e) when (e is MalformedChunkException or MessagePackSerializationException or EndOfStreamException)
        {
            return Fail($"chunk {i} ({name}) is malformed ({e.Message})");
        }
        finally
        {
            _buffers.Return(compressed);
            if (scratch is not null) _buffers.Return(scratch);
        }
    }

    private int ReadAt(Span<byte> buffer, long offset)
    {
        if (file is null)
        {
            int n = (int)Math.Clamp(image.Length - offset, 0, buffer.Length);
            if (n > 0) image.Span.Slice((int)offset, n).CopyTo(buffer);
            return n;
        }
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(file, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
