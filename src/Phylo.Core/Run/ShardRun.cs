using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Report;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Run;

/// <summary>
/// The steps of a sharded run (docs/engine.md §8), each a process of its own:
/// <list type="number">
/// <item><c>phylo prepare inputs --shard i --shard-count n</c>: term counts of shard i's documents (<see cref="Prepare"/>).</item>
/// <item><c>phylo prepare --merge</c> of those: the vocabulary candidates (<see cref="MergePrepared"/>).</item>
/// <item><c>phylo prepare inputs --shard i --shard-count n --candidates c</c>: the candidates' statistics.</item>
/// <item><c>phylo prepare --merge</c> of those: the prepared vocabularies.</item>
/// <item><c>phylo analyze inputs --shard i --shard-count n --prepared p</c>: every analysis' partial (<see cref="AnalyzeShard"/>).</item>
/// <item><c>phylo merge parts</c>: the report, byte-identical to a single process (<see cref="Merge"/>).</item>
/// </list>
/// Families go to shards by <see cref="ShardScope"/>; every process reads all inputs (the table and graph are cheap
/// next to the analyses) but featurizes and measures only its own families.
/// </summary>
public static class ShardRun
{
    private const string PreparedChunk = "prepared";

    /// <summary>The prepare parts' chunks, one per text genome (<see cref="PreparedVocabularies.Genomes"/> order).</summary>
    private static readonly string[] GenomeChunks = Array.ConvertAll(PreparedVocabularies.Genomes, g => g.Name());

    /// <summary>Canonical text of the options that change results; parts merge only when it is equal.</summary>
    public static string OptionsKey(AnalyzeOptions o) =>
        $"seed={o.Seed};cards={o.KeepCards};sampled={o.Sampled};exactLevenshtein={o.ExactLevenshtein};" +
        $"sampleSize={o.Similarity.SampleSize};studyDraws={o.Similarity.StudyDraws};resamples={o.Similarity.BootstrapResamples};" +
        $"designSampleSize={o.Similarity.DesignSampleSize}" +
        (o.TieBreak is { } ties ? $";tieBreak={ties}" : "") +
        (o.InferredEdges is null ? "" : $";inferred={Path.GetFullPath(o.InferredEdges)}") +
        (o.ArxivCategories is null ? "" : $";arxiv={Path.GetFullPath(o.ArxivCategories)}");

