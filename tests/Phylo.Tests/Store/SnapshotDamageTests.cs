using System.Buffers.Binary;
using Phylo.Store;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Store;

/// <summary>Damaged snapshots are refused with one line naming the file and the problem, never loaded half right.</summary>
public sealed class SnapshotDamageTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"phylo-test-{Guid.NewGuid():N}.phylo");

    public SnapshotDamageTests() =>
        Snapshot.Write(SnapshotRoundTripTests.EveryFieldTable(), _path, null, threads: 2, chunkDone: null, sliceBytes: 256);

    public void Dispose() => File.Delete(_path);

    private SnapshotDirectory Directory()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        int body = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        return SnapshotDirectory.Decode(bytes.AsMemory(SnapshotDirectory.PreambleBytes, body));
    }

    private static void AssertOneLine(string expected, Exception e)
    {
        Assert.IsType<PhyloInputException>(e);
        Assert.Equal(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private void Patch(long offset, Func<byte, byte> change)
    {
        using var fs = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        int b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte(change((byte)b));
    }

    [Fact]
    public void A_flipped_byte_inside_a_chunk_is_a_checksum_mismatch_naming_the_chunk_and_column()
    {
        var dir = Directory();
        int cards = dir.Columns.FindIndex(c => c.Name == "cards");
        int chunk = Array.FindIndex(dir.Chunks, c => c.Column == cards) + 1; // the second slice of the card text
        Assert.Equal(cards, dir.Chunks[chunk].Column);
        Patch(dir.Chunks[chunk].Offset + dir.Chunks[chunk].CompressedBytes / 2, b => (byte)(b ^ 0x10));

        AssertOneLine($"{_path}: chunk {chunk} (cards) checksum mismatch", Record.Exception(() => Snapshot.Read(_path)));
        // The same line when the snapshot is an input.
        AssertOneLine($"{_path}: chunk {chunk} (cards) checksum mismatch", Record.Exception(() => TestIngest.Run(_path)));
    }

    [Fact]
    public void A_flipped_byte_in_the_directory_is_a_header_checksum_mismatch()
    {
        Patch(SnapshotDirectory.PreambleBytes + 3, b => (byte)(b ^ 0x01));
        AssertOneLine($"{_path}: header checksum mismatch", Record.Exception(() => Snapshot.Read(_path)));
    }

    [Fact]
    public void A_truncated_file_says_how_long_it_should_be()
    {
        long full = new FileInfo(_path).Length;
        using (var fs = new FileStream(_path, FileMode.Open)) fs.SetLength(full - 100);
        AssertOneLine($"{_path}: truncated (expected {full} bytes, found {full - 100})", Record.Exception(() => Snapshot.Read(_path)));

        // Cut inside the header: the preamble still says how long the file was.
        using (var fs = new FileStream(_path, FileMode.Open)) fs.SetLength(SnapshotDirectory.PreambleBytes + 10);
        AssertOneLine($"{_path}: truncated (expected {full} bytes, found {SnapshotDirectory.PreambleBytes + 10})", Record.Exception(() => Snapshot.Read(_path)));

        using (var fs = new FileStream(_path, FileMode.Open)) fs.SetLength(12);
        AssertOneLine($"{_path}: truncated (expected at least {SnapshotDirectory.PreambleBytes} bytes, found 12)", Record.Exception(() => Snapshot.Read(_path)));
    }

    [Fact]
    public void A_wrong_magic_is_not_a_snapshot()
    {
        Patch(0, _ => (byte)'X');
        AssertOneLine($"{_path}: not a Phylo snapshot (wrong magic)", Record.Exception(() => Snapshot.Read(_path)));
    }

    [Fact]
    public void A_newer_format_version_is_refused_with_both_versions()
    {
        Patch(8, _ => Snapshot.FormatVersion + 2);
        AssertOneLine($"{_path}: format version {Snapshot.FormatVersion + 2} is newer than this Phylo ({Snapshot.FormatVersion})",
            Record.Exception(() => Snapshot.Read(_path)));
        AssertOneLine($"{_path}: format version {Snapshot.FormatVersion + 2} is newer than this Phylo ({Snapshot.FormatVersion})",
            Record.Exception(() => TestIngest.Run(_path)));
    }

    [Fact]
    public void A_format_2_snapshot_which_held_card_bodies_is_refused_naming_its_version()
    {
        Assert.Equal(3, Snapshot.FormatVersion); // format 3 stores card features instead of bodies
        Patch(8, _ => 2);
        string line = $"{_path}: format version 2 is older than this Phylo reads (3): run 'phylo ingest' on the original inputs again";
        AssertOneLine(line, Record.Exception(() => Snapshot.Read(_path)));
        AssertOneLine(line, Record.Exception(() => TestIngest.Run(_path)));
    }

    [Fact]
    public void Bytes_appended_after_the_last_chunk_are_refused()
    {
        long full = new FileInfo(_path).Length;
        using (var fs = new FileStream(_path, FileMode.Append)) fs.Write("junk"u8);
        AssertOneLine($"{_path}: 4 unexpected bytes after the last chunk (expected {full} bytes, found {full + 4})", Record.Exception(() => Snapshot.Read(_path)));
    }
}
