using Phylo.Run;

namespace Phylo.Tests.Infrastructure;

/// <summary>Reading report outputs in tests.</summary>
public static class ReportFiles
{
    /// <summary>report.md without its run header (the quoted lines that carry times and memory, which vary by design).</summary>
    public static string[] ResultsOnly(string reportMd) =>
        File.ReadAllLines(reportMd).Where(l => !l.StartsWith(RunHeader.LinePrefix, StringComparison.Ordinal)).ToArray();
}
