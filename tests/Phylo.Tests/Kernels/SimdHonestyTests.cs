using System.Text.RegularExpressions;
using Phylo.Kernels;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Kernels;

/// <summary>
/// PHYLO_SIMD caps what runs: every instruction-set check in Phylo goes through a <see cref="Simd"/> gate that takes
/// the level, and no gate opens above its width. With both, a kernel called at level L runs nothing wider than L, and
/// the per-level kernel tests reach every fallback on this machine.
/// </summary>
public partial class SimdHonestyTests
{
    private static readonly (string Name, Func<SimdLevel, bool> Gate, SimdLevel Width)[] Gates =
    [
        ("Sse2", Simd.Sse2, SimdLevel.V128),
        ("Pclmul", Simd.Pclmul, SimdLevel.V128),
        ("Avx2", Simd.Avx2, SimdLevel.V256),
        ("Bmi2", Simd.Bmi2, SimdLevel.V256),
        ("Avx512F", Simd.Avx512F, SimdLevel.V512),
        ("Avx512BW", Simd.Avx512BW, SimdLevel.V512),
        ("Avx512Vbmi", Simd.Avx512Vbmi, SimdLevel.V512),
    ];

    [Fact]
    public void No_gate_opens_above_its_width()
    {
        foreach (SimdLevel level in (SimdLevel[])[SimdLevel.Scalar, SimdLevel.V128, SimdLevel.V256, SimdLevel.V512])
            foreach (var (name, gate, width) in Gates)
                Assert.False(gate(level) && level < width, $"{name} opened at {level}");
    }

    [Avx512Fact]
    public void Gates_open_at_their_width_where_the_cpu_has_the_instructions()
    {
        Assert.True(Simd.Avx2(SimdLevel.V512) && Simd.Sse2(SimdLevel.V128) && Simd.Avx512F(SimdLevel.V512));
    }

    [GeneratedRegex(@"\.IsSupported\b|IsHardwareAccelerated")]
    private static partial Regex IsaCheck();

    [Fact]
    public void Only_the_Simd_class_asks_the_cpu()
    {
        string src = Path.Combine(RepoRoot(), "src");
        var offenders = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (rel.Contains("/obj/", StringComparison.Ordinal) || rel == "Phylo.Core/Kernels/Simd.cs") continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (IsaCheck().IsMatch(lines[i]) && !lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal))
                    offenders.Add($"{rel}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(offenders.Count == 0, "instruction-set checks outside Simd's gates:\n" + string.Join('\n', offenders));
    }

    /// <summary>The checkout the tests were built from (the directory holding Engine.sln).</summary>
    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("no Engine.sln above " + AppContext.BaseDirectory);
    }
}
