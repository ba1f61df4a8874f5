using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Run;

public class HugePagesTests
{
    private static readonly string[] Maps =
    [
        "00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/dbus-daemon",
        "7f10a0000000-7f10a0400000 rw-p 00000000 00:00 0",
        "7f10a0400000-7f10b0000000 ---p 00000000 00:00 0",
        "7f10b0000000-7f10b0200000 rw-p 00000000 00:00 0",
        "7f10c0000000-7f10c0001000 r--p 00000000 00:00 0 [vvar]",
    ];

    [Theory]
    [InlineData(0x7f10a0000000L, 0x7f10a0000000L, 0x7f10b0200000L)] // first byte of the run
    [InlineData(0x7f10a8000000L, 0x7f10a0000000L, 0x7f10b0200000L)] // inside the PROT_NONE middle
    [InlineData(0x7f10b01fffffL, 0x7f10a0000000L, 0x7f10b0200000L)] // last byte of the run
    [InlineData(0x00400000L, 0x00400000L, 0x00452000L)]             // a run of one
    public void The_run_of_back_to_back_mappings_around_an_address_is_found(long address, long start, long end) =>
        Assert.Equal((start, end), HugePages.ContiguousRange(Maps, address));

    [Theory]
    [InlineData(0x7f10b0200000L)] // just past the run: a gap
    [InlineData(0x10L)]
    public void An_address_in_no_mapping_has_no_range(long address) => Assert.Null(HugePages.ContiguousRange(Maps, address));
}

/// <summary>Reads this process's own mappings, so it runs alone (<see cref="Ingest.AloneTests"/>): a test beside it that
/// collects with compaction could remap the heap between this test's advice and its reading of the flags.</summary>
[Collection(Ingest.AloneTests.Name)]
public class HugePagesProcessTests
{
    [HugePagesFact]
    public void On_linux_the_gc_heap_is_marked_for_huge_pages_unless_thp_is_off()
    {
        Assert.StartsWith("advised", HugePages.AdviseGcHeap());
        HugePages.Readvise(); // an earlier test in this process may have decommitted part of the range since
        byte[] fresh = GC.AllocateUninitializedArray<byte>(8 << 20); // a new large object, after the advice
        Assert.True(Marked(fresh), "a fresh large object lies in a range without the huge-page flag");
        GC.KeepAlive(fresh);
    }

    /// <summary>The GC decommits by mapping pages afresh, which drops the advice; <see cref="HugePages.Readvise"/> marks the
    /// range again (without it 99 of 100 fresh arrays came back unmarked in a probe).</summary>
    [HugePagesFact]
    public void Readvise_marks_memory_a_decommitting_collection_handed_back()
    {
        HugePages.AdviseGcHeap();
        var garbage = new List<byte[]>();
        for (int i = 0; i < 48; i++) garbage.Add(new byte[8 << 20]); // 384 MiB, committed and touched
        garbage.Clear();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        HugePages.Readvise();
        var fresh = new List<byte[]>();
        for (int i = 0; i < 24; i++) fresh.Add(new byte[8 << 20]);
        int unmarked = fresh.Count(a => !Marked(a));
        Assert.True(unmarked == 0, $"{unmarked} of {fresh.Count} fresh 8 MiB arrays lie in ranges without the huge-page flag");
        GC.KeepAlive(fresh);
    }

    /// <summary>Whether the mapping holding <paramref name="array"/> carries the huge-page flag (<c>hg</c> in smaps' VmFlags).</summary>
    private static bool Marked(byte[] array)
    {
        long at = AddressOf(array);
        string? flags = null;
        long a = 0, b = 0;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-') && line.IndexOf(' ') > line.IndexOf('-'))
            {
                int dash = line.IndexOf('-'), space = line.IndexOf(' ');
                a = Convert.ToInt64(line[..dash], 16);
                b = Convert.ToInt64(line[(dash + 1)..space], 16);
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal) && a <= at && at < b) flags = line;
        }
        return flags is not null && flags.Contains(" hg", StringComparison.Ordinal);
    }

    private static unsafe long AddressOf(byte[] array)
    {
        fixed (byte* p = array) return (long)p;
    }
}
