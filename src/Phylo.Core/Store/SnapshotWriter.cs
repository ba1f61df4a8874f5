using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using K4os.Compression.LZ4;
using MessagePack;
using Phylo.Table;

namespace Phylo.Store;

/// <summary>
/// Writes a snapshot to a seekable stream: a placeholder header, the chunks in directory order — encoded and
/// LZ4-compressed a window at a time in parallel, written sequentially — then the final header over the placeholder.
/// Memory beyond the table is one encode and one compress buffer per window slot.
/// </summary>
internal static class SnapshotWriter
{
    /// <param name="cards">False: write no card data (<see cref="SnapshotColumns.Sources"/>).</param>
    public static void Write(ModelTable table, SnapshotProvenance? provenance, Stream stream, long sliceBytes, int threads,
        Action<int, int>? chunkDone, bool cards = true)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("snapshots are little-endian");
        if (!stream.CanSeek) throw new ArgumentException("a snapshot is written to a seekable stream", nameof(stream));
        var pools = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var sources = SnapshotColumns.Sources(table, provenance, pools, cards);
        var dir = new SnapshotDirectory
        {
            Models = table.Count,
            DuplicateParentLinks = table.DuplicateParentLinks,
            HasCards = cards && table.CardFeatures is not null,
            SourceFiles = [.. table.SourceFiles],
            Pools = pools,
        };
        var plan = new List<ChunkEntry>();
        for (int c = 0; c < sources.Count; c++)
        {
            dir.Columns.Add(sources[c].Entry);
            foreach (var (first, count) in sources[c].Slices(sliceBytes))
                plan.Add(new ChunkEntry { Column = c, First = first, Count = count });
        }
        dir.Chunks = [.. plan];

        long start = stream.Position;
        byte[] placeholder = dir.Encode(Snapshot.FormatVersion);
        stream.Write(placeholder);
        long offset = placeholder.Length;

        int window = Math.Max(2, threads * 2);
        var slots = new Slot[window];
        for (int i = 0; i < window; i++) slots[i] = new Slot();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        try
        {
            for (int from = 0; from < dir.Chunks.Length; from += window)
            {
                int to = Math.Min(from + window, dir.Chunks.Length);
                Parallel.For(from, to, parallel, i => slots[i - from].Fill(sources[dir.Chunks[i].Column], ref dir.Chunks[i]));
                for (int i = from; i < to; i++)
                {
                    var slot = slots[i - from];
                    dir.Chunks[i].Offset = offset;
                    stream.Write(slot.Compressed, 0, slot.CompressedLength);
                    offset += slot.CompressedLength;
                    chunkDone?.Invoke(i + 1, dir.Chunks.Length);
                }
            }
        }
        finally
        {
            foreach (var s in slots) s.Dispose();
        }

        dir.FileBytes = offset;
        byte[] header = dir.Encode(Snapshot.FormatVersion);
        if (header.Length != placeholder.Length) throw new InvalidOperationException("snapshot header changed size between placeholder and final write");
        stream.Position = start;
        stream.Write(header);
        stream.Position = start + offset;
    }

    /// <summary>One chunk's encode and compress buffers, reused across windows.</summary>
    private sealed class Slot : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _encoded = new(1 << 16);
        public byte[] Compressed = [];
        public int CompressedLength;

        public void Fill(ColumnSource source, ref ChunkEntry chunk)
        {
            _encoded.ResetWrittenCount();
            var w = new MessagePackWriter(_encoded);
            source.Encode(chunk.First, chunk.Count, ref w);
            w.Flush();
            var raw = _encoded.WrittenSpan;
            int max = LZ4Codec.MaximumOutputSize(raw.Length);
            // Not from the shared pool: it keeps returned arrays for a minute, and shard 0 of a sharded run writes its
            // table image (up to 4 × 32 MiB of these at full scale) just before its similarity stage.
            if (Compressed.Length < max) Compressed = GC.AllocateUninitializedArray<byte>(max <= 1 << 30 ? (int)BitOperations.RoundUpToPowerOf2((uint)max) : max);
            CompressedLength = LZ4Codec.Encode(raw, Compressed, LZ4Level.L00_FAST);
            if (CompressedLength < 0 && raw.Length > 0) throw new InvalidOperationException("LZ4 encode failed");
            chunk.UncompressedBytes = raw.Length;
            chunk.CompressedBytes = CompressedLength;
            chunk.Checksum = XxHash64.HashToUInt64(Compressed.AsSpan(0, CompressedLength));
        }

        public void Dispose() => Compressed = [];
    }
}
