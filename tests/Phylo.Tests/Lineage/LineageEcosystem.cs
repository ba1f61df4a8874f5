using Phylo.Graph;
using Phylo.Lineage;
using Phylo.Synth;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Lineage;

/// <summary>One small synthetic ecosystem (the planted truth is its declared edges) and a lineage session over it,
/// built once for all lineage tests.</summary>
public sealed class LineageEcosystem
{
    public const int Models = 12_000;
    public const ulong Seed = 5;

    public LineageEcosystem()
    {
        string path = Path.Combine(Path.GetTempPath(), $"phylo-lineage-{Guid.NewGuid():N}.csv");
        using (var fs = File.Create(path)) SyntheticEcosystem.Write(fs, new SynthOptions(Models, Seed, CardMode.Prefix, 2));
        var r = TestIngest.Run(path);
        File.Delete(path);
        Table = r.Table;
        Graph = r.Graph;
        Options = new LineageOptions { Seed = Seed, Threads = 2, Ranker = new Phylo.Lineage.Ranking.RankerOptions(Trees: 40) };
        Session = new LineageSession(Table, Graph, Options);
        _trained = new Lazy<TrainedLineage>(Session.Train);
    }

    private readonly Lazy<TrainedLineage> _trained;

    /// <summary><see cref="LineageSession.Train"/> once for every test that needs it (its cross-validation included).</summary>
    public TrainedLineage Trained => _trained.Value;

    public ModelTable Table { get; }
    public FamilyGraph Graph { get; }
    public LineageOptions Options { get; }
    public LineageSession Session { get; }
}
