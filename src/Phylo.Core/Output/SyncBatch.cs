namespace Phylo.Output;

/// <summary>
/// The files <see cref="AtomicFile"/> wrote inside one staged output (<see cref="StagedOutput"/>), made durable together
/// just before the publish instead of one at a time as each is closed. Nothing under the staging is visible until the
/// publish, so what the all-or-nothing rule needs is only that every file's bytes are on disk before the rename that
/// publishes them (native-notes/output-staging.md, "Durability"). A file's writeback is started when it is closed
/// (<see cref="LinuxFs.StartWriteback"/>), and at the publish the files are fsynced from several threads at once, so the
/// file system folds them into a few journal commits where a run used to wait for ~75 commits one after another.
/// </summary>
internal sealed class SyncBatch : IDisposable
{
    private const int MaxThreads = 16;
    private static readonly List<SyncBatch> Open = [];
    private readonly string[] _roots;
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    private SyncBatch(string[] roots) => _roots = roots;

    /// <summary>Starts collecting the files written at or under <paramref name="roots"/> (full paths).</summary>
    public static SyncBatch Start(IEnumerable<string> roots)
    {
        var batch = new SyncBatch([.. roots]);
        lock (Open) Open.Add(batch);
        return batch;
    }

    /// <summary>The open batch whose roots hold <paramref name="fullPath"/>, or null (the file is synced on close). When
    /// outputs nest (one staged inside another's staging), the innermost: its publish moves the file, so it syncs it.</summary>
    public static SyncBatch? Covering(string fullPath)
    {
        SyncBatch? found = null;
        int longest = -1;
        lock (Open)
            foreach (var batch in Open)
                foreach (string root in batch._roots)
                    if (root.Length > longest && (fullPath == root || fullPath.StartsWith(root + "/", StringComparison.Ordinal)))
                        (found, longest) = (batch, root.Length);
        return found;
    }

    /// <summary>How many files wait for <see cref="SyncAll"/> (for tests).</summary>
    public int Pending
    {
        get { lock (_files) return _files.Count; }
    }

    public void Add(string fullPath)
    {
        lock (_files) _files.Add(fullPath);
    }

    /// <summary>fsyncs every collected file that still exists (one moved or deleted after its write is not part of the
    /// output), from up to <see cref="MaxThreads"/> threads; throws the first failure after all have ended.</summary>
    public void SyncAll()
    {
        string[] files;
        lock (_files)
        {
            files = [.. _files];
            _files.Clear();
        }
        if (files.Length == 0) return;
        int next = -1;
        Exception? failure = null;
        void Work()
        {
            for (int i; (i = Interlocked.Increment(ref next)) < files.Length;)
            {
                try { Sync(files[i]); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Interlocked.CompareExchange(ref failure, e, null); }
            }
        }
        var threads = new Thread[Math.Min(MaxThreads, files.Length) - 1];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(Work) { Name = "phylo fsync", IsBackground = true };
            threads[t].Start();
        }
        Work();
        foreach (var t in threads) t.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private static void Sync(string path)
    {
        FileStream fs;
        try { fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0); }
        catch (FileNotFoundException) { return; }
        catch (DirectoryNotFoundException) { return; }
        using (fs) fs.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        lock (Open) Open.Remove(this);
    }
}
