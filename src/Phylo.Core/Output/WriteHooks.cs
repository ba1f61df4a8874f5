namespace Phylo.Output;

/// <summary>
/// Test hooks on the write path, so fault tests fault where output really is written (every file goes through
/// <see cref="Phylo.Output.AtomicFile"/>, every publish through <see cref="StagedOutput"/>). Off unless asked for: a run
/// without the variables below pays one static bool check per file.
/// <list type="bullet">
/// <item><c>PHYLO_TEST_DISK_BYTES=k</c>: the process's disk holds k bytes: once k bytes in all went through
/// <c>AtomicFile</c>, a write fails as a full disk does (<c>IOException</c>, errno 28, ENOSPC).</item>
/// <item><c>PHYLO_TEST_PAUSE_AT=name</c>: when a file whose path ends with <c>/name</c> (e.g. <c>report.json</c>,
/// <c>tables/edges.csv</c>) has its first bytes on disk, or at the publish point of that name (<c>publish</c>: staging
/// complete, nothing renamed; <c>publish-aside</c>: old directory moved aside, new one not yet in place;
/// <c>publish-next</c>: first of several files renamed), print <c>phylo-test: paused at name</c> on stderr and wait
/// (up to five minutes) for the test to kill the process.</item>
/// <item><c>PHYLO_TEST_NO_EXCHANGE=1</c>: publish a directory by the portable aside-and-rename path instead of
/// Linux's atomic exchange, so tests cover both.</item>
/// </list>
/// In-process tests use <see cref="LimitDisk"/>, scoped to a directory so tests running in parallel do not meet.
/// </summary>
public static class WriteHooks
{
    public const string DiskBytesVariable = "PHYLO_TEST_DISK_BYTES", PauseVariable = "PHYLO_TEST_PAUSE_AT", NoExchangeVariable = "PHYLO_TEST_NO_EXCHANGE";
    public const string PausedPrefix = "phylo-test: paused at ";
    private const int Enospc = 28;

    private static readonly string? PauseAt = Environment.GetEnvironmentVariable(PauseVariable) is { Length: > 0 } p ? p : null;
    private static readonly Budget? ProcessDisk =
        long.TryParse(Environment.GetEnvironmentVariable(DiskBytesVariable), System.Globalization.CultureInfo.InvariantCulture, out long k) ? new Budget("", k) : null;
    private static readonly List<Budget> Scoped = [];
    private static volatile bool _anyScoped;

    /// <summary>True under <c>PHYLO_TEST_NO_EXCHANGE=1</c>.</summary>
    public static bool NoExchange { get; } = Environment.GetEnvironmentVariable(NoExchangeVariable) == "1";

    /// <summary>Until disposed, files written under <paramref name="directory"/> share a disk of <paramref name="bytes"/> bytes.</summary>
    public static DiskLimit LimitDisk(string directory, long bytes)
    {
        string under = System.IO.Path.GetFullPath(directory).TrimEnd('/') + "/";
        var b = new Budget(under, bytes);
        lock (Scoped) { Scoped.Add(b); _anyScoped = true; }
        return new DiskLimit(b, () => { lock (Scoped) { Scoped.Remove(b); _anyScoped = Scoped.Count > 0; } });
    }

    /// <summary>A disk limit in force; <see cref="Used"/> counts the bytes written under it so far.</summary>
    public sealed class DiskLimit : IDisposable
    {
        private readonly Budget _budget;
        private readonly long _size;
        private readonly Action _release;

        internal DiskLimit(Budget budget, Action release) => (_budget, _size, _release) = (budget, budget.Left, release);

        public long Used
        {
            get { lock (_budget) return _size - _budget.Left; }
        }

        public void Dispose() => _release();
    }

    /// <summary>The stream a writer of <paramref name="path"/> (the file's final full path) should write to.</summary>
    public static Stream Wrap(Stream file, string path)
    {
        if (PauseAt is null && ProcessDisk is null && !_anyScoped) return file;
        Budget? budget = ProcessDisk;
        if (budget is null)
            lock (Scoped) budget = Scoped.Find(b => path.StartsWith(b.Under, StringComparison.Ordinal));
        bool pause = PauseAt is not null && (path.EndsWith("/" + PauseAt, StringComparison.Ordinal) || path == PauseAt);
        return budget is null && !pause ? file : new HookedStream(file, path, budget, pause ? PauseAt : null);
    }

    /// <summary>A named point of publishing was reached: pause there when <c>PHYLO_TEST_PAUSE_AT</c> names it.</summary>
    public static void Reached(string point)
    {
        if (PauseAt == point) Pause(point);
    }

    private static void Pause(string what)
    {
        Console.Error.WriteLine(PausedPrefix + what);
        Console.Error.Flush();
        Thread.Sleep(TimeSpan.FromMinutes(5));
    }

    internal sealed class Budget(string under, long bytes)
    {
        public readonly string Under = under;
        public long Left = bytes;
    }

    /// <summary>Forwards to the file; charges the budget (throwing ENOSPC at its end) and pauses after the first bytes.</summary>
    private sealed class HookedStream(Stream inner, string path, Budget? budget, string? pauseAt) : Stream
    {
        private bool _paused;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int allowed = buffer.Length;
            if (budget is not null)
                lock (budget)
                {
                    allowed = (int)Math.Min(buffer.Length, budget.Left);
                    budget.Left -= allowed;
                }
            inner.Write(buffer[..allowed]);
            if (allowed < buffer.Length) throw new IOException($"No space left on device : '{path}'", Enospc);
            if (pauseAt is not null && !_paused && buffer.Length > 0)
            {
                _paused = true;
                inner.Flush(); // the partial file is on disk while the process waits
                Pause(pauseAt);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }
    }
}
