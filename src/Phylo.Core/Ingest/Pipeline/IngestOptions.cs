namespace Phylo.Ingest.Pipeline;

/// <summary>How to ingest.</summary>
/// <param name="Threads">Parser workers; 0 = one per core.</param>
/// <param name="KeepCards">False drops card text after its facts are computed (<c>--no-cards</c>).</param>
/// <param name="ChunkBytes">Target size of the byte blocks handed to workers.</param>
public sealed record IngestOptions(int Threads = 0, bool KeepCards = true, int ChunkBytes = 4 << 20)
{
    /// <summary>With <see cref="KeepCards"/>: keep the card text of only the model ids it accepts (the others read as
    /// empty; their card facts are kept); null keeps every card. For commands that need a few cards of a large input.</summary>
    public Func<string, bool>? KeepCardOf { get; init; }

    public int WorkerCount => Threads > 0 ? Threads : Environment.ProcessorCount;
}

/// <summary>Progress of an ingest: bytes of the current file and records so far.</summary>
public readonly record struct IngestProgress(string File, long BytesDone, long BytesTotal, long Records);

/// <summary>What was read from one input.</summary>
public sealed record InputSummary(string Path, Formats.InputFormat Format, string Layout, long Bytes, long Records, long Models);
