using System.Text.Json;
using System.Text.RegularExpressions;
using Phylo.Cli;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Output;
using YamlDotNet.RepresentationModel;

namespace Phylo.Tests.Deploy;

/// <summary>
/// deploy/ and the Dockerfile: every value a user fills in is named at the top of its file and a script refuses to run
/// without it; the Kubernetes Jobs, Slurm steps and AWS Batch jobs end when something fails (deadlines, retries that run
/// out, dependents cancelled) and the Kubernetes driver stops at a failed Job instead of waiting; every phylo command
/// line in them parses. No container engine or cluster runs here: the Dockerfile is checked for its structure, the
/// scripts run against stand-ins of kubectl, sbatch and aws.
/// </summary>
[Collection(InProcessCli.Name)] // parses phylo command lines with Program.BuildRoot()
public sealed partial class DeployTests : IClassFixture<DeployScripts>
{
    private static readonly Dictionary<string, string> KubeValues = new() { ["PHYLO_IMAGE"] = "registry.test/phylo:9", ["PHYLO_STORAGE_CLASS"] = "rwx" };
    private readonly DeployScripts _scripts;

    public DeployTests(DeployScripts scripts)
    {
        _scripts = scripts;
        if (!OperatingSystem.IsLinux()) return;
        // kubectl: jobs complete, except phylo-analyze, which fails; records what is applied.
        _scripts.Stub("kubectl", """
            case "$1" in
              apply) cat >> "$STUB_LOG/kubectl.log"; echo "---applied" >> "$STUB_LOG/kubectl.log" ;;
              get) if [[ $2 == job/phylo-analyze ]]; then
                     if [[ $4 == *message* ]]; then echo "Job has reached the specified backoff limit"; else echo "FailureTarget Failed "; fi
                   else echo "Complete "; fi ;;
              logs) echo "phylo: /data/eco.phylo: no such file" ;;
            esac
            """);
        _scripts.Stub("sbatch", """
            for a in "$@"; do [[ $a == --wrap=* ]] && wrap=${a#--wrap=}; done
            echo "$*" >> "$STUB_LOG/sbatch.log"
            eval "set -- $wrap"; shift; printf '%s\x1f' "$@" >> "$STUB_LOG/sbatch.wraps"; echo >> "$STUB_LOG/sbatch.wraps"
            echo $((1000 + $(wc -l < "$STUB_LOG/sbatch.log")))
            """);
        _scripts.Stub("aws", """
            for ((i = 1; i <= $#; i++)); do [[ ${!i} == --container-overrides ]] && { j=$((i + 1)); echo "${!j}" >> "$STUB_LOG/aws.overrides"; }; done
            echo "job-$RANDOM"
            """);
    }

    [Fact]
    public void Every_value_to_fill_in_is_named_at_the_top_of_its_file_and_no_placeholder_is_left_to_find_by_failure()
    {
        foreach (var (file, namedIn) in new[] { ("deploy/kubernetes.yaml", "deploy/kubernetes.yaml"), ("deploy/aws-batch.json", "deploy/aws-batch.sh") })
        {
            string text = DeployScripts.Read(file);
            string header = string.Concat(DeployScripts.Read(namedIn).Split('\n').TakeWhile(l => l.StartsWith('#') || l.Length == 0 || l.StartsWith("#!", StringComparison.Ordinal)));
            var names = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.NotEmpty(names);
            foreach (string n in names) Assert.True(header.Contains("#   " + n + " ", StringComparison.Ordinal), $"{n} ({file}) is not named at the top of {namedIn}");
        }
        foreach (string f in Directory.GetFiles(Path.Combine(DeployScripts.Repo(), "deploy")).Append(Path.Combine(DeployScripts.Repo(), "Dockerfile")))
        {
            string text = File.ReadAllText(f);
            foreach (string bad in new[] { "REPLACE_ME", "ghcr.io/example", ":latest" }) Assert.DoesNotContain(bad, text, StringComparison.Ordinal);
        }
    }

