using System.Globalization;
using System.Runtime.InteropServices;

namespace Phylo;

/// <summary>
/// Asks Linux for transparent huge pages (2 MiB) on the .NET GC heap. Distributions default THP to "madvise": only
/// ranges a process marks with <c>MADV_HUGEPAGE</c> get them, and the GC marks none, so every fresh 4 KiB page of a
/// multi-gigabyte run costs a fault. Full scale (native-notes/memory.md): snapshot load 24.7 → 12.5 CPU-s and the
/// similarity featurize pass 44.8 → 35.2 CPU-s; a third of both was the kernel faulting in and zeroing 4 KiB pages.
/// <para>How: a fresh array lies inside the GC's reservation; the run of adjacent mappings around it in
/// <c>/proc/self/maps</c> (the committed parts and the PROT_NONE rest) is the reservation, and one <c>madvise</c> over it
/// sets the flag on every part, which the ranges the GC commits later (by <c>mprotect</c>) inherit. Best effort: nothing
/// happens off Linux, under <c>PHYLO_HUGE_PAGES=0</c>, or when THP is "never"; a failure leaves things as they were.
/// Results never depend on it, only time and page granularity do.</para>
/// <para>The advice does not survive a decommit: the GC hands pages back by mapping the range afresh, and the new mapping
/// has no flag, so every range a collection returned was back on 4 KiB pages when committed again (after one aggressive
/// collection, 99 of 100 fresh 8 MiB arrays had lost it; `HugePagesProcessTests` failed for that reason when an earlier
/// test had collected). <see cref="Readvise"/> marks the range again. The runs call it once, after the decommitting
/// collection that opens the similarity fits (the fits fill what it returned); renewing it after every decommitting
/// collection and at every stage start cost a full-scale analyze +2.6 system CPU-s (page zeroing of 2 MiB pages the
/// later stages fill only in part) for no user-time gain (native-notes/memory.md).</para>
/// </summary>
public static partial class HugePages
{
    private const int MadvHugePage = 14;

    /// <summary>What <see cref="AdviseGcHeap"/> did in this process (run.json records it), or "not asked".</summary>
    public static string Status { get; private set; } = "not asked";

    /// <summary>Marks the GC heap's address range for huge pages (once per process); returns what was done, in one line.</summary>
    public static string AdviseGcHeap()
    {
        if (Status != "not asked") return Status;
        return Status = Advise();
    }

    /// <summary>Marks the GC's range again when <see cref="AdviseGcHeap"/> marked it in this process (else nothing): the
    /// ranges the GC decommitted since lost the flag. One read of <c>/proc/self/maps</c> and one system call.</summary>
    public static void Readvise()
    {
        if (Status.StartsWith("advised", StringComparison.Ordinal)) Advise();
    }

    private static string Advise()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (Environment.GetEnvironmentVariable("PHYLO_HUGE_PAGES") == "0") return "off (PHYLO_HUGE_PAGES=0)";
        try
        {
            const string thp = "/sys/kernel/mm/transparent_hugepage/enabled";
            if (File.Exists(thp) && File.ReadAllText(thp).Contains("[never]", StringComparison.Ordinal)) return "THP is never";
            byte[] probe = GC.AllocateUninitializedArray<byte>(1 << 20); // large object heap: inside the GC's reservation
            long at = AddressOf(probe);
            if (ContiguousRange(File.ReadLines("/proc/self/maps"), at) is not (long start, long end)) return "GC range not found";
            int rc = Madvise((nint)start, (nuint)(end - start), MadvHugePage);
            GC.KeepAlive(probe);
            return rc == 0 ? $"advised {(end - start) >> 30:N0} GiB of GC address space"
                : $"madvise failed (errno {Marshal.GetLastPInvokeError()})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"{e.GetType().Name}";
        }
    }

    private static unsafe long AddressOf(byte[] array)
    {
        fixed (byte* p = array) return (long)p;
    }

    /// <summary>The maximal run of back-to-back mappings (<c>/proc/self/maps</c> lines, ascending) that holds
    /// <paramref name="address"/>; null when no mapping holds it.</summary>
    public static (long Start, long End)? ContiguousRange(IEnumerable<string> mapsLines, long address)
    {
        long runStart = -1, runEnd = -1;
        bool found = false;
        foreach (string line in mapsLines)
        {
            int dash = line.IndexOf('-'), space = line.IndexOf(' ');
            if (dash <= 0 || space <= dash) continue;
            long a = long.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            long b = long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (a != runEnd)
            {
                if (found) break; // the run that held the address has ended
                runStart = a;
            }
            runEnd = b;
            if (a <= address && address < b) found = true;
        }
        return found ? (runStart, runEnd) : null;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
