using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Phylo.Output;

/// <summary>The Linux file-system calls .NET does not expose that publishing needs. Both degrade to "cannot tell"
/// off Linux or when the C library lacks them, and callers then take their portable path.</summary>
internal static partial class LinuxFs
{
    private const int AtFdCwd = -100, AtEmptyPath = 0x1000;
    private const uint RenameExchange = 2, StatxNlink = 0x4, SyncFileRangeWrite = 2;
    private const int NlinkOffset = 16; // struct statx has one layout on every architecture: stx_nlink is the u32 at byte 16

    /// <summary>Swaps two paths in one step (<c>renameat2(RENAME_EXCHANGE)</c>: ext4, xfs, btrfs, tmpfs, overlayfs);
    /// false when the call or the file system does not support it (nothing changed then).</summary>
    public static bool Exchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return Renameat2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0; }
        catch (EntryPointNotFoundException) { return false; }
        catch (DllNotFoundException) { return false; }
    }

    /// <summary>How many directory entries name the open file (0 once it was deleted), or -1 when that cannot be told.</summary>
    public static unsafe long LinkCount(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux()) return -1;
        byte* buffer = stackalloc byte[256];
        try
        {
            if (Statx((int)file.DangerousGetHandle(), "", AtEmptyPath, StatxNlink, buffer) != 0) return -1;
            return *(uint*)(buffer + NlinkOffset);
        }
        catch (EntryPointNotFoundException) { return -1; }
        catch (DllNotFoundException) { return -1; }
    }

    /// <summary>Asks the kernel to start writing the file's dirty pages to disk without waiting for them
    /// (<c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>), so a later fsync finds less to do; a no-op where unsupported.</summary>
    public static void StartWriteback(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux()) return;
        try { _ = SyncFileRange((int)file.DangerousGetHandle(), 0, 0, SyncFileRangeWrite); }
        catch (EntryPointNotFoundException) { }
        catch (DllNotFoundException) { }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(int fd, long offset, long bytes, uint flags);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
