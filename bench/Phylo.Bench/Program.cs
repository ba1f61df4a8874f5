using BenchmarkDotNet.Running;

namespace Phylo.Bench;

/// <summary>Entry point: every [Benchmark] class in this assembly is selectable with --filter.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
