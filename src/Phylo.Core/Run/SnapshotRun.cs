using Phylo.Analyses;
using Phylo.Analyses.Similarity;
using Phylo.Ingest.Pipeline;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>What <c>phylo ingest</c> produced.</summary>
public sealed record SnapshotOutcome(ModelTable Table, RejectLog Rejects, IReadOnlyList<InputSummary> Inputs, long BytesIn, long BytesOut,
    IReadOnlyList<StageTiming> Stages);

/// <summary>
/// <c>phylo ingest</c>: ingest the inputs once and save the table, with the inputs and every rejection as its
/// provenance, as a snapshot that any later run reads in place of the inputs.
/// </summary>
public static class SnapshotRun
{
    /// <param name="keepCards">Store the card features (genomes, signatures, term counts, lineage bodies); false: facts only.</param>
    /// <param name="chunkWritten">(chunks written, chunks in all) while the snapshot is written.</param>
    /// <param name="shownAs">Where the snapshot will be once published (the CLI writes a staged file), for the stage line.</param>
    /// <param name="keepCardText">Also store the whole card text (<c>--keep-cards</c>).</param>
    /// <param name="fits">With the card features: fit the similarity vocabularies and count rows once here and store them
    /// (<see cref="ModelTable.Fits"/>), so an analysis of the snapshot reads them instead of fitting (<c>--no-fits</c>: false).</param>
    public static SnapshotOutcome Execute(IReadOnlyList<string> inputs, string outPath, int threads, bool strict, bool keepCards,
        IRunObserver obs, Action<int, int>? chunkWritten = null, string? shownAs = null, bool keepCardText = false, bool fits = true,
        CancellationToken ct = default)
    {
        var clock = new StageClock();
        var recorded = new List<Rejection>();
        var rejects = new RejectLog(null, strict) { Recorded = recorded };
        obs.StageStarted("ingest");
        var ingestor = new Ingestor(new IngestOptions(threads, keepCards) { KeepCardBodies = true, KeepCardText = keepCardText }, rejects,
            new ObserverProgress(obs), obs.Log);
        ModelTable? table = clock.Time("ingest", () =>
        {
            foreach (string input in inputs) ingestor.Add(input, ct);
            return ingestor.Build();
        });
        IReadOnlyList<InputSummary> read = ingestor.Inputs;
        ingestor = null!; // nothing of the ingest but the table is needed from here (the fits want its memory)
        obs.StageFinished(clock.Stages[^1], $"{table.Count:N0} models, {rejects.RowsDropped:N0} rows rejected");

        if (fits && keepCards && table.CardFeatures is not null)
        {
            obs.StageStarted("fits");
            table = clock.Time("fits", () => WithFits(ref table, outPath + ".bodies", threads > 0 ? threads : -1));
            obs.StageFinished(clock.Stages[^1], "card, metadata and metadata-clean vocabularies and count rows");
        }

        obs.StageStarted("snapshot");
        clock.Time("snapshot", () => Snapshot.Write(table, outPath, new SnapshotProvenance(read, recorded), threads, chunkWritten));
        long bytesOut = new FileInfo(outPath).Length;
        obs.StageFinished(clock.Stages[^1], $"{bytesOut / 1e6:N0} MB → {shownAs ?? outPath}");

        long bytesIn = 0;
        foreach (string input in inputs) bytesIn += new FileInfo(input).Length;
        return new SnapshotOutcome(table, rejects, read, bytesIn, bytesOut, clock.Stages);
    }

    /// <summary>The table with its similarity fits (<see cref="GenomeFeatures.Fit"/>). The fits do not read the lineage
    /// bodies, so the bodies wait in a file beside the snapshot (<paramref name="parkAt"/>, removed afterwards) while they
    /// run: at full scale that keeps the stage's peak at the analysis's (the bodies are ≈ 0.6 GB). <paramref name="table"/>
    /// is cleared so that no reference to the bodies stays alive here.</summary>
    private static ModelTable WithFits(ref ModelTable? table, string parkAt, int threads)
    {
        ModelTable t = table!;
        table = null;
        CardFeatures features = t.CardFeatures!;
        if (features.Bodies is null)
        {
            t.Fits = GenomeFeatures.Fit(t, threads);
            return t;
        }
        using SpilledPool parked = SpilledPool.Write(features.Bodies, parkAt);
        CardFeatures rest = features.WithBodies(null);
        ModelTable without = t.WithFeatures(rest);
        t = null!;
        features = null!;
        StoredFits fitted = GenomeFeatures.Fit(without, threads); // begins with a compacting collection: the bodies go
        ModelTable back = without.WithFeatures(rest.WithBodies(parked.Read()));
        back.Fits = fitted;
        return back;
    }

    private sealed class ObserverProgress(IRunObserver obs) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => obs.IngestProgress(value);
    }
}
