using System.Diagnostics;
using Phylo.Graph;
using Phylo.Lineage.Candidates;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;
using Phylo.Table;

namespace Phylo.Lineage;

/// <summary>Knobs of lineage inference (CLI options map one to one).</summary>
public sealed record LineageOptions
{
    public int K { get; init; } = CandidateGenerator.DefaultK;
    public int PoolSize { get; init; } = CandidateIndex.DefaultPoolSize;
    public double HoldOutFraction { get; init; } = FamilySplit.DefaultFraction;
    public ulong Seed { get; init; } = 42;
    public int Threads { get; init; }
    public RankerOptions Ranker { get; init; } = new();
    /// <summary>Use the declared graph's child counts and generations as features (see <see cref="KnownLineage"/>).</summary>
    public bool GraphFeatures { get; init; }
}

/// <summary>One inferred parent link.</summary>
public sealed record InferredEdge(int Child, int Parent, double Score, string Relation);

/// <summary>What <see cref="LineageSession.Evaluate"/> measured on the held-out families.</summary>
public sealed record LineageEvaluation(
    int HeldOutFamilies, int TrainingChildren, int HeldOutChildren, int TrainingRows,
    RankingMetrics Model, RankingMetrics Baseline, CalibrationBand[] Calibration);

/// <summary>
/// The lineage stages over one table and graph: signals and the candidate index are built once, then
/// <see cref="Train"/>, <see cref="Evaluate"/> and <see cref="Infer"/> reuse them. <c>log</c> receives one line per stage.
/// </summary>
public sealed class LineageSession
{
    private readonly Action<string> _log;

    public LineageSession(ModelTable table, FamilyGraph graph, LineageOptions options, Action<string>? log = null)
    {
        _log = log ?? (_ => { });
        Table = table;
        Graph = graph;
        Options = options;
        Signals = Timed("signals", () => ModelSignals.Build(table, options.Threads), s => $"{s.Card.TfIdf.RowCount:N0} card bodies");
        Index = Timed("candidate index", () => CandidateIndex.Build(Signals, options.Threads, options.PoolSize), i => $"{i.Keys.Length:N0} shared keys");
    }

    public ModelTable Table { get; }
    public FamilyGraph Graph { get; }
    public LineageOptions Options { get; }
    public ModelSignals Signals { get; }
    public CandidateIndex Index { get; }

    public CandidateSet Candidates(int[] children) =>
        Timed("candidates", () => CandidateGenerator.Generate(Signals, Index, children, Options.K, Options.Threads),
            c => $"{c.Count:N0} pairs for {children.Length:N0} children");

    /// <summary>Trains on the declared edges of every family, or only of those <paramref name="heldOut"/> leaves in.</summary>
    public LineageModel Train(bool[]? heldOut = null)
    {
        var children = FamilySplit.Children(Graph, heldOut ?? new bool[Graph.Families.Length], wantHeldOut: false);
        var known = KnownLineage.From(Graph, heldOut, Options.GraphFeatures);
        var rows = PairScoring.TrainingRows(Signals, known, Graph, Candidates(children), Options.Seed, Options.Ranker.NegativesPerChild);
        LastTrainingRows = rows.Count;
        return Timed("train", () => LineageModel.Train(rows, Options.Seed, Options.Ranker), _ => $"{rows.Count:N0} rows");
    }

    public int LastTrainingRows { get; private set; }

    /// <summary>Holds out families, trains on the rest (unless <paramref name="model"/> is given), scores held-out children.</summary>
    public LineageEvaluation Evaluate(LineageModel? model = null)
    {
        bool[] heldOut = FamilySplit.HeldOut(Graph, Options.HoldOutFraction, Options.Seed);
        int trainChildren = FamilySplit.Children(Graph, heldOut, wantHeldOut: false).Length;
        model ??= Train(heldOut);
        int[] test = FamilySplit.Children(Graph, heldOut, wantHeldOut: true);
        var known = KnownLineage.From(Graph, heldOut, Options.GraphFeatures);
        CandidateSet cands = Candidates(test);
        double[] raw = Timed("score", () => PairScoring.ScoreAll(Signals, known, cands, model.Ensemble, Options.Threads), _ => $"{cands.Count:N0} pairs");
        double[] baseline = PairScoring.BaselineAll(Signals, cands, Options.Threads);
        var prob = new double[raw.Length];
        for (int i = 0; i < raw.Length; i++) prob[i] = model.Ensemble.Probability(raw[i]);
        int families = 0;
        foreach (bool h in heldOut) families += h ? 1 : 0;
        return new LineageEvaluation(families, trainChildren, test.Length, LastTrainingRows,
            RankingMetrics.Of(Graph, cands, raw), RankingMetrics.Of(Graph, cands, baseline), CalibrationBand.Table(Graph, cands, prob));
    }

    /// <summary>For every model that declares no parent: its best candidate, if that scores at least <paramref name="minScore"/>.</summary>
    public List<InferredEdge> Infer(LineageModel model, double minScore)
    {
        var orphans = new List<int>();
        for (int m = 0; m < Table.Count; m++)
            if (Table.ParentRefOffsets[m + 1] == Table.ParentRefOffsets[m]) orphans.Add(m);
        var known = KnownLineage.From(Graph, null, Options.GraphFeatures);
        CandidateSet cands = Candidates(orphans.ToArray());
        var (parent, raw) = Timed("score", () => PairScoring.BestPerChild(Signals, known, cands, model.Ensemble, Options.Threads), _ => $"{cands.Count:N0} pairs");
        var edges = new List<InferredEdge>();
        for (int i = 0; i < parent.Length; i++)
        {
            if (parent[i] < 0) continue;
            double p = model.Ensemble.Probability(raw[i]);
            if (p >= minScore) edges.Add(new InferredEdge(cands.Children[i], parent[i], p, RelationGuess.Of(Table.Ids[cands.Children[i]])));
        }
        return edges;
    }

    private T Timed<T>(string stage, Func<T> body, Func<T, string> describe)
    {
        var sw = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        T result = body();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;   // CPU of all threads: on a loaded machine wall time alone misleads
        _log($"{stage}: {describe(result)} ({sw.Elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU)");
        return result;
    }
}
