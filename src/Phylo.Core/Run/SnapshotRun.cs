using System.Runtime.CompilerServices;
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
    /// (<see cref="ModelTable.Fits"/>), so an analysis of the snapshot reads them instead of fitting (<c>--fits</c>).</param>
    // Optimized from the first call (it runs once): tier-0 code may report a stack slot that once held the table as live
    // to the end, and the first full-scale ingest with parked bodies peaked no lower than without parking (4,312 vs 4,318 MiB).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SnapshotOutcome Execute(IReadOnlyList<string> inputs, string outPath, int threads, bool strict, bool keepCards,
        IRunObserver obs, Action<int, int>? chunkWritten = null, string? shownAs = null, bool keepCardText = false, bool fits = false,
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
    /// run, so they do not add to the fits' peak (≈ 0.6 GB at full scale). <paramref name="table"/>
    /// is cleared so that no reference to the bodies stays alive here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ModelTable WithFits(ref ModelTable? table, string parkAt, int threads)
    {
        var (without, parked) = ParkBodies(ref table, parkAt);
        using (parked)
        {
            StoredFits fitted = GenomeFeatures.Fit(without, threads); // begins with a compacting collection: the bodies go
            FeatureMemory.Settle(without.Count, decommit: true);    // and the fit's garbage before the bodies come back
            ModelTable back = parked is null ? without : without.WithFeatures(without.CardFeatures!.WithBodies(parked.Read()));
            back.Fits = fitted;
            return back;
        }
    }

    /// <summary>The table without its lineage bodies, which wait in <paramref name="parkAt"/>; <paramref name="table"/> is
    /// cleared. Its own frame, so nothing of the table with bodies stays on the stack of the fits.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ModelTable Table, SpilledPool? Parked) ParkBodies(ref ModelTable? table, string parkAt)
    {
        ModelTable t = table!;
        table = null;
        CardFeatures features = t.CardFeatures!;
        if (features.Bodies is not { } bodies) return (t, null);
        SpilledPool parked = SpilledPool.Write(bodies, parkAt);
        return (t.WithFeatures(features.WithBodies(null)), parked);
    }

    private sealed class ObserverProgress(IRunObserver obs) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => obs.IngestProgress(value);
    }
}
