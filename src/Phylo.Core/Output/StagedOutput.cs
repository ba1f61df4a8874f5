using System.Text.RegularExpressions;

namespace Phylo.Output;

/// <summary>
/// A command's output — one directory, or one file with optional companions beside it — written all or nothing.
/// Everything is written under a staging directory beside the target (<c>.&lt;name&gt;.staging</c>, same file system)
/// and published at the end by rename: a file by one <c>rename</c> over the old one; a directory on Linux by one
/// <c>renameat2(RENAME_EXCHANGE)</c> swap with the old one, elsewhere by moving the old one aside and the new one in;
/// the old content is deleted after. If anything fails before the publish, the target holds exactly what it held
/// before and the staging directory is removed. A second run into the same target while one is running is refused
/// (<see cref="OutputLock"/>: an OS lock a dead process cannot hold).
/// <para>Steps that need more than one rename (several files; a directory without exchange) first mark the staging
/// directory complete; if the process dies between the renames, the next run into the same target finishes them
/// (rolls forward) before it starts. Any other leftover staging is that of a dead run and is deleted.</para>
/// <code>
/// using var output = StagedOutput.ForFile(pngPath);            // or ForDirectory(outDir, inputs)
/// output.Write(path => Render(..., path));                     // writes to the staged path, then publishes
/// </code>
/// I/O failures while writing or publishing come out as one <see cref="OutputException"/> naming the target.
/// </summary>
public sealed partial class StagedOutput : IDisposable
{
    private const string Marker = ".publish", Aside = ".old";
    private readonly string[] _targets;
    private readonly bool _directory;
    private readonly string _root;
    private readonly OutputLock _lock;
    private readonly SyncBatch _syncs;
    private bool _published;

    /// <summary>The published path (full).</summary>
    public string Target => _targets[0];

    /// <summary>Where to write the output: the staged directory or file (full path).</summary>
    public string StagedPath => Staged(0);

    /// <summary>A directory target: the staged directory starts empty and is published whole.</summary>
    /// <param name="reads">Files the run reads; one inside the target is refused (the target is replaced as a whole).</param>
    /// <param name="ownerFile">A file every output of this kind holds; an existing non-empty target without it is not
    /// replaced (it is not an earlier output: refused, exit 2).</param>
    public static StagedOutput ForDirectory(string target, IEnumerable<string>? reads = null, string ownerFile = "run.json") =>
        new([target], directory: true, reads ?? [], ownerFile);

    /// <summary>A file target, with <paramref name="companions"/> (files in the same directory) published with it.</summary>
    public static StagedOutput ForFile(string target, params string[] companions) =>
        new([target, .. companions], directory: false, [], null);

