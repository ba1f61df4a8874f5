using System.Buffers;
using MessagePack;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Tests.Store;

/// <summary>The writer compresses raw slices in place (<see cref="ColumnSource.TryRaw"/>) and fills chunks on worker threads
/// while it writes the filled ones in order: neither may change a byte of the file.</summary>
public class SnapshotWriterTests
{
    private static byte[] Encoded(ColumnSource source, long first, long count)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        source.Encode(first, count, ref w);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static int[] Lengths(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(4) == 0 ? 0 : rng.Next(1, 12))];

    [Fact]
    public void A_raw_slice_is_the_encoded_slice_in_packed_and_scattered_pools()
    {
        var rng = new Random(11);
        int[] lengths = Lengths(rng, 40);
        var items = lengths.Select(l => { var b = new byte[l]; rng.NextBytes(b); return b; }).ToArray();

        // Packed as the builder packs (chunks of 16 bytes, so slices meet chunk ends), and the same items scattered: stored
        // in reverse order in one chunk, so no two neighbours lie back to back.
        var builder = new Utf8Pool.Builder(chunkSize: 16);
        foreach (var item in items) builder.Add(item);
        var packed = builder.Build();
        var reversed = items.Reverse().SelectMany(b => b).ToArray();
        var starts = new long[items.Length];
        long at = reversed.Length;
        for (int i = 0; i < items.Length; i++) { at -= items[i].Length; starts[i] = items[i].Length == 0 ? 0 : at; }
        var scattered = new Utf8Pool([reversed], starts, lengths);

        int rawSlices = 0, rawScattered = 0;
        foreach (var (pool, isPacked) in new[] { (packed, true), (scattered, false) })
        {
            long[] layout = CardLayout.Plan(lengths, null, chunkBytes: 24);
            var source = new CardSource("cards", pool, layout);
            for (long sliceBytes = 1; sliceBytes <= 30; sliceBytes++)
                foreach (var (first, count) in source.Slices(sliceBytes))
                {
                    byte[] expected = Encoded(source, first, count);
                    if (!source.TryRaw(first, count, out var raw)) continue;
                    Assert.Equal(expected, raw.ToArray());
                    if (isPacked) rawSlices++;
                    else rawScattered++;
                }
        }
        Assert.True(rawSlices > 100, $"{rawSlices} packed slices taken raw");
        Assert.True(rawScattered < rawSlices, "a scattered pool's multi-card slices are encoded, not taken raw");

        var ints = new PrimitiveSource<int>("ints", [.. Enumerable.Range(0, 1000).Select(_ => rng.Next())]);
        foreach (var (first, count) in ints.Slices(52))
        {
            Assert.True(ints.TryRaw(first, count, out var raw));
            Assert.Equal(Encoded(ints, first, count), raw.ToArray());
        }
    }

    [Fact]
    public void The_file_is_the_same_bytes_for_any_thread_count()
    {
        var table = SnapshotRoundTripTests.EveryFieldTable(extra: 400);
        byte[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 7 })
            foreach (long sliceBytes in new long[] { 64, 1 << 24 })
            {
                string path = Path.Combine(Path.GetTempPath(), $"phylo-test-{Guid.NewGuid():N}.phylo");
                try
                {
                    int calls = 0, last = 0;
                    Snapshot.Write(table, path, null, threads, (done, all) => { calls++; Assert.Equal(last + 1, done); last = done; Assert.True(done <= all); }, sliceBytes);
                    Assert.True(calls > 0);
                    byte[] bytes = File.ReadAllBytes(path);
                    if (sliceBytes == 64)
                    {
                        if (first is null) first = bytes;
                        else Assert.Equal(first, bytes);
                    }
                    TableAssert.Equal(table, Snapshot.Read(path));
                }
                finally { File.Delete(path); }
            }
    }

    [Fact]
    public void A_failing_chunk_fails_the_write_and_stops_the_workers()
    {
        var sources = new List<ColumnSource> { new PrimitiveSource<int>("a", new int[1000]), new Failing() };
        var ex = Assert.ThrowsAny<Exception>(() =>
        {
            using var stream = new MemoryStream();
            SnapshotWriter.Write(sources, new SnapshotDirectory(), stream, sliceBytes: 64, threads: 2, chunkDone: null);
        });
        Assert.Contains("broken column", ex.ToString());
    }

    private sealed class Failing() : ColumnSource("broken", ColumnKind.Strings, 0, 100)
    {
        public override IEnumerable<(long First, long Count)> Slices(long sliceBytes)
        {
            for (int i = 0; i < 100; i += 10) yield return (i, 10);
        }

        public override void Encode(long first, long count, ref MessagePackWriter w)
        {
            if (first == 50) throw new InvalidOperationException("broken column");
            w.WriteArrayHeader((int)count);
            for (long i = 0; i < count; i++) w.Write("x");
        }
    }
}