    [LinuxFact]
    public void The_kubernetes_jobs_end_on_failure_and_use_the_image_and_shard_count_given()
    {
        var missing = _scripts.Run("kubernetes.sh", new() { ["PHYLO_IMAGE"] = "x" }, "--render");
        Assert.Equal((2, "kubernetes.sh: set PHYLO_STORAGE_CLASS (see the top of deploy/kubernetes.yaml)"), (missing.Exit, missing.StdErr.Trim()));

        var r = _scripts.Run("kubernetes.sh", KubeValues, "--render", "3");
        Assert.True(r.Exit == 0, r.StdErr);
        Assert.DoesNotMatch(Placeholder(), r.StdOut);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(r.StdOut));
        var jobs = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).Where(n => Scalar(n, "kind") == "Job").ToList();
        Assert.Equal(6, jobs.Count);
        foreach (var job in jobs)
        {
            var spec = (YamlMappingNode)job["spec"];
            string name = Scalar((YamlMappingNode)job["metadata"], "name");
            Assert.True(int.Parse(Scalar(spec, "activeDeadlineSeconds"), System.Globalization.CultureInfo.InvariantCulture) > 0, name);
            Assert.True(spec.Children.ContainsKey("backoffLimit") || spec.Children.ContainsKey("backoffLimitPerIndex"), name);
            Assert.True(spec.Children.ContainsKey("ttlSecondsAfterFinished"), name);
            var rules = (YamlSequenceNode)((YamlMappingNode)spec["podFailurePolicy"])["rules"];
            Assert.Contains(rules.Children.Cast<YamlMappingNode>(), rule => Scalar(rule, "action") == "FailJob"
                && ((YamlSequenceNode)((YamlMappingNode)rule["onExitCodes"])["values"]).Children.Any(v => ((YamlScalarNode)v).Value == "2"));
            var podSpec = (YamlMappingNode)((YamlMappingNode)spec["template"])["spec"];
            Assert.Equal("Never", Scalar(podSpec, "restartPolicy"));
            var container = (YamlMappingNode)((YamlSequenceNode)podSpec["containers"]).Children[0];
            Assert.Equal("registry.test/phylo:9", Scalar(container, "image"));
            Assert.False(container.Children.ContainsKey("command"), $"{name}: the image's entry point is phylo; give args only");
            string[] args = [.. ((YamlSequenceNode)container["args"]).Children.Select(a => ((YamlScalarNode)a).Value!)];
            AssertParses(args);
            AssertMarksFor(args, "3");
            if (Scalar(spec, "completionMode", "") == "Indexed")
            {
                Assert.Equal(("3", "3", "0"), (Scalar(spec, "completions"), Scalar(spec, "parallelism"), Scalar(spec, "maxFailedIndexes")));
                Assert.Contains("{shard}", args[^1], StringComparison.Ordinal);
                Assert.Contains(((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>(),
                    e => Scalar(e, "name") == "PHYLO_SHARD_COUNT" && Scalar(e, "value") == "3");
            }
        }
    }

    [LinuxFact]
    public void The_kubernetes_driver_stops_at_a_failed_job_instead_of_waiting()
    {
        File.Delete(_scripts.Log("kubectl"));
        var r = _scripts.Run("kubernetes.sh", KubeValues, "2");
        Assert.Equal(1, r.Exit);
        Assert.Contains("kubernetes.sh: job/phylo-analyze failed: Job has reached the specified backoff limit", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("phylo: /data/eco.phylo: no such file", r.StdErr, StringComparison.Ordinal);
        string applied = File.ReadAllText(_scripts.Log("kubectl"));
        Assert.Contains("name: phylo-analyze }", applied, StringComparison.Ordinal);
        Assert.DoesNotContain("name: phylo-merge }", applied, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Slurm_steps_have_a_time_limit_cancel_their_dependents_on_failure_and_run_phylo_command_lines_that_parse()
    {
        foreach (string f in new[] { "sbatch.log", "sbatch.wraps" }) File.Delete(Path.Combine(_scripts.Bin, f));
        var r = _scripts.Run("slurm.sh", new() { ["PHYLO_TIME"] = "0:30:00" }, "4", "/shared/eco.phylo", Path.Combine(_scripts.Bin, "run"), "--sampled");
        Assert.True(r.Exit == 0, r.StdErr);
        string[] calls = File.ReadAllLines(Path.Combine(_scripts.Bin, "sbatch.log"));
        Assert.Equal(6, calls.Length);
        Assert.All(calls, c => Assert.Contains("--time=0:30:00 --kill-on-invalid-dep=yes", c, StringComparison.Ordinal));
        Assert.All(calls.Skip(1), c => Assert.Matches("--dependency=afterok:100[0-9]", c));
        foreach (string line in File.ReadAllLines(Path.Combine(_scripts.Bin, "sbatch.wraps")))
        {
            string[] args = line.TrimEnd('\x1f').Split('\x1f');
            AssertParses(args);
            AssertMarksFor(args, "4");
            if (args.Contains("--candidates")) Assert.Contains("--sampled", args); // the marks depend on analyze's --sampled
        }
    }

    [LinuxFact]
    public void The_aws_batch_job_definition_has_a_timeout_and_every_job_command_parses()
    {
        var env = new Dictionary<string, string> { ["PHYLO_IMAGE"] = "123.dkr.ecr.test/phylo:9", ["PHYLO_EFS_ID"] = "fs-0abc" };
        var r = _scripts.Run("aws-batch.sh", env, "--render");
        Assert.True(r.Exit == 0, r.StdErr);
        using (var doc = JsonDocument.Parse(r.StdOut))
        {
            var root = doc.RootElement;
            Assert.True(root.GetProperty("timeout").GetProperty("attemptDurationSeconds").GetInt32() > 0);
            Assert.Equal("123.dkr.ecr.test/phylo:9", root.GetProperty("containerProperties").GetProperty("image").GetString());
            Assert.Contains(root.GetProperty("retryStrategy").GetProperty("evaluateOnExit").EnumerateArray(),
                e => e.TryGetProperty("onExitCode", out var c) && c.GetString() == "2" && e.GetProperty("action").GetString() == "EXIT");
        }
        Assert.Equal(2, _scripts.Run("aws-batch.sh", env, "4").Exit); // PHYLO_QUEUE unset
        File.Delete(Path.Combine(_scripts.Bin, "aws.overrides"));
        var submitted = _scripts.Run("aws-batch.sh", new(env) { ["PHYLO_QUEUE"] = "q" }, "4");
        Assert.True(submitted.Exit == 0, submitted.StdErr);
        string[] overrides = File.ReadAllLines(Path.Combine(_scripts.Bin, "aws.overrides"));
        Assert.Equal(6, overrides.Length);
        foreach (string o in overrides)
        {
            using var doc = JsonDocument.Parse(o);
            string[] args = [.. doc.RootElement.GetProperty("command").EnumerateArray().Select(a => a.GetString()!)];
            AssertParses(args);
            AssertMarksFor(args, "4");
        }
    }

    [Fact]
    public void The_dockerfile_builds_the_single_binary_with_the_sdk_and_runs_it_as_a_non_root_user()
    {
        string[] lines = Instructions(DeployScripts.Read("Dockerfile"));
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, froms.Length);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/sdk:\S+ AS build$", froms[0]);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/runtime-deps:\S+ AS runtime$", froms[1]);
        string publish = lines.Single(l => l.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-c Release -r \"$rid\" --self-contained -p:PublishSingleFile=true", publish, StringComparison.Ordinal);
        int runtime = Array.IndexOf(lines, froms[1]);
        var final = lines[runtime..];
        Assert.Contains("COPY --from=build /out/phylo /usr/local/bin/phylo", final);
        string user = final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER (root|0)(:|$)", user);
        Assert.Equal("ENTRYPOINT [\"phylo\"]", final.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        Assert.Contains("dotnet publish src/Phylo.Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true", DeployScripts.Read("README.md"), StringComparison.Ordinal);
    }

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static string[] Instructions(string dockerfile) =>
        [.. dockerfile.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => MultiSpace().Replace(l, " "))];

    /// <summary>Prepare round 2 (the step given --candidates) ships the analyze shards' marks: <c>--marks-for n</c>.</summary>
    private static void AssertMarksFor(string[] args, string n)
    {
        if (!args.Contains("--candidates")) return;
        int at = Array.IndexOf(args, "--marks-for");
        Assert.True(at >= 0 && at + 1 < args.Length && args[at + 1] == n, $"phylo {string.Join(' ', args)}: no --marks-for {n}");
    }

    private static void AssertParses(string[] args)
    {
        Assert.NotEmpty(args);
        var parse = Program.BuildRoot().Parse(args);
        Assert.True(parse.Errors.Count == 0, $"phylo {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
    }

    private static string Scalar(YamlMappingNode node, string key, string? fallback = null) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value! : fallback ?? throw new KeyNotFoundException(key);

    [GeneratedRegex(@"\$\{([A-Z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex MultiSpace();
}
