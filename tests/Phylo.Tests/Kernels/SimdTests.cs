using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

public class SimdTests
{
    [Theory]
    [InlineData("scalar", SimdLevel.Scalar)]
    [InlineData("128", SimdLevel.V128)]
    [InlineData("256", SimdLevel.V256)]
    [InlineData("512", SimdLevel.V512)]
    [InlineData(null, SimdLevel.V512)]
    public void Parse_reads_every_spelling(string? text, SimdLevel expected) => Assert.Equal(expected, Simd.Parse(text));

    [Fact]
    public void Parse_rejects_nonsense() => Assert.Throws<ArgumentException>(() => Simd.Parse("fast"));

    [Fact]
    public void Supported_starts_with_scalar_and_never_exceeds_hardware()
    {
        Assert.Equal(SimdLevel.Scalar, Simd.Supported[0]);
        Assert.All(Simd.Supported, l => Assert.True(l <= Simd.Hardware));
        Assert.True(Simd.Level <= Simd.Hardware);
    }
}
