using System.Diagnostics;

namespace Phylo.Tests.Deploy;

/// <summary>Finds deploy/ and the Dockerfile, and runs deploy scripts under bash with stand-ins for kubectl, sbatch and
/// aws on PATH (no cluster here): the stand-ins record what they were asked and answer as the real ones would.</summary>
public sealed class DeployScripts : IDisposable
{
    public string Bin { get; } = Directory.CreateTempSubdirectory("phylo-deploy-bin-").FullName;

    public void Dispose() => Directory.Delete(Bin, recursive: true);

    public static string Repo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "deploy", "kubernetes.yaml"))) return d.FullName;
        throw new FileNotFoundException("deploy/ not found above " + AppContext.BaseDirectory);
    }

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Repo(), relative));

    /// <summary>Adds an executable stand-in named <paramref name="name"/> to the PATH the scripts see.</summary>
    public void Stub(string name, string bashBody)
    {
        string path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + bashBody);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Log(string name) => Path.Combine(Bin, name + ".log");

    public (int Exit, string StdOut, string StdErr) Run(string script, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(Repo(), "deploy", script));
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["STUB_LOG"] = Bin;
        foreach (string v in new[] { "PHYLO_IMAGE", "PHYLO_STORAGE_CLASS", "PHYLO_EFS_ID", "PHYLO_QUEUE", "PHYLO_SHARD_COUNT" }) psi.Environment.Remove(v);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not end in a minute");
        }
        return (p.ExitCode, stdout, err.Result);
    }
}
