using System.Runtime.InteropServices;

namespace Phylo.Ingest.Columnar;

/// <summary>
/// The C heap the Parquet reader's pages come from (ParquetSharp with the system allocator: malloc). glibc keeps freed
/// blocks of a few MB in its arenas (its mmap threshold rises to the largest block freed, up to 32 MiB), so after a
/// Parquet ingest ≈ 60 MiB of decompressed-page buffers stayed resident, unused, through the table build that follows,
/// which is where an ingest's peak is (native-notes/input-formats.md, "Memory").
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>Returns the C heap's free pages to the system (glibc's <c>malloc_trim</c>); nothing elsewhere.</summary>
    public static void ReturnFree()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0); // 1 if memory was returned, 0 if there was none to return: either is fine
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // not glibc (musl has no malloc_trim): its allocator returns memory by its own rules
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
