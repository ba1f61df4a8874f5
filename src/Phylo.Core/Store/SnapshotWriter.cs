using System.Buffers;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using MessagePack;
using Phylo.Table;

namespace Phylo.Store;

/// <summary>
/// Writes a snapshot to a seekable stream: a placeholder header, the chunks in directory order — encoded and
/// LZ4-compressed on worker threads, written sequentially as each is ready — then the final header over the placeholder.
/// Memory beyond the table is one encode and one compress buffer per slot of the ring (2 × threads).
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
        Write(sources, dir, stream, sliceBytes, threads, chunkDone);
    }

    /// <summary>Writes <paramref name="sources"/> cut into slices, with <paramref name="dir"/> (its columns and chunks filled here) as the header.</summary>
    internal static void Write(List<ColumnSource> sources, SnapshotDirectory dir, Stream stream, long sliceBytes, int threads, Action<int, int>? chunkDone)
    {
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

        using (var pipeline = new ChunkPipeline(sources, dir.Chunks, threads))
        {
            for (int i = 0; i < dir.Chunks.Length; i++)
            {
                var slot = pipeline.Filled(i);
                dir.Chunks[i].Offset = offset;
                stream.Write(slot.Compressed, 0, slot.CompressedLength);
                offset += slot.CompressedLength;
                pipeline.Written(i);
                chunkDone?.Invoke(i + 1, dir.Chunks.Length);
            }
        }
        dir.FileBytes = offset;
        byte[] header = dir.Encode(Snapshot.FormatVersion);
        if (header.Length != placeholder.Length) throw new InvalidOperationException("snapshot header changed size between placeholder and final write");
        stream.Position = start;
        stream.Write(header);
        stream.Position = start + offset;
    }

    /// <summary>
    /// Encodes and compresses chunks on <c>threads</c> workers, in claim order, into a ring of slots, while the caller writes
    /// the filled ones in order: compression never waits for a write, and no window barrier leaves a core idle behind the
    /// window's largest chunk (it was Parallel.For over windows of 2 × threads chunks, then the writes, one after the other).
    /// A worker fills chunk i into slot i mod ring once chunk i − ring has been written.
    /// </summary>
    private sealed class ChunkPipeline : IDisposable
    {
        private readonly List<ColumnSource> _sources;
        private readonly ChunkEntry[] _chunks;
        private readonly Slot[] _slots;
        private readonly bool[] _filled;
        private readonly Thread[] _workers;
        private readonly object _gate = new();
        private int _next;          // the next chunk a worker claims
        private int _written;       // chunks written so far
        private bool _stopped;
        private Exception? _failure;

        public ChunkPipeline(List<ColumnSource> sources, ChunkEntry[] chunks, int threads)
        {
            _sources = sources;
            _chunks = chunks;
            int workers = Math.Max(1, Math.Min(threads, chunks.Length));
            _slots = new Slot[Math.Max(2, 2 * workers)];
            for (int i = 0; i < _slots.Length; i++) _slots[i] = new Slot();
            _filled = new bool[_slots.Length];
            _workers = new Thread[workers];
            for (int w = 0; w < workers; w++)
            {
                _workers[w] = new Thread(Work) { IsBackground = true, Name = "snapshot-compress" };
                _workers[w].Start();
            }
        }

        private void Work()
        {
            try
            {
                while (true)
                {
                    int i;
                    lock (_gate)
                    {
                        if (_stopped || _next >= _chunks.Length) return;
                        i = _next++;
                        while (i - _written >= _slots.Length && !_stopped) Monitor.Wait(_gate); // its slot still holds chunk i − ring
                        if (_stopped) return;
                    }
                    // Chunks are distinct elements of the array; only this worker touches chunk i until it is marked filled.
                    _slots[i % _slots.Length].Fill(_sources[_chunks[i].Column], ref _chunks[i]);
                    lock (_gate)
                    {
                        _filled[i % _slots.Length] = true;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure ??= e;
                    _stopped = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>Waits until chunk <paramref name="i"/> (the next one to write) is compressed; its slot.</summary>
        public Slot Filled(int i)
        {
            lock (_gate)
            {
                while (!_filled[i % _slots.Length] && _failure is null) Monitor.Wait(_gate);
                if (_failure is not null) throw new AggregateException(_failure);
                return _slots[i % _slots.Length];
            }
        }

        /// <summary>Chunk <paramref name="i"/> is written: its slot is free for chunk i + ring.</summary>
        public void Written(int i)
        {
            lock (_gate)
            {
                _filled[i % _slots.Length] = false;
                _written = i + 1;
                Monitor.PulseAll(_gate);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
            foreach (var t in _workers) t.Join();
            foreach (var s in _slots) s.Dispose();
        }
    }

    /// <summary>One chunk's encode and compress buffers, reused for every chunk that passes through the slot.</summary>
    private sealed class Slot : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _encoded = new(1 << 16);
        public byte[] Compressed = [];
        public int CompressedLength;

        public void Fill(ColumnSource source, ref ChunkEntry chunk)
        {
            ReadOnlySpan<byte> raw;
            if (!source.TryRaw(chunk.First, chunk.Count, out raw))
            {
                _encoded.ResetWrittenCount();
                var w = new MessagePackWriter(_encoded);
                source.Encode(chunk.First, chunk.Count, ref w);
                w.Flush();
                raw = _encoded.WrittenSpan;
            }
            int max = LZ4Codec.MaximumOutputSize(raw.Length);
            // Not from the shared pool: it keeps returned arrays for a minute, and shard 0 of a sharded run writes its
            // table image just before its similarity stage. Rounded up to 1 MiB (a 16 MB slice needs 16.06 MB; a power of
            // two would be 32 MiB a slot).
            if (Compressed.Length < max) Compressed = GC.AllocateUninitializedArray<byte>(max <= Array.MaxLength - (1 << 20) ? (max + (1 << 20) - 1) & ~((1 << 20) - 1) : max);
            CompressedLength = LZ4Codec.Encode(raw, Compressed, LZ4Level.L00_FAST);
            if (CompressedLength < 0 && raw.Length > 0) throw new InvalidOperationException("LZ4 encode failed");
            chunk.UncompressedBytes = raw.Length;
            chunk.CompressedBytes = CompressedLength;
            chunk.Checksum = XxHash64.HashToUInt64(Compressed.AsSpan(0, CompressedLength));
        }

        public void Dispose() => Compressed = [];
    }
}
