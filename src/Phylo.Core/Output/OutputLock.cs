namespace Phylo.Output;

/// <summary>
/// Keeps a second run from writing the same output: an exclusive OS lock (<c>flock</c>, which .NET takes for
/// <see cref="FileShare.None"/>) on <c>.&lt;name&gt;.lock</c> beside the target. The kernel drops the lock when its
/// process dies, however it dies, so a killed run never wedges the next one; on NFS the lock is the server's and
/// lapses with the client's lease.
/// <para>The holder deletes the file before it lets go, so none is left beside the output. A run that opened the
/// file just before the holder deleted it then locks a file no longer in the directory; it sees that (link count 0,
/// Linux <c>statx</c>) and starts over with a fresh file. Where that cannot be told (off Linux) the file is kept, which needs
/// no such check.</para>
/// </summary>
public sealed class OutputLock : IDisposable
{
    private const int Eagain = 11, EwouldblockBsd = 35, SharingViolation = unchecked((int)0x80070020), LockViolation = unchecked((int)0x80070021);
    private readonly string _path;
    private readonly bool _deleteOnRelease;
    private FileStream? _file;

    private OutputLock(string path, FileStream file, bool deleteOnRelease)
    {
        _path = path;
        _file = file;
        _deleteOnRelease = deleteOnRelease;
    }

    /// <summary>The lock file of <paramref name="target"/> (a full path).</summary>
    public static string PathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.lock");

    /// <summary>Takes the lock of <paramref name="target"/> or throws <see cref="OutputException"/> (one line) when
    /// another process holds it.</summary>
    public static OutputLock Acquire(string target)
    {
        string path = PathFor(target);
        for (int attempt = 0; ; attempt++)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (e.HResult is Eagain or EwouldblockBsd or SharingViolation or LockViolation)
            {
                throw new OutputException(target, $"another phylo run is writing it (it holds {Path.GetFileName(path)}); wait for it to end");
            }
            long links = LinuxFs.LinkCount(file.SafeFileHandle);
            if (links == 0 && attempt < 100)
            {
                file.Dispose(); // locked a file its last holder had just deleted: take the fresh one
                continue;
            }
            try
            {
                file.SetLength(0);
                file.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n")); // for a person who looks (cat ignores the lock)
                file.Flush();
            }
            catch (IOException) { } // a full disk: the lock holds without the note
            return new OutputLock(path, file, deleteOnRelease: links > 0);
        }
    }

    public void Dispose()
    {
        if (_file is null) return;
        if (_deleteOnRelease)
        {
            try { File.Delete(_path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _file.Dispose();
        _file = null;
    }
}
