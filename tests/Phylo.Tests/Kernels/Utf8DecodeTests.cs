using System.Text;
using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

public class Utf8DecodeTests
{
    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Every_level_decodes_as_rune_enumeration_at_every_length(SimdLevel level)
    {
        var rng = new Random(21);
        var into = new int[KernelData.MaxLength + 64];
        for (int len = 0; len <= KernelData.MaxLength; len++)
            foreach (int kind in (int[])[0, 1, 2, 3])
            {
                byte[] utf8 = kind switch
                {
                    0 => Encoding.ASCII.GetBytes(new string('a', len)),
                    1 => KernelData.MostlyAscii(rng, len),
                    2 => KernelData.RandomUtf8(rng, len),
                    _ => KernelData.RandomUtf8(rng, len, invalid: true),
                };
                var expected = new List<int>();
                foreach (Rune r in Encoding.UTF8.GetString(utf8).EnumerateRunes()) expected.Add(r.Value);
                int n = Utf8Decode.CodePoints(utf8, into, level);
                Assert.Equal(expected, into[..n]);
            }
    }

    [Fact]
    public void A_short_destination_is_refused() =>
        Assert.Throws<ArgumentException>(() => Utf8Decode.CodePoints("abc"u8, new int[2], SimdLevel.Scalar));
}
