using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>The list of analyses a run performs, in report order. Each is timed as its own stage.</summary>
public static class Analyses
{
    public static IEnumerable<IReportSection> All(ModelTable table, FamilyGraph graph, AnalyzeOptions o, StageClock clock, IRunObserver obs)
    {
        yield break;
    }
}