    private static AnalyzeOptions WithKey(AnalyzeOptions o, string key)
    {
        var map = key.Split(';').Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        return o with
        {
            Seed = ulong.Parse(map["seed"], System.Globalization.CultureInfo.InvariantCulture),
            KeepCards = bool.Parse(map["cards"]),
            Sampled = bool.Parse(map["sampled"]),
            ExactLevenshtein = bool.Parse(map["exactLevenshtein"]),
            Similarity = new SimilarityTuning(Int(map["sampleSize"]), Int(map["studyDraws"]), Int(map["resamples"]), Int(map["designSampleSize"])),
            InferredEdges = map.GetValueOrDefault("inferred"),
            TieBreak = map.TryGetValue("tieBreak", out string? ties) ? Enum.Parse<TieBreak>(ties) : null,
            ArxivCategories = map.GetValueOrDefault("arxiv"),
        };
        static int Int(string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] FullPaths(IReadOnlyList<string> inputs) => [.. inputs.Select(Path.GetFullPath)];

    /// <summary>Reads the part a step builds on (checked to be of <paramref name="kind"/>), then the inputs, which must be
    /// the ones that part came from, and the shard's scope. A shard (n &gt; 1) of a single snapshot input reads only the
    /// card text <paramref name="cardsNeeded"/> marks: the table is loaded without cards, the mask computed on it (card
    /// presence comes from the card facts columns, which every model keeps), then only those cards are decoded. Other
    /// inputs (CSV, several files) are ingested whole, every card included.</summary>
    /// <param name="cardsNeeded">The models whose cards the step reads, given the table (its card text not loaded yet),
    /// the scope and the basis part; null: every model's.</param>
    private static (PartContents? Basis, IngestedRun Run, ShardScope Scope, ulong Fingerprint) LoadOn(AnalyzeOptions o, string? basisPath,
        PartKind kind, string option, int index, int count, Func<ModelTable, ShardScope, PartContents?, bool[]?>? cardsNeeded, StageClock clock, IRunObserver obs,
        bool recordRejections = false)
    {
        PartContents? basis = basisPath is null ? null : PartFile.Read(basisPath);
        if (basis is not null && basis.Header.Kind != kind)
            throw new PhyloInputException($"{basis.FileName}: is a {basis.Header.Kind} part, {option} needs a {kind} part");
        string? snapshot = count > 1 && o.KeepCards && cardsNeeded is not null ? RunInputs.SoleSnapshot(o.Inputs) : null;
        IngestedRun run = RunInputs.Load(o.Inputs, o.Threads, o.Strict, o.KeepCards, null, clock, obs, inferredEdges: o.InferredEdges,
            genomesLater: snapshot is not null, recordRejections: recordRejections);
        ulong fingerprint = run.Fingerprint();
        if (basis is not null && basis.Header.InputFingerprint != fingerprint) throw new PhyloInputException($"{basis.FileName}: comes from different inputs");
        var scope = ShardScope.Of(run.Table, run.Graph, index, count);
        if (snapshot is not null)
        {
            // The genome pool is empty until loaded: CardGenome.Has answers from the facts columns meanwhile.
            bool[]? keep = cardsNeeded!(run.Table, scope, basis);
            run = RunInputs.LoadGenomes(run, snapshot, keep ?? Enumerable.Repeat(true, run.Table.Count).ToArray(), o.Threads, clock, obs);
        }
        return (basis, run, scope, fingerprint);
    }

    /// <summary>Prepare round 1 (no <paramref name="candidatesPath"/>) or round 2 of one shard.</summary>
    /// <param name="marksFor">Round 2: the analysis shard counts whose marks (<see cref="ShardRunMarks"/>) this run ships,
    /// computed with <paramref name="o"/>'s analysis options; empty or null: none.</param>
    /// <returns>The stages' times.</returns>
    public static IReadOnlyList<StageTiming> Prepare(AnalyzeOptions o, int index, int count, string? candidatesPath, string outPath, IRunObserver obs,
        IReadOnlyList<int>? marksFor = null)
    {
        var clock = new StageClock();
        var (basis, run, scope, fingerprint) = LoadOn(o, candidatesPath, PartKind.Candidates, "--candidates", index, count,
            (_, s, _) => PreparedVocabularies.CardsNeeded(s), clock, obs);
        ITextCorpus[] docs = PreparedVocabularies.Corpora(run.Table, scope);
        int threads = o.Threads > 0 ? o.Threads : -1;
        var writers = Array.ConvertAll(GenomeChunks, _ => new PartWriter());
        obs.StageStarted("prepare");
        clock.Time("prepare", () =>
        {
            for (int g = 0; g < docs.Length; g++)
            {
                if (basis is null) { VocabularyStage.WriteCounts(writers[g], TermCounts.Count(docs[g], threads)); continue; }
                VocabularyCandidates c = basis.Chunk(GenomeChunks[g], VocabularyStage.ReadCandidates);
                new VocabularyStage(c, CandidateStats.Collect(docs[g], c, threads)).Write(writers[g]);
            }
        });
        obs.StageFinished(clock.Stages[^1], $"shard {index} of {count}: {scope.Models().Length:N0} models");
        List<(string, PartWriter)> marks = [];
        if (basis is not null && marksFor is { Count: > 0 })
        {
            obs.StageStarted("marks");
            marks = clock.Time("marks", () => ShardRunMarks.Compute(run.Table, run.Graph, o, marksFor, index, count, obs));
            obs.StageFinished(clock.Stages[^1], $"{marks.Count} mark sets of analysis shards");
        }
        var kind = basis is null ? PartKind.TermCounts : PartKind.CandidateStats;
        PartFile.Write(outPath, new PartHeader(kind, FullPaths(o.Inputs), fingerprint, "cards=" + o.KeepCards, index, count, basis?.Header.Basis ?? 0),
            [.. GenomeChunks.Zip(writers), .. marks]);
        return clock.Stages;
    }

    /// <summary>Merges round-1 parts into candidates, or round-2 parts into the prepared vocabularies.</summary>
    public static PartKind MergePrepared(IReadOnlyList<string> parts, string outPath)
    {
        var set = PartSet.Read(parts, PartKind.TermCounts, PartKind.CandidateStats);
        PartHeader h = set[0].Header;
        if (h.Kind == PartKind.TermCounts)
        {
            var writers = new List<(string, PartWriter)>();
            foreach (string chunk in GenomeChunks)
            {
                TermCounts total = TermCounts.Empty;
                foreach (PartContents p in set) total = TermCounts.Merge(total, p.Chunk(chunk, VocabularyStage.ReadCounts));
                var w = new PartWriter();
                VocabularyStage.WriteCandidates(w, PreparedVocabularies.Candidates(total));
                writers.Add((chunk, w));
            }
            ulong basis = System.IO.Hashing.XxHash64.HashToUInt64([.. writers.SelectMany(w => w.Item2.Written.ToArray())]);
            PartFile.Write(outPath, h with { Kind = PartKind.Candidates, ShardIndex = 0, Basis = basis }, writers);
            return PartKind.Candidates;
        }
        var stages = new VocabularyStage[GenomeChunks.Length];
        for (int g = 0; g < stages.Length; g++)
        {
            VocabularyStage merged = set[0].Chunk(GenomeChunks[g], VocabularyStage.Read);
            foreach (PartContents p in set.Skip(1))
            {
                VocabularyStage next = p.Chunk(GenomeChunks[g], VocabularyStage.Read);
                merged = merged with { Stats = CandidateStats.Merge(merged.Stats, next.Stats) };
            }
            stages[g] = merged;
        }
        var prepared = new PreparedVocabularies(stages[0], stages[1], stages[2]);
        var body = new PartWriter();
        prepared.Write(body);
        PartFile.Write(outPath, h with { Kind = PartKind.Prepared, ShardIndex = 0, Basis = prepared.Fingerprint() },
            [(PreparedChunk, body), .. ShardRunMarks.Collect(set)]);
        return PartKind.Prepared;
    }

    /// <summary>One shard's partial of every analysis, written to <paramref name="outPath"/>.</summary>
    /// <returns>The stages' times.</returns>
    /// <remarks>Never optimized, so that it runs as it does in the CLI, where it is called once (tier 0) and its frame
    /// keeps every local and temporary alive to its end (tested by <c>ShardRowsTests</c>).</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoOptimization)]
    public static IReadOnlyList<StageTiming> AnalyzeShard(AnalyzeOptions o, int index, int count, string? preparedPath, string outPath, IRunObserver obs)
    {
        var clock = new StageClock();
        var chunks = new List<(string, PartWriter)>();
        // This frame never holds the whole table: it runs once, so unoptimized (tier 0), and such a frame keeps every
        // local and temporary alive to its end — the loaded ShardInput held here stood under the similarity stage.
        ShardRunStart start = Begin(o, index, count, preparedPath, outPath, chunks, clock, obs);
        using ShardRunTable.TableImage? table = start.Image;
        if (start.Cut) ShardRunRows.Settle(start.Shard.Table.Count, start.Kept, clock, obs);
        for (int a = start.Next; a < AnalysisPlan.Analyses.Count; a++) Run(AnalysisPlan.Analyses[a], start.Shard, chunks, clock, obs);
        if (table is not null) chunks.AddRange(table.Chunks());
        var header = new PartHeader(PartKind.Analysis, FullPaths(o.Inputs), start.Fingerprint, OptionsKey(o), index, count, start.PreparedBasis);
        clock.Time("part", () => PartFile.Write(outPath, header, chunks));
        return clock.Stages;
    }

    /// <summary>Loads the shard, images the table for the merge (shard 0, <see cref="ShardRunTable"/>: before any row is
    /// dropped), runs the analyses that read every model and, when the shard may, cuts the rows the later ones do not
    /// read (<see cref="ShardRunRows"/>). Not inlined: once it returns, nothing but the cut table is reachable.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ShardRunStart Begin(AnalyzeOptions o, int index, int count, string? preparedPath, string outPath, List<(string, PartWriter)> chunks,
        StageClock clock, IRunObserver obs)
    {
        var (shard, prep, fingerprint) = LoadShard(o, index, count, preparedPath, clock, obs);
        (obs as IShardLoadWatcher)?.Loaded(shard);
        ShardRunTable.TableImage? image = index == 0 ? SpoolTable(shard, o, outPath, clock, obs) : null;
        try
        {
            int next = 0;
            for (; next < AnalysisPlan.Analyses.Count; next++)
            {
                IShardedAnalysis a = AnalysisPlan.Analyses[next];
                // Similarity and drift, the analyses from here on, read the other models' rows only in columns kept whole:
                // their variable-size rows go (ShardRunRows).
                if (a is SimilarityShardedAnalysis && ShardRunRows.Applies(shard))
                {
                    var (cut, kept) = ShardRunRows.Cut(shard, clock, obs);
                    return new ShardRunStart(cut, image, next, true, kept, fingerprint, prep?.Header.Basis ?? 0);
                }
                Run(a, shard, chunks, clock, obs);
            }
            return new ShardRunStart(shard, image, next, false, shard.Table.Count, fingerprint, prep?.Header.Basis ?? 0);
        }
        catch
        {
            image?.Dispose();
            throw;
        }
    }

