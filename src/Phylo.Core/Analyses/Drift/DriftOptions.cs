using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>Settings of the drift analyses (docs/engine.md §5). Every shard of one run must use the same options.</summary>
public sealed record DriftOptions
{
    /// <summary>Traits whose mutation rate, transitions and ordering are computed.</summary>
    public IReadOnlyList<TraitKind> Traits { get; init; } =
        [TraitKind.License, TraitKind.Language, TraitKind.Task, TraitKind.Library, TraitKind.Dataset];

    /// <summary>The view of the study's numbers: headline mutation rates, transitions and orderings (fine-tune edges).</summary>
    public GraphView StudyView { get; init; } = GraphView.Finetune;

    /// <summary>How many traits (by model count) the optimal ordering ranks for licenses, languages and any other trait; at
    /// most <see cref="TraitOrdering.MaxTraits"/>. The study's n: 20.</summary>
    public int OrderTopN { get; init; } = 20;

    /// <summary>The same for tasks and libraries, where the study ranked 10.</summary>
    public int OrderTopNShort { get; init; } = 10;

    /// <summary>The ordering's n for <paramref name="trait"/>.</summary>
    public int OrderTopNOf(TraitKind trait) => trait is TraitKind.Task or TraitKind.Library ? OrderTopNShort : OrderTopN;

    /// <summary>Bootstrap replicates for numeric-drift CIs (see native-notes/drift.md).</summary>
    public int BootstrapReplicates { get; init; } = 10_000;

    /// <summary>Random groups edges are hashed into for the bootstrap; a power of two.</summary>
    public int BootstrapBuckets { get; init; } = 1024;

    /// <summary>Seed of every keyed random draw.</summary>
    public ulong Seed { get; init; } = 2508_06811;

    /// <summary>Edges checked for license compliance (every derivative inherits its parent's license).</summary>
    public GraphView ComplianceView { get; init; } = GraphView.All;

    /// <summary>How many families (by flagged edges) the compliance report lists.</summary>
    public int TopFamilies { get; init; } = 20;

    /// <summary>Licenses (by model count) that keep their own state in the license chain; the rest pool into "other".</summary>
    public int ChainLicenses { get; init; } = 15;

    /// <summary>Generations after today's roots at which the chain's predicted license mix is reported.</summary>
    public IReadOnlyList<int> ChainGenerations { get; init; } = [1, 2, 5];

    /// <summary>Shards computed in parallel by <see cref="DriftAnalysis.Run"/>; 0 = one per core. Does not change results.</summary>
    public int Parallelism { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(OrderTopN, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OrderTopN, TraitOrdering.MaxTraits);
        ArgumentOutOfRangeException.ThrowIfLessThan(OrderTopNShort, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OrderTopNShort, TraitOrdering.MaxTraits);
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapReplicates, 1);
        if (BootstrapBuckets < 1 || (BootstrapBuckets & (BootstrapBuckets - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(BootstrapBuckets), "must be a power of two");
        ArgumentOutOfRangeException.ThrowIfLessThan(ChainLicenses, 1);
    }
}
