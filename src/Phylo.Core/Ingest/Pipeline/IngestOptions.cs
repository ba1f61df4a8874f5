namespace Phylo.Ingest.Pipeline;

/// <summary>How to ingest.</summary>
/// <param name="Threads">Parser workers; 0 = one per core.</param>
/// <param name="KeepCards">False keeps only each card's facts (<c>--no-cards</c>); true also its features
/// (<see cref="Table.CardFeatures"/>: genome, signature, term counts). The card body itself is dropped either way
/// unless <see cref="KeepCardText"/>.</param>
/// <param name="ChunkBytes">Target size of the byte blocks handed to workers.</param>
public sealed record IngestOptions(int Threads = 0, bool KeepCards = true, int ChunkBytes = 4 << 20)
{
    public int WorkerCount => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>Keep the lineage bodies (<see cref="Table.CardFeatures.Bodies"/>): lineage and snapshots.</summary>
    public bool KeepCardBodies { get; init; }

    /// <summary>Keep the whole card text (<see cref="Table.ModelTable.Cards"/>; <c>phylo ingest --keep-cards</c>).</summary>
    public bool KeepCardText { get; init; }

    /// <summary>A snapshot input is loaded without its genome pool (a shard attaches the genomes it reads afterwards).</summary>
    internal bool GenomesLater { get; init; }

    /// <summary>A snapshot input's stored similarity fits are loaded (<see cref="Table.ModelTable.Fits"/>): a run that
    /// featurizes every model in one process.</summary>
    internal bool KeepFits { get; init; }

    /// <summary>What the table keeps of the cards.</summary>
    public Table.CardKeep Keep => !KeepCards ? Table.CardKeep.None
        : Table.CardKeep.Features | (KeepCardBodies ? Table.CardKeep.Bodies : 0) | (KeepCardText ? Table.CardKeep.Text : 0)
            | (KeepFits ? Table.CardKeep.Fits : 0);
}

/// <summary>Progress of an ingest: bytes of the current file and records so far.</summary>
public readonly record struct IngestProgress(string File, long BytesDone, long BytesTotal, long Records);

