using Phylo.Analyses;
using Phylo.Run;
using Phylo.Store;
using Phylo.Synth;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

/// <summary>Merge refuses parts that do not form one run, or a damaged part, with one line naming the file.</summary>
public sealed class PartRejectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-parts-").FullName;
    private readonly string _input;

    public PartRejectionTests()
    {
        _input = Path.Combine(_dir, "eco.csv");
        using var fs = File.Create(_input);
        SyntheticEcosystem.Write(fs, new SynthOptions(400, 3, CardMode.Prefix, 2));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Part(int index, int count, ulong seed = 5, string? input = null)
    {
        string path = Path.Combine(_dir, $"p{index}of{count}-s{seed}-{Path.GetFileNameWithoutExtension(input ?? _input)}.phylopart");
        var o = ShardedRun.Options([input ?? _input], _dir, sampled: false) with { Seed = seed };
        ShardRun.AnalyzeShard(o, index, count, null, path, SilentObserver.Instance);
        return path;
    }

    private string Refused(params string[] parts)
    {
        var e = Assert.Throws<PhyloInputException>(() => ShardRun.Merge(parts, new AnalyzeOptions([], Path.Combine(_dir, "out")), SilentObserver.Instance));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void Parts_that_are_not_one_run_are_refused_naming_the_file()
    {
        string a = Part(0, 2), b = Part(1, 2);
        Assert.StartsWith(Path.GetFileName(b) + ": shard 1 duplicates", Refused(a, b, b));
        Assert.Contains("shard 1 of 2 missing", Refused(a));
        string otherSeed = Part(1, 2, seed: 6);
        Assert.StartsWith(Path.GetFileName(otherSeed) + ": has different options", Refused(a, otherSeed));
        string otherCount = Part(1, 3);
        Assert.StartsWith(Path.GetFileName(otherCount) + ": is shard 1 of 3", Refused(a, otherCount));
        string copy = Path.Combine(_dir, "other.csv");
        File.WriteAllLines(copy, File.ReadAllLines(_input).SkipLast(5));
        string otherInput = Part(1, 2, input: copy);
        Assert.StartsWith(Path.GetFileName(otherInput) + ": comes from different inputs", Refused(a, otherInput));
        Assert.False(File.Exists(Path.Combine(_dir, "out", "report.json")));
    }

    [Fact]
    public void A_damaged_or_truncated_part_is_refused_naming_the_file()
    {
        string a = Part(0, 2), b = Part(1, 2);
        byte[] good = File.ReadAllBytes(b);
        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x40;
        File.WriteAllBytes(b, flipped);
        Assert.StartsWith(Path.GetFileName(b) + ": ", Refused(a, b));
        Assert.Contains("checksum", Refused(a, b));
        File.WriteAllBytes(b, good[..(good.Length - 100)]);
        Assert.Contains("truncated", Refused(a, b));
        File.WriteAllBytes(b, [.. "PHYLOPRT"u8, 9, 0, 0, 0, .. good[12..]]);
        Assert.Contains("format version 9 is newer", Refused(a, b));
        byte[] v1 = [.. "PHYLOPRT"u8, 1, 0, 0, 0, .. good[12..]]; // an older Phylo's analysis part, checksum intact
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(v1.AsSpan(v1.Length - 8), System.IO.Hashing.XxHash64.HashToUInt64(v1.AsSpan(0, v1.Length - 8)));
        File.WriteAllBytes(b, v1);
        Assert.StartsWith(Path.GetFileName(b) + ": format version 1 was written by an older Phylo", Refused(a, b));
        File.WriteAllBytes(b, good);
        ShardRun.Merge([a, b], new AnalyzeOptions([], Path.Combine(_dir, "out")), SilentObserver.Instance);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "report.json")));
    }

    [Fact]
    public void Merge_needs_shard_0s_table_and_refuses_one_that_does_not_match_the_headers()
    {
        string a = Part(0, 2), b = Part(1, 2);
        File.Delete(_input); // the merge opens no input
        string whole = Path.Combine(_dir, "out");
        ShardRun.Merge([b, a], new AnalyzeOptions([], whole), SilentObserver.Instance);
        Assert.True(File.Exists(Path.Combine(whole, "report.json")));

        // Shard 0's table swapped for another input's: the fingerprint in every header no longer matches it.
        string other = Path.Combine(_dir, "other.csv");
        using (var fs = File.Create(other)) SyntheticEcosystem.Write(fs, new SynthOptions(300, 4, CardMode.Prefix, 2));
        var good = PartFile.Read(a);
        var foreign = PartFile.Read(Part(0, 2, input: other));
        string swapped = Path.Combine(_dir, "swapped.phylopart");
        PartFile.Write(swapped, good.Header, [.. good.ChunkNames.Select(n => (n, PartWriter.Encoded((n == "table" ? foreign : good).Body(n))))]);
        Assert.StartsWith("swapped.phylopart: chunk 'table' does not hold the models", Refused(swapped, b));
    }

    [Fact]
    public void The_cli_exits_2_with_one_line_for_a_missing_shard()
    {
        string a = Part(0, 2);
        var r = PhyloProcess.Run("merge", a, "--out", Path.Combine(_dir, "cli"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"phylo: {Path.GetFileName(a)}: shard 1 of 2 missing", r.StdErr.Trim());
    }

    [Fact]
    public void A_writer_that_dies_midway_leaves_neither_the_part_nor_a_temporary()
    {
        string path = Path.Combine(_dir, "part-0.phylopart");
        var body = new PartWriter();
        body.Array(new long[1 << 16]);
        // The chunk name is too long for its u16 length field: the write fails after the header chunk went to disk.
        var e = Record.Exception(() => PartFile.Write(path, new PartHeader(PartKind.Analysis, [], 0, "", 0, 1, 0), [(new string('x', 70_000), body)]));
        Assert.IsType<OverflowException>(e);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir, ".part-0.phylopart.*"));
    }

    [Fact]
    public async Task A_shard_killed_as_it_writes_its_part_leaves_no_part_and_the_next_run_cleans_up()
    {
        string path = Path.Combine(_dir, "part-0.phylopart");
        // The child says when the part's first bytes are on disk (test hook), and is killed right then.
        await PhyloProcess.KillWhenPaused("part-0.phylopart", null, "analyze", _input, "--shard", "0", "--shard-count", "1", "--out", path);
        Assert.False(File.Exists(path));
        Assert.True(Directory.Exists(Path.Combine(_dir, ".part-0.phylopart.staging")), "the kill should leave the dead run's staging");
        var r = PhyloProcess.Run("analyze", _input, "--shard", "0", "--shard-count", "1", "--out", path, "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(PartKind.Analysis, PartFile.Read(path).Header.Kind);
        Assert.Equal(["eco.csv", "part-0.phylopart"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order());
    }
}
