using System.Runtime.InteropServices;

namespace Phylo.Ingest.Columnar;

/// <summary>
/// The C heap the Parquet reader's pages come from (ParquetSharp with the system allocator: malloc). glibc serves a block
/// above its mmap threshold from its own mapping, returned when freed; but the threshold rises to the largest such block
/// freed (up to 32 MiB), after which the reader's column chunks and decompressed pages (a 16,384-row group's card column
/// is ≈ 47 MB) came from glibc's arenas, which kept them resident once freed:
/// ≈ 60 MiB at 200,000 models, ≈ 75 MiB more native memory than a CSV ingest at full scale, through the table build that
/// follows, where an ingest peaks (native-notes/input-formats.md, "Memory").
/// </summary>
internal static partial class NativeHeap
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private static int _fixed;

    /// <summary>Blocks of 1 MiB and more from their own mappings, for the rest of the process (glibc's threshold fixed, so it
    /// no longer rises): a freed page buffer goes back to the system at once. Once per process; nothing outside glibc.</summary>
    public static void BigBlocksFromTheSystem()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _fixed, 1) == 1) return;
        Glibc(() => _ = Mallopt(MmapThreshold, 1 << 20)); // 1 on success; on failure the default rule stays
    }

    /// <summary>Returns the C heap's free pages to the system (glibc's <c>malloc_trim</c>).</summary>
    public static void ReturnFree()
    {
        if (!OperatingSystem.IsLinux()) return;
        Glibc(() => _ = MallocTrim(0)); // 1 if memory was returned, 0 if there was none to return: either is fine
    }

    private static void Glibc(Action call)
    {
        try
        {
            call();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // not glibc (musl has no malloc_trim): its allocator returns memory by its own rules
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int param, int value);
}
