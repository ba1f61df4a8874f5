using System.IO.Hashing;
using System.Text;
using Phylo.Analyses;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Pipeline;
using Phylo.Output;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>The inputs of a run once read: the table, its family graph, the rejections and the input summaries.</summary>
public sealed record IngestedRun(ModelTable Table, FamilyGraph Graph, RejectLog Rejects, IReadOnlyList<InputSummary> Inputs)
{
    /// <summary>XxHash64 over every model id and the inputs' summaries: which data a part was computed from.</summary>
    public ulong Fingerprint()
    {
        var h = new XxHash64();
        Span<byte> n = stackalloc byte[8];
        BitConverter.TryWriteBytes(n, (long)Table.Count);
        h.Append(n);
        foreach (string id in Table.Ids) { h.Append(Encoding.UTF8.GetBytes(id)); h.Append([0]); }
        foreach (var i in Inputs) h.Append(Encoding.UTF8.GetBytes($"{Path.GetFileName(i.Path)}|{i.Format}|{i.Bytes}|{i.Records}|{i.Models}\n"));
        return h.GetCurrentHashAsUInt64();
    }
}

/// <summary>Ingest + graph, the first two stages of every command that reads inputs (analyze, prepare, merge, lineage).</summary>
public static class RunInputs
{
    /// <param name="quarantine">Where rejected.csv goes (written atomically), or null to count rejections only.</param>
    /// <param name="inferredEdges">An <c>inferred_edges.csv</c> whose links join the graph flagged inferred (<c>--with-inferred</c>), or null.</param>
    /// <param name="genomesLater">A snapshot's card features are loaded without the genome pool (a shard attaches the
    /// genomes it needs with <see cref="LoadGenomes"/>).</param>
    /// <param name="cardBodies">Also keep the card bodies (lineage's card features read them).</param>
    /// <param name="storedFits">Load a snapshot's stored similarity fits (<see cref="ModelTable.Fits"/>): a single process
    /// that featurizes every model.</param>
    /// <param name="recordRejections">Keep every rejection in <see cref="RejectLog.Recorded"/> (shard 0 ships them to the merge).</param>
    public static IngestedRun Load(IReadOnlyList<string> inputs, int threads, bool strict, bool keepCards, string? quarantine,
        StageClock clock, IRunObserver obs, string? inferredEdges = null, bool genomesLater = false, bool cardBodies = false,
        bool recordRejections = false, bool storedFits = false, CancellationToken ct = default)
    {
        InferredLinks? inferred = inferredEdges is null ? null : InferredEdgesFile.Read(inferredEdges);
        var (table, rejects, summaries) = Ingest("ingest", quarantine, strict, recordRejections, clock, obs, rejects =>
        {
            var ingestor = new Ingestor(new IngestOptions(threads, keepCards) { GenomesLater = genomesLater, KeepCardBodies = cardBodies, KeepFits = storedFits }, rejects, new Progress(obs), obs.Log);
            foreach (string input in inputs) ingestor.Add(input, ct);
            return (ingestor.Build(), ingestor.Inputs);
        });
        return WithGraph(table, rejects, summaries, inferred, clock, obs);
    }

    /// <summary>A run's inputs as a sharded run's merge has them: the table shard 0 carried (no card data), its recorded
    /// input summaries and rejections (replayed into <paramref name="quarantine"/> as the ingest wrote them), and the
    /// inferred links the shards' graph had; the graph is rebuilt from these (stage "table", then "graph").</summary>
    internal static IngestedRun FromParts(Func<(ModelTable Table, Store.SnapshotProvenance Provenance)> load, InferredLinks? inferred, string quarantine,
        StageClock clock, IRunObserver obs)
    {
        var (t, rejects, summaries) = Ingest("table", quarantine, strict: false, record: false, clock, obs, rejects =>
        {
            var (table, provenance) = load();
            foreach (var r in provenance.Rejections) rejects.Add(r);
            return (table, provenance.Inputs);
        });
        return WithGraph(t, rejects, summaries, inferred, clock, obs);
    }

    /// <summary>The stage that makes the table: rejections go to <paramref name="quarantine"/> (header only when none).</summary>
    private static (ModelTable, RejectLog, IReadOnlyList<InputSummary>) Ingest(string stage, string? quarantine, bool strict, bool record, StageClock clock,
        IRunObserver obs, Func<RejectLog, (ModelTable, IReadOnlyList<InputSummary>)> read)
    {
        RejectLog rejects = null!;
        IReadOnlyList<InputSummary> summaries = [];
        ModelTable table = null!;
        void Run(TextWriter? csv)
        {
            rejects = new RejectLog(csv, strict) { Recorded = record ? [] : null };
            obs.StageStarted(stage);
            (table, summaries) = clock.Time(stage, () => read(rejects));
            if (csv is not null && rejects.Total == 0) csv.Write("file,line,reason,row_dropped,excerpt\n");
        }
        if (quarantine is null) Run(null);
        else AtomicFile.WriteText(quarantine, Run);
        obs.StageFinished(clock.Stages[^1], $"{table.Count:N0} models, {rejects.RowsDropped:N0} {(rejects.RowsDropped == 1 ? "row" : "rows")} rejected");
        return (table, rejects, summaries);
    }

    private static IngestedRun WithGraph(ModelTable table, RejectLog rejects, IReadOnlyList<InputSummary> summaries, InferredLinks? inferred,
        StageClock clock, IRunObserver obs)
    {
        obs.StageStarted("graph");
        var graph = clock.Time("graph", () => FamilyGraphBuilder.Build(table, inferred));
        string added = graph.Stats.Inferred is { } s ? $" ({s.Added:N0} inferred)" : "";
        obs.StageFinished(clock.Stages[^1], $"{graph.EdgeCount:N0} edges{added}, {graph.Families.Length:N0} families");
        return new IngestedRun(table, graph, rejects, summaries);
    }

    /// <summary>The only input when it is a snapshot (whose cards can be read selectively), else null.</summary>
    public static string? SoleSnapshot(IReadOnlyList<string> inputs) =>
        inputs is [var path] && File.Exists(path) && FormatDetector.Detect(path).Format == InputFormat.Snapshot ? path : null;

    /// <summary>Attaches to a run loaded without genomes (from <paramref name="snapshot"/>) the card genomes of the models
    /// <paramref name="keep"/> marks; the other models' genomes read as empty (stage "cards").</summary>
    public static IngestedRun LoadGenomes(IngestedRun run, string snapshot, bool[] keep, int threads, StageClock clock, IRunObserver obs)
    {
        obs.StageStarted("cards");
        int[] rows = CardFeatures.Rows(run.Table.CardChars, run.Table.AutoGenerated);
        var loaded = clock.Time("cards", () => Store.Snapshot.LoadGenomes(snapshot, keep, rows, threads));
        int kept = 0;
        foreach (bool k in keep) if (k) kept++;
        obs.StageFinished(clock.Stages[^1], loaded is not { } g ? "the snapshot has no card features"
            : $"card genomes of {kept:N0} of {keep.Length:N0} models, {g.Genomes.TotalBytes / 1e6:N0} MB; {g.Signatures.Length * 4L / 1e6:N0} MB of signatures");
        return loaded is not { } l ? run : run with { Table = run.Table.WithGenomes(l.Genomes, l.Signatures, l.Rows) };
    }

    /// <summary>Forwards ingest progress synchronously (System.Progress would post to the thread pool).</summary>
    private sealed class Progress(IRunObserver obs) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => obs.IngestProgress(value);
    }
}
