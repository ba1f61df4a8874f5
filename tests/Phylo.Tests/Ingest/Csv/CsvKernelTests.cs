using Phylo.Ingest.Csv;
using Phylo.Kernels;

namespace Phylo.Tests.Ingest.Csv;

/// <summary>Every vector path agrees with the scalar reference on every length around the block size.</summary>
public class CsvKernelTests
{
    private static readonly byte[] Alphabet = "\"\",,\n\r\nab\"x, "u8.ToArray();

    private static byte[] RandomBytes(Random rng, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = Alphabet[rng.Next(Alphabet.Length)];
        return bytes;
    }

    private static (int[] Starts, int[] Lengths, long[] Lines, ScanCursor Cursor) Scan(byte[] buf, SimdLevel level, int start)
    {
        var sink = new CsvChunk(buf, 4);
        var cursor = new ScanCursor { RecordStart = start, RecordLine = 7 };
        RecordScanner.Scan(buf, ref cursor, sink, level);
        int n = sink.RecordCount;
        return (sink.Starts[..n], sink.Lengths[..n], sink.Lines[..n], cursor);
    }

    [Fact]
    public void Record_scan_matches_scalar_on_lengths_0_to_257()
    {
        var rng = new Random(20250712);
        for (int length = 0; length <= 257; length++)
        {
            for (int trial = 0; trial < 20; trial++)
            {
                byte[] buf = RandomBytes(rng, length);
                int start = length > 0 && trial % 4 == 3 ? rng.Next(length) : 0;
                var expected = Scan(buf, SimdLevel.Scalar, start);
                foreach (var level in Simd.Supported)
                {
                    var actual = Scan(buf, level, start);
                    string at = $"length {length} trial {trial} level {level}";
                    Assert.True(expected.Starts.SequenceEqual(actual.Starts), at);
                    Assert.True(expected.Lengths.SequenceEqual(actual.Lengths), at);
                    Assert.True(expected.Lines.SequenceEqual(actual.Lines), at);
                    Assert.True(expected.Cursor.Equals(actual.Cursor), $"{at}: cursor {actual.Cursor} vs {expected.Cursor}");
                }
            }
        }
    }

    [Fact]
    public void Field_split_matches_scalar_on_lengths_0_to_257()
    {
        var rng = new Random(1860411);
        var expected = new Range[1];
        var actual = new Range[1];
        for (int length = 0; length <= 257; length++)
        {
            for (int trial = 0; trial < 20; trial++)
            {
                byte[] record = RandomBytes(rng, length);
                int n = ExactScanner.Split(record, ref expected);
                foreach (var level in Simd.Supported)
                {
                    int m = CsvFields.Split(record, ref actual, level);
                    Assert.True(n == m, $"length {length} trial {trial} level {level}: {m} fields, scalar {n}");
                    Assert.True(expected.AsSpan(0, n).SequenceEqual(actual.AsSpan(0, m)), $"length {length} trial {trial} level {level}");
                }
            }
        }
    }

    [Fact]
    public void Prefix_xor_matches_the_shift_reference()
    {
        var rng = new Random(3);
        Assert.Equal(0UL, Bits.PrefixXor(0));
        Assert.Equal(ulong.MaxValue, Bits.PrefixXor(1));
        Assert.Equal(0b0111UL, Bits.PrefixXor(0b1001UL));
        for (int i = 0; i < 10_000; i++)
        {
            ulong x = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40);
            Assert.Equal(Bits.PrefixXorShifts(x), Bits.PrefixXor(x));
        }
    }
}
