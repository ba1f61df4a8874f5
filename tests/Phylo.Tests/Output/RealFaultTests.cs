using Phylo.Output;
using Phylo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phylo.Tests.Output;

/// <summary>
/// The real binary meets real faults: a file system too small for a second copy of its output (a tmpfs the test mounts
/// — as root, as in CI; elsewhere the child's disk is <c>PHYLO_TEST_DISK_BYTES</c>), a read-only file system, a
/// directory it may not write to (run as nobody), a path that is a file. Every time: exit 1, exactly one line
/// <c>phylo: &lt;target&gt;: &lt;reason&gt;</c> on stderr and no stack trace, the target exactly as it was, nothing left beside it.
/// </summary>
public sealed class RealFaultTests(SweepInputs inputs, ITestOutputHelper log) : IClassFixture<SweepInputs>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phylo-fault-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Commands => new() { "analyze", "run", "merge", "ingest", "prepare", "synth", "lineage infer" };

    /// <summary>The ranker's zip is written by ML.NET, past the <c>PHYLO_TEST_DISK_BYTES</c> hook: only a real small disk fills it.</summary>
    [TmpfsFact]
    public void A_full_disk_leaves_the_ranker_as_it_was_with_one_line() => A_full_disk_leaves_the_output_as_it_was_with_one_line("lineage train");

    private static void AssertOneLine(PhyloProcess.Result r, string target, string reason)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StdErr}");
        string line = r.StdErr.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith($"phylo: {target}: {reason}", line, StringComparison.Ordinal);
        Assert.Equal("", r.StdOut);
    }

    /// <summary>Free space left for the new output: a report (~750 KB here) fails among its tables and figures; a
    /// single file (2–50 KB here) gets none.</summary>
    private static long Room(string command) => command is "analyze" or "run" or "merge" ? 256 << 10 : 0;

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_full_disk_leaves_the_output_as_it_was_with_one_line(string command)
    {
        string mount = Path.Combine(_dir, "disk");
        using var disk = Tmpfs.TryMount(mount, 16 << 20);
        if (disk is null) Directory.CreateDirectory(mount);
        var (targets, args) = inputs.Case(command, mount);
        foreach (string t in targets) // an earlier output
            if (command is "analyze" or "run" or "merge") FileTree.OldReport(t);
            else File.WriteAllText(t, "old " + Path.GetFileName(t));
        var before = targets.Select(FileTree.Of).ToArray();
        var names = FileTree.Names(mount);

        Dictionary<string, string?>? env = null;
        if (disk is not null)
        {
            long used = disk.Used;
            disk.Resize(used + Room(command));
            log.WriteLine($"{command}: tmpfs with {used:N0} bytes used, resized to {used + Room(command):N0}");
        }
        else
        {
            env = new() { [WriteHooks.DiskBytesVariable] = Room(command).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            log.WriteLine($"{command}: no tmpfs; the child's disk is {Room(command):N0} bytes");
        }
        var r = PhyloProcess.RunWith(env, TimeSpan.FromMinutes(3), args);
        AssertOneLine(r, targets[0], "no space left on device");
        for (int t = 0; t < targets.Length; t++) Assert.Equal(before[t], FileTree.Of(targets[t]));
        Assert.Equal(names, FileTree.Names(mount));
    }

    [TmpfsFact]
    public void A_read_only_file_system_is_one_line_and_changes_nothing()
    {
        string mount = Path.Combine(_dir, "ro");
        using var disk = Tmpfs.TryMount(mount, 4 << 20) ?? throw new InvalidOperationException("the probe mounted a tmpfs, this mount failed");
        string outDir = FileTree.OldReport(Path.Combine(mount, "out")), snapshot = Path.Combine(mount, "eco.phylo");
        File.WriteAllText(snapshot, "old");
        disk.MakeReadOnly();
        var before = (FileTree.Of(outDir), FileTree.Of(snapshot));
        AssertOneLine(PhyloProcess.Run("analyze", inputs.Csv, "--out", outDir, "--quiet"), outDir, "read-only file system");
        AssertOneLine(PhyloProcess.Run("ingest", inputs.Csv, "--out", snapshot, "--quiet"), snapshot, "read-only file system");
        Assert.Equal(before, (FileTree.Of(outDir), FileTree.Of(snapshot)));
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_directory_without_write_permission_is_one_line_and_changes_nothing()
    {
        string parent = Directory.CreateDirectory(Path.Combine(_dir, "locked")).FullName;
        string outDir = FileTree.OldReport(Path.Combine(parent, "out")), snapshot = Path.Combine(parent, "eco.phylo");
        File.WriteAllText(snapshot, "old");
        string input = Path.Combine(_dir, "eco.csv");
        File.Copy(inputs.Csv, input);
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                   | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(_dir, open);
        File.SetUnixFileMode(input, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        bool root = Environment.UserName == "root";
        if (!root) File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute); // root ignores modes: run as nobody instead
        try
        {
            var before = (FileTree.Of(outDir), FileTree.Of(snapshot));
            foreach (var (target, args) in new[] { (outDir, new[] { "analyze", input, "--out", outDir, "--quiet" }), (snapshot, ["ingest", input, "--out", snapshot, "--quiet"]) })
            {
                var env = new Dictionary<string, string?> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" };
                var psi = root ? PhyloProcess.StartInfo(env, args, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : PhyloProcess.StartInfo(env, args);
                AssertOneLine(PhyloProcess.Run(psi, TimeSpan.FromMinutes(2)), target, "permission denied");
            }
            Assert.Equal(before, (FileTree.Of(outDir), FileTree.Of(snapshot)));
        }
        finally
        {
            File.SetUnixFileMode(parent, open | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void A_path_that_is_a_file_is_one_line_and_the_trace_only_with_verbose()
    {
        string file = Path.Combine(_dir, "report");
        File.WriteAllText(file, "not a directory");
        AssertOneLine(PhyloProcess.Run("analyze", inputs.Csv, "--out", file, "--quiet"), file, "is a file, not a directory");
        AssertOneLine(PhyloProcess.Run("analyze", inputs.Csv, "--out", Path.Combine(file, "sub"), "--quiet"), Path.Combine(file, "sub"), $"{file} is a file, not a directory");
        Assert.Equal("not a directory", File.ReadAllText(file));

        var verbose = PhyloProcess.Run("analyze", inputs.Csv, "--out", file, "--quiet", "--verbose");
        var debug = PhyloProcess.RunWith(new Dictionary<string, string?> { ["PHYLO_DEBUG"] = "1" }, TimeSpan.FromMinutes(2), "analyze", inputs.Csv, "--out", file, "--quiet");
        foreach (var r in new[] { verbose, debug })
        {
            Assert.Equal(1, r.ExitCode);
            Assert.StartsWith($"phylo: {file}: is a file, not a directory\n", r.StdErr, StringComparison.Ordinal);
            Assert.Contains("Phylo.Output.OutputException", r.StdErr, StringComparison.Ordinal);
            Assert.Contains("   at Phylo.Output.StagedOutput", r.StdErr, StringComparison.Ordinal);
        }
    }
}
