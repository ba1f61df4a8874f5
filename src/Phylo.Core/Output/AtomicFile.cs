namespace Phylo.Output;

/// <summary>
/// Writes a file so that it either appears whole or not at all: the content goes to a temporary file in
/// the same directory, is flushed to disk, then renamed over the target. A killed run leaves no half file.
/// A command's output as a whole (a report directory, a snapshot) is published by <see cref="Output.StagedOutput"/>;
/// inside its staging every file still goes through here, which is where <see cref="Output.WriteHooks"/> can fault it.
/// Inside a staging the flush to disk waits for the publish, which syncs the staging's files together
/// (<see cref="SyncBatch"/>); anywhere else it happens before the rename.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var batch = SyncBatch.Covering(full);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(Output.WriteHooks.Wrap(fs, full));
                if (batch is null) fs.Flush(flushToDisk: true);
                else
                {
                    fs.Flush();
                    LinuxFs.StartWriteback(fs.SafeFileHandle);
                }
            }
            File.Move(temp, full, overwrite: true);
            batch?.Add(full);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(w);
        });

    /// <summary>
    /// Deletes temporaries that earlier writes of <paramref name="path"/> left behind when their process was killed
    /// (<c>.name.PID.GUID.tmp</c> whose PID is no longer running). A live writer's temporary is left alone.
    /// </summary>
    public static int DeleteStaleTemps(string path)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir)) return 0;
        string prefix = $".{Path.GetFileName(full)}.";
        int deleted = 0;
        foreach (string temp in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            string[] parts = Path.GetFileName(temp)[prefix.Length..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || IsRunning(pid)) continue;
            if (TryDelete(temp)) deleted++;
        }
        return deleted;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