    private static void Run(IShardedAnalysis a, ShardInput shard, List<(string, PartWriter)> chunks, StageClock clock, IRunObserver obs)
    {
        obs.StageStarted(a.Name);
        var w = new PartWriter();
        clock.Time(a.Name, () => a.Write(w, a.Compute(shard)));
        obs.StageFinished(clock.Stages[^1], $"shard {shard.Scope.Index} of {shard.Scope.Count}");
        chunks.Add((a.Name, w));
    }

    private static ShardRunTable.TableImage SpoolTable(ShardInput shard, AnalyzeOptions o, string outPath, StageClock clock, IRunObserver obs)
    {
        obs.StageStarted("table");
        var run = new IngestedRun(shard.Table, shard.Graph, shard.Rejects, shard.Inputs);
        var image = clock.Time("table", () => ShardRunTable.Spool(run, o.InferredEdges, o.Threads, outPath));
        obs.StageFinished(clock.Stages[^1], "imaged for the merge");
        return image;
    }

    /// <summary>What shard <paramref name="index"/> of <paramref name="count"/> analyzes: from a snapshot with prepared
    /// vocabularies, its table holds only the cards of the models it featurizes (<see cref="SimilarityAnalysis.NeededModels(ModelTable, ShardScope, SimilarityOptions)"/>),
    /// taken from the prepared part when it ships this shard's marks (<see cref="ShardRunMarks"/>), else enumerated here.</summary>
    internal static (ShardInput Shard, PartContents? Prepared, ulong Fingerprint) LoadShard(AnalyzeOptions o, int index, int count, string? preparedPath,
        StageClock clock, IRunObserver obs)
    {
        // Without prepared vocabularies the shard fits them over every model's card, so it needs them all.
        Func<ModelTable, ShardScope, PartContents?, bool[]?>? cardsNeeded = preparedPath is null ? null
            : (table, scope, prep) => Marks(o, index, count, table, scope, prep, clock, obs);
        var (prep, run, scope, fingerprint) = LoadOn(o, preparedPath, PartKind.Prepared, "--prepared", index, count, cardsNeeded, clock, obs,
            recordRejections: index == 0);
        if (count > 1 && ShardRunMarks.Find(prep, o, index, count, run.Table.Count) is { } shipped) // also when every card was loaded
            SimilarityAnalysis.UseNeeded(scope, SimilarityShardedAnalysis.Options(o, obs), shipped);
        PreparedVocabularies? vocab = prep?.Chunk(PreparedChunk, PreparedVocabularies.Read);
        return (new ShardInput(run.Table, run.Graph, scope, o, run.Inputs, run.Rejects, vocab) { Observer = obs }, prep, fingerprint);
    }

