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
    /// <summary>Family folds of cross-validation (evaluation, and the probability map <c>train</c> fits).</summary>
    public int Folds { get; init; } = FamilySplit.DefaultFolds;
    public ulong Seed { get; init; } = 42;
    public int Threads { get; init; }
    public RankerOptions Ranker { get; init; } = new();
    /// <summary>Use the declared graph's child counts and generations as features (see <see cref="KnownLineage"/>).</summary>
    public bool GraphFeatures { get; init; }
    /// <summary>Build the card-body TF-IDF rows the evaluation's baseline ranks by (inference does not need them).</summary>
    public bool CardBaseline { get; init; } = true;
}

/// <summary>One inferred parent link; <see cref="Score"/> is the calibrated probability that it is right.</summary>
public sealed record InferredEdge(int Child, int Parent, double Score, string Relation);

/// <summary>What <see cref="LineageSession.Train"/> produced: the ranker with its probability map, and the cross-validation
/// the map was fitted on.</summary>
public sealed record TrainedLineage(LineageModel Model, int TrainingChildren, int TrainingRows, LineageEvaluation CrossValidation);

/// <summary>
/// The lineage stages over one table and graph: signals and the candidate index are built once, then
/// <see cref="Train"/>, <see cref="Evaluate"/> and <see cref="Infer"/> reuse them. <c>log</c> receives one line per stage.
/// Card text is never read: only what ingest kept of each card (<see cref="CardFeatures.Bodies"/>,
/// <see cref="CardFeatures.Mentions"/>), so the cards themselves need not be held.
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
        Signals = Timed("signals", () => ModelSignals.Build(table, options.Threads, options.CardBaseline), s => $"{s.Bodies:N0} card bodies, {s.MentionTargets.Length:N0} mentions of known models");
        Index = Timed("candidate index", () => CandidateIndex.Build(Signals, options.Threads, options.PoolSize), i => $"{i.Keys.Length:N0} shared keys, {i.Members.Length:N0} pool entries");
    }

    public ModelTable Table { get; }
    public FamilyGraph Graph { get; }
    public LineageOptions Options { get; }
    public ModelSignals Signals { get; }
    public CandidateIndex Index { get; }

    public void Log(string line) => _log(line);

    public CandidateSet Candidates(int[] children, CandidateSource sources = CandidateGenerator.AllSources) =>
        Timed("candidates", () => CandidateGenerator.Generate(Signals, Index, children, Options.K, Options.Threads, sources),
            c => $"{c.Count:N0} pairs for {children.Length:N0} children");

    /// <summary>Trains the ranker (no probability map) on the declared edges of every family <paramref name="heldOut"/>
    /// leaves in (all when null).</summary>
    public LineageModel TrainRanker(bool[]? heldOut, out int children, out int rows)
    {
        int[] train = TrainingChildren(heldOut);
        var known = KnownLineage.From(Graph, heldOut, Options.GraphFeatures);
        var trainingRows = PairScoring.TrainingRows(Signals, known, Graph, Candidates(train), Options.Seed, Options.Ranker.NegativesPerChild);
        (children, rows) = (train.Length, trainingRows.Count);
        return Timed("train", () => LineageModel.Train(trainingRows, Options.Seed, Options.Ranker), _ => $"{trainingRows.Count:N0} rows");
    }

    /// <summary>
    /// The children the ranker trains on when <paramref name="heldOut"/> families are held out (none when null): those of
    /// the other families, at most <see cref="RankerOptions.ChildrenPerParent"/> per declared parent (chosen by a seeded
    /// hash; a child with several parents stays while any of them has room). A parent with hundreds of declared children
    /// would otherwise teach the ranker that parent itself — its exact downloads and likes — instead of what makes a
    /// candidate a parent, and every held-out family would then be offered that memorized model.
    /// </summary>
    public int[] TrainingChildren(bool[]? heldOut) =>
        CappedPerParent(FamilySplit.Children(Graph, heldOut ?? new bool[Graph.Families.Length], wantHeldOut: false));

    private int[] CappedPerParent(int[] children)
    {
        int cap = Options.Ranker.ChildrenPerParent;
        if (cap <= 0) return children;
        var order = new (ulong Key, int Child)[children.Length];
        for (int i = 0; i < children.Length; i++) order[i] = (Kernels.SplitMix64.Mix(Options.Seed ^ 0xCA9UL << 40 ^ (ulong)children[i]), children[i]);
        Array.Sort(order);
        var taken = new Dictionary<int, int>();
        var kept = new List<int>();
        foreach (var (_, child) in order)
        {
            bool room = false;
            foreach (int e in Graph.InEdges(child)) room |= taken.GetValueOrDefault(Graph.EdgeParent[e]) < cap;
            if (!room) continue;
            foreach (int e in Graph.InEdges(child)) taken[Graph.EdgeParent[e]] = taken.GetValueOrDefault(Graph.EdgeParent[e]) + 1;
            kept.Add(child);
        }
        kept.Sort();
        return [.. kept];
    }

    /// <summary>
    /// The second stage (<see cref="TopTwoReranker"/>) trained without the families of fold <paramref name="excluded"/>
    /// (none when −1): for each other fold j (<see cref="SecondStagePlan"/>), a first-stage ranker trained without folds j
    /// and <paramref name="excluded"/> scores fold j's children (at most <see cref="RankerOptions.ChildrenPerParent"/> per
    /// parent), so every row comes from out-of-fold scores, as at inference, and nothing of the excluded fold is seen.
    /// Null when disabled or when no child's two best hold exactly one parent.
    /// </summary>
    public TopTwoReranker? TrainReranker(int[] folds, int excluded)
    {
        if (!Options.Ranker.SecondStage) return null;
        var rows = new List<double[]>();
        var labels = new List<bool>();
        foreach (var (held, scored) in SecondStagePlan(folds, excluded))
        {
            if (TrainingChildren(held).Length == 0) continue;   // two folds: without j and k nothing is left to train on
            var ranker = FoldRanker(held);
            var known = KnownLineage.From(Graph, held, Options.GraphFeatures);
            var cands = Candidates(scored);
            PairScoring.RerankRows(Signals, Graph, cands, PairScoring.ScoreAll(Signals, known, cands, ranker.Ensemble, Options.Threads), rows, labels);
        }
        var result = TopTwoReranker.Fit(rows, labels);
        _log($"second stage: {rows.Count:N0} rows, {labels.Count(l => !l):N0} with the parent second" +
             (result is null ? "" : $"; weights {string.Join(", ", result.Weights.Select(w => w.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}"));
        return result;
    }

    /// <summary>What <see cref="TrainReranker"/> trains on: per fold j other than <paramref name="excluded"/>, the families
    /// its first-stage ranker holds out (fold j and the excluded fold) and the children of fold j it scores.</summary>
    public IEnumerable<(bool[] HeldOut, int[] Scored)> SecondStagePlan(int[] folds, int excluded)
    {
        for (int j = 0; j < Options.Folds; j++)
        {
            if (j == excluded) continue;
            var held = new bool[folds.Length];
            for (int f = 0; f < folds.Length; f++) held[f] = folds[f] == j || (excluded >= 0 && folds[f] == excluded);
            yield return (held, CappedPerParent(FamilySplit.Children(Graph, FamilySplit.HeldOut(folds, j), wantHeldOut: true)));
        }
    }

    private readonly Dictionary<string, (LineageModel Ranker, int Rows)> _foldRankers = [];

    /// <summary><see cref="TrainRanker"/> of a held-out set, kept for the session: cross-validation asks for the ranker
    /// without folds {j, k} once for fold k's second stage and once for fold j's, and <see cref="Train"/> again for the
    /// rankers of its own cross-validation (same held-out set → same rows → same trees).</summary>
    public LineageModel FoldRanker(bool[] heldOut) => FoldRanker(heldOut, out _);

    /// <summary><see cref="FoldRanker(bool[])"/> and how many training rows it had.</summary>
    public LineageModel FoldRanker(bool[] heldOut, out int rows)
    {
        string key = string.Concat(heldOut.Select(h => h ? '1' : '0'));
        if (!_foldRankers.TryGetValue(key, out var trained)) _foldRankers[key] = trained = (TrainRanker(heldOut, out _, out int r), r);
        rows = trained.Rows;
        return trained.Ranker;
    }

    /// <summary>Cross-validates (<see cref="Evaluate"/>), fits both probability maps on the out-of-fold predictions (the
    /// conditional one on children, the unconditional <see cref="ParentMap"/> on children and roots), and trains the final
    /// ranker on every declared edge.</summary>
    public TrainedLineage Train()
    {
        LineageEvaluation cv = Evaluate();
        var (margins, correct, _) = CrossValidation.OutOfFold(cv.PerFold);
        var (evidence, right, _, _) = CrossValidation.Unconditional(cv.PerFold, Signals);
        var second = TrainReranker(FamilySplit.Folds(Graph, Options.Folds, Options.Seed), excluded: -1);
        var ranker = TrainRanker(null, out int children, out int rows);
        return new TrainedLineage(ranker.WithCalibration(PlattMap.Fit(margins, correct), ParentMap.Fit(evidence, right, cv.NoParent.Uses), second, Options.Ranker.SourceNameRule), children, rows, cv);
    }

    /// <summary>K-fold cross-validation by family: ranking metrics per fold beside the card-similarity baseline, each
    /// candidate source's recall, a per-relation breakdown and the calibration of cross-fitted probabilities.</summary>
    public LineageEvaluation Evaluate()
    {
        FoldResult[] folds = CrossValidation.Run(this);
        var (margins, correct, fold) = CrossValidation.OutOfFold(folds);
        var (raw, _, _) = CrossValidation.OutOfFold(folds, o => o.TopScore);
        double Error(double[] input, Func<double[], bool[], IProbabilityMap> fit) =>
            CalibrationBand.ExpectedError(CalibrationBand.Table(CrossValidation.CrossFitted(input, correct, fold, Options.Folds, fit), correct));
        var bands = CalibrationBand.Table(CrossValidation.CrossFitted(margins, correct, fold, Options.Folds, (s, c) => PlattMap.Fit(s, c)), correct);
        var calibration = new CalibrationReport("Platt scaling of the margin", margins.Length, CalibrationBand.ExpectedError(bands),
        [
            ("isotonic, margin", Error(margins, (s, c) => IsotonicMap.Fit(s, c))),
            ("Platt, raw top score", Error(raw, (s, c) => PlattMap.Fit(s, c))),
            ("isotonic, raw top score", Error(raw, (s, c) => IsotonicMap.Fit(s, c))),
        ], bands);
        var (evidence, right, evidenceFold, root) = CrossValidation.Unconditional(folds, Signals);
        var noParent = NoParentReport.Of(evidence, right, evidenceFold, root, Options.Folds);
        return LineageEvaluation.Summarize(folds, Options.K, SourceRecalls(), Graph, calibration, noParent);
    }

    /// <summary>Each source alone (its own candidates, cut to K), then all but the popularity prior, then all together, over every child with a declared
    /// parent (candidates do not depend on the declared graph, so no fold is needed).</summary>
    public SourceRecall[] SourceRecalls()
    {
        int[] children = FamilySplit.Children(Graph, new bool[Graph.Families.Length], wantHeldOut: false);
        var result = new List<SourceRecall>();
        const CandidateSource NoPrior = CandidateGenerator.AllSources & ~CandidateSource.Popular;
        foreach (CandidateSource source in CandidateSources.All.Append(NoPrior).Append(CandidateGenerator.AllSources))
        {
            var set = CandidateGenerator.Generate(Signals, Index, children, Options.K, Options.Threads, source);
            int found = 0;
            for (int i = 0; i < children.Length; i++)
                for (int j = set.Offsets[i]; j < set.Offsets[i + 1]; j++)
                    if (PairScoring.IsDeclaredParent(Graph, children[i], set.Parents[j])) { found++; break; }
            var (name, key) = source switch
            {
                CandidateGenerator.AllSources => ("all sources", "all"),
                NoPrior => ("all but the popularity prior", "allButPopular"),
                _ => (CandidateSources.Name(source), CandidateSources.Key(source)),
            };
            result.Add(new SourceRecall(name, key, children.Length, children.Length == 0 ? 0 : (double)found / children.Length));
        }
        return [.. result];
    }

    /// <summary>For every model that declares no parent: its best candidate, if the unconditional probability that it is
    /// the model's parent (<see cref="ParentMap"/>: a root's is low) is at least <paramref name="minScore"/>. Candidates are generated, scored and dropped child by child
    /// (<see cref="PairScoring.BestPerChild(ModelSignals, CandidateIndex, KnownLineage, int[], int, CompiledEnsemble, int, TopTwoReranker?, bool)"/>):
    /// memory does not grow with the number of pairs.</summary>
    public List<InferredEdge> Infer(LineageModel model, double minScore)
    {
        if (model.ParentMap is null) throw new ArgumentException("the ranker has no unconditional probability map (it was trained before roots were modelled): retrain it with this version ('phylo lineage train')");
        var orphans = new List<int>();
        for (int m = 0; m < Table.Count; m++)
            if (Table.ParentRefOffsets[m + 1] == Table.ParentRefOffsets[m]) orphans.Add(m);
        var known = KnownLineage.From(Graph, null, Options.GraphFeatures);
        int[] children = [.. orphans];
        var edges = new List<InferredEdge>();
        Timed("candidates and scores", () =>
        {
            var (parent, margin, top) = PairScoring.BestPerChild(Signals, Index, known, children, Options.K, model.Ensemble, Options.Threads, model.Reranker, model.SourceNameRule);
            for (int i = 0; i < parent.Length; i++)
            {
                if (parent[i] < 0) continue;
                double p = model.ParentMap.Probability(CrossValidation.Evidence(Signals, children[i], margin[i], top[i]));
                if (p >= minScore) edges.Add(new InferredEdge(children[i], parent[i], p, RelationGuess.Name(Signals.Relation[children[i]])));
            }
            return edges;
        }, _ => $"{children.Length:N0} models without a declared parent, {edges.Count:N0} edges at ≥ {minScore:0.###}");
        return edges;
    }

    private T Timed<T>(string stage, Func<T> body, Func<T, string> describe)
    {
        var sw = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        T result = body();
        using var process = Process.GetCurrentProcess();
        cpu = process.TotalProcessorTime - cpu;   // CPU of all threads: on a loaded machine wall time alone misleads
        _log($"{stage}: {describe(result)} ({sw.Elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU; " +
             $"heap {GC.GetTotalMemory(false) / 1e9:F2} GB, peak RSS {process.PeakWorkingSet64 / 1e9:F2} GB)");
        return result;
    }
}