    private StagedOutput(string[] targets, bool directory, IEnumerable<string> reads, string? ownerFile)
    {
        _targets = [.. targets.Select(t => Path.GetFullPath(t).TrimEnd('/'))];
        _directory = directory;
        string parent = Path.GetDirectoryName(Target) ?? throw new PhyloInputException($"{Target}: cannot write the file system's root");
        if (Array.Exists(_targets, t => Path.GetDirectoryName(t) != parent)) throw new ArgumentException("companions must lie beside the target");
        _root = Path.Combine(parent, $".{Path.GetFileName(Target)}.staging");
        Guard(() =>
        {
            if (FileAbove(parent) is { } file) throw new OutputException(Target, $"{file} is a file, not a directory");
            Directory.CreateDirectory(parent);
        });
        _lock = Guard(() => OutputLock.Acquire(Target));
        try
        {
            Guard(Recover);
            foreach (string t in _targets)
            {
                if (directory && File.Exists(t)) throw new OutputException(t, "is a file, not a directory");
                if (!directory && Directory.Exists(t)) throw new OutputException(t, "is a directory");
            }
            if (directory) CheckReplaceable(ownerFile!, reads);
            Guard(() =>
            {
                Directory.CreateDirectory(_root);
                if (directory) Directory.CreateDirectory(StagedPath);
            });
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
        // the staged files, not the staging itself: the marker is written and synced on its own, before the renames
        _syncs = SyncBatch.Start(Enumerable.Range(0, _targets.Length).Select(Staged));
    }

    /// <summary>The staged path of <paramref name="target"/> (the target or one of its companions).</summary>
    public string StagedPathOf(string target)
    {
        int i = Array.IndexOf(_targets, Path.GetFullPath(target).TrimEnd('/'));
        return i >= 0 ? Staged(i) : throw new ArgumentException($"{target} is not part of this output");
    }

    /// <summary>Where <paramref name="path"/> (under the staged path, or anything else) will be once published.</summary>
    public string PublishedPath(string path)
    {
        string full = Path.GetFullPath(path);
        for (int i = 0; i < _targets.Length; i++)
        {
            if (full == Staged(i)) return _targets[i];
            if (full.StartsWith(Staged(i) + "/", StringComparison.Ordinal)) return _targets[i] + full[Staged(i).Length..];
        }
        return full;
    }

    /// <summary>Runs <paramref name="work"/> on <see cref="StagedPath"/>, then publishes; an I/O failure of either is one
    /// <see cref="OutputException"/> naming the target (the target is unchanged; staging goes on dispose).</summary>
    public T Write<T>(Func<string, T> work)
    {
        try
        {
            T result = work(StagedPath);
            Publish();
            return result;
        }
        catch (Exception e) when (IoFailure.IsIo(e) && IoFailure.Unwrap(e) is not OutputException && Concerns(e))
        {
            throw Failure(e);
        }
    }

    public void Write(Action<string> work) => Write(path => { work(path); return 0; });

    /// <summary>Puts the staged output in place of the target (see the type's summary) and removes the staging.</summary>
    public void Publish()
    {
        if (_published) throw new InvalidOperationException("already published");
        _syncs.SyncAll();
        WriteHooks.Reached("publish");
        if (_directory) PublishDirectory();
        else PublishFiles();
        _published = true;
        TryDeleteRoot();
    }

    /// <summary>Removes the staging unless published, and lets go of the lock.</summary>
    public void Dispose()
    {
        _syncs.Dispose();
        if (!_published) TryDeleteRoot();
        _lock.Dispose();
    }

    private string Staged(int i) => Path.Combine(_root, Path.GetFileName(_targets[i]));

    private void PublishFiles()
    {
        if (_targets.Length > 1) WriteMarker();
        for (int i = 0; i < _targets.Length; i++)
        {
            if (i == 1) WriteHooks.Reached("publish-next");
            File.Move(Staged(i), _targets[i], overwrite: true);
        }
    }

    private void PublishDirectory()
    {
        if (!Directory.Exists(Target)) Directory.Move(StagedPath, Target);
        else if (WriteHooks.NoExchange || !LinuxFs.Exchange(StagedPath, Target))
        {
            WriteMarker();
            Directory.Move(Target, Path.Combine(_root, Aside));
            WriteHooks.Reached("publish-aside");
            Directory.Move(StagedPath, Target);
        }
        // after an exchange the staged path holds the old directory, deleted with the staging
    }

    /// <summary>Marks the staging complete: from here on a dead run's publish is finished by the next run.</summary>
    private void WriteMarker() =>
        Phylo.Output.AtomicFile.WriteText(Path.Combine(_root, Marker), w =>
        {
            w.Write(_directory ? "directory\n" : "files\n");
            foreach (string t in _targets) w.Write(Path.GetFileName(t) + "\n");
        });

    /// <summary>Finishes (marker present) or discards (absent) the staging a dead run left; we hold the lock.</summary>
    private void Recover()
    {
        if (!Directory.Exists(_root)) return;
        string marker = Path.Combine(_root, Marker);
        if (File.Exists(marker))
        {
            string[] lines = File.ReadAllLines(marker);
            string parent = Path.GetDirectoryName(Target)!;
            if (lines is ["directory", var dirName, ..])
            {
                string staged = Path.Combine(_root, dirName), target = Path.Combine(parent, dirName), aside = Path.Combine(_root, Aside);
                if (Directory.Exists(staged))
                {
                    if (Directory.Exists(target) && !Directory.Exists(aside)) Directory.Move(target, aside);
                    if (!Directory.Exists(target)) Directory.Move(staged, target);
                }
            }
            else if (lines is ["files", ..])
                foreach (string name in lines.Skip(1))
                    if (File.Exists(Path.Combine(_root, name))) File.Move(Path.Combine(_root, name), Path.Combine(parent, name), overwrite: true);
            File.Delete(marker);
        }
        Directory.Delete(_root, recursive: true);
    }

    private void CheckReplaceable(string ownerFile, IEnumerable<string> reads)
    {
        if (Directory.Exists(Target) && Directory.EnumerateFileSystemEntries(Target).Any() && !File.Exists(Path.Combine(Target, ownerFile)))
            throw new PhyloInputException($"{Target}: exists and holds no {ownerFile}, so it is not an earlier phylo output; " +
                                          "give --out a new or empty directory (the output replaces the directory as a whole)");
        foreach (string read in reads)
            if (Path.GetFullPath(read).StartsWith(Target + "/", StringComparison.Ordinal))
                throw new PhyloInputException($"{read}: lies inside {Target}, which this run replaces as a whole; move it or choose another --out");
    }

    private void TryDeleteRoot()
    {
        try
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
        catch (IOException) { }            // the next run into this target removes it
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Whether an exception is about this output (its staging, target, lock or parent), not about an input.</summary>
    private bool Concerns(Exception e)
    {
        string? path = IoFailure.PathOf(e);
        if (path is null) return false;
        string parent = Path.GetDirectoryName(Target)!;
        return path == parent || Under(path, _root) || Array.Exists(_targets, t => Under(path, t)) || path == OutputLock.PathFor(Target);
        static bool Under(string path, string dir) => path == dir || path.StartsWith(dir + "/", StringComparison.Ordinal);
    }

    private OutputException Failure(Exception e)
    {
        string reason = IoFailure.Reason(e);
        string? path = IoFailure.PathOf(e);
        for (int i = 0; path is not null && i < _targets.Length; i++)
        {
            if (!path.StartsWith(Staged(i), StringComparison.Ordinal)) continue;
            // a file inside the directory, or a companion file; .edges.csv.PID.GUID.tmp (AtomicFile's temporary) → edges.csv
            string inside = _directory ? path[Staged(i).Length..].TrimStart('/') : i > 0 ? Path.GetFileName(_targets[i]) : "";
            inside = AtomicTemp().Replace(inside, "$1");
            if (inside.Length > 0) reason += $" (writing {inside})";
            break;
        }
        return new OutputException(Target, reason, e);
    }

    private T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (Exception e) when (IoFailure.IsIo(e) && IoFailure.Unwrap(e) is not OutputException) { throw Failure(e); }
    }

    private void Guard(Action action) => Guard(() => { action(); return 0; });

    /// <summary>The nearest existing ancestor of <paramref name="dir"/> (itself included) when it is a file, else null.</summary>
    private static string? FileAbove(string dir)
    {
        for (string? d = dir; d is not null; d = Path.GetDirectoryName(d))
        {
            if (Directory.Exists(d)) return null;
            if (File.Exists(d)) return d;
        }
        return null;
    }

    [GeneratedRegex(@"(?:^|(?<=/))\.([^/]+)\.\d+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex AtomicTemp();
}