    /// <summary>The shard's marks: shipped in the prepared part, else enumerated here (stage "marks").</summary>
    private static bool[]? Marks(AnalyzeOptions o, int index, int count, ModelTable table, ShardScope scope, PartContents? prep, StageClock clock, IRunObserver obs)
    {
        obs.StageStarted("marks");
        SimilarityOptions options = SimilarityShardedAnalysis.Options(o, obs);
        bool[]? shipped = null;
        bool[]? needed = clock.Time("marks", () =>
        {
            shipped = ShardRunMarks.Find(prep, o, index, count, table.Count);
            if (shipped is null) return SimilarityAnalysis.NeededModels(table, scope, options);
            SimilarityAnalysis.UseNeeded(scope, options, shipped);
            return shipped;
        });
        obs.StageFinished(clock.Stages[^1], shipped is null ? "enumerated here (the prepared part has none for these options)" : "from the prepared part");
        return needed;
    }

    /// <summary>Merges every shard's part: reads the table shard 0 carries (<see cref="ShardRunTable"/>; no input is
    /// opened), checks it is the data the parts were computed from, folds each analysis' partials and writes the report
    /// exactly as a single process would.</summary>
    /// <param name="o">Output directory and threads; inputs and result-changing options come from the parts.</param>
    public static AnalysisOutcome Merge(IReadOnlyList<string> parts, AnalyzeOptions o, IRunObserver obs, IReadOnlyList<IOutputWriter>? writers = null)
    {
        var clock = new StageClock();
        var set = clock.Time("read parts", () => PartSet.Read(parts, PartKind.Analysis));
        PartHeader h = set[0].Header;
        o = WithKey(o with { Inputs = h.Inputs }, h.Options); // names only: the table and inferred links come from shard 0's part
        Directory.CreateDirectory(o.OutDir);
        IngestedRun run = ShardRunTable.Read(set[0], Path.Combine(o.OutDir, AnalysisRun.QuarantineFile), o.Threads, clock, obs);
        if (run.Fingerprint() != h.InputFingerprint)
            throw new PhyloInputException($"{set[0].FileName}: chunk '{ShardRunTable.Chunk}' does not hold the models its header names (damaged?)");
        var whole = new ShardInput(run.Table, run.Graph, ShardScope.Whole(run.Table, run.Graph), o, run.Inputs, run.Rejects, null);
        var sections = new List<IReportSection>();
        foreach (IShardedAnalysis a in AnalysisPlan.Analyses)
            sections.Add(AnalysisPlan.Stage(a, clock, obs, () =>
            {
                object merged = set[0].Chunk(a.Name, a.Read);
                foreach (PartContents p in set.Skip(1)) merged = a.Merge(merged, p.Chunk(a.Name, a.Read));
                return a.Finish(whole, merged);
            }));
        return AnalysisRun.Report(o, run, sections, clock, obs, writers);
    }
}

/// <summary>An observer of a shard run that also sees the shard's input as loaded, before any row is dropped (tests:
/// nothing may hold it once the similarity stage starts).</summary>
internal interface IShardLoadWatcher
{
    void Loaded(ShardInput shard);
}
