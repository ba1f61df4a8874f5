using System.Buffers.Binary;
using Phylo.Analyses;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Run;

/// <summary>
/// What the merge of a sharded run reports from besides the partials, carried by shard 0's part so that
/// <c>phylo merge</c> reads the parts and nothing else (native-notes/sharding.md, "Merge reads only the parts"):
/// chunk <c>table</c> is the shard's table as a snapshot image without card data (ids, traits, card facts, declared
/// parents, dates, counts: the models/families tables, drift's vocabularies, the figures read them) whose provenance
/// holds the input summaries and every rejection in order (rejected.csv is replayed from it); chunk
/// <c>table.inferred</c> holds the <c>--with-inferred</c> links the shards' graph was built with. The merge rebuilds the
/// graph from both (as every shard did) and checks the input fingerprint against the part headers.
/// </summary>
internal static class ShardRunTable
{
    public const string Chunk = "table", InferredChunk = "table.inferred";

    /// <summary>Bytes before the image: a MessagePack bin32 header, patched with the image's length once it is written.</summary>
    private const int BinHeader = 5;

    /// <summary>The chunks of <paramref name="run"/> (loaded with its rejections recorded) for shard 0's part.</summary>
    /// <param name="exact">Hold the image in an array of its own length (a copy) rather than the stream's buffer, which may
    /// be twice that: for a part that keeps it through the analyses.</param>
    public static List<(string, PartWriter)> Write(IngestedRun run, string? inferredEdges, int threads, bool exact = false)
    {
        var rejections = run.Rejects.Recorded ?? throw new InvalidOperationException("the run was loaded without recording its rejections");
        // The image is written in place after a bin header, so the chunk body is the stream's buffer, not a copy of it.
        var image = new MemoryStream();
        image.Write(new byte[BinHeader]);
        Snapshot.WriteImage(run.Table, new SnapshotProvenance(run.Inputs, rejections), image, threads);
        byte[] buffer = exact ? image.ToArray() : image.GetBuffer();
        buffer[0] = 0xc6; // bin 32
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), checked((uint)(image.Length - BinHeader)));
        var inferred = new PartWriter();
        InferredLinks? links = inferredEdges is null ? null : InferredEdgesFile.Read(inferredEdges);
        inferred.Bool(links is not null);
        if (links is not null)
        {
            inferred.Strings(links.Child);
            inferred.Strings(links.Parent);
            inferred.Array(links.Mask);
        }
        return [(Chunk, PartWriter.Encoded(buffer.AsMemory(0, (int)image.Length))), (InferredChunk, inferred)];
    }

    /// <summary>The run as the shards had it, from <paramref name="part"/> (shard 0): the table (stage "table"), its
    /// rejections replayed into <paramref name="quarantine"/>, the graph rebuilt (stage "graph").</summary>
    public static IngestedRun Read(PartContents part, string quarantine, int threads, StageClock clock, IRunObserver obs)
    {
        if (!part.Has(Chunk)) throw new PhyloInputException($"{part.FileName}: shard {part.Header.ShardIndex} carries no table (only shard 0's part does)");
        InferredLinks? inferred = part.Take(InferredChunk, r => r.Bool() ? new InferredLinks(r.Strings(), r.Strings(), r.Array<RelationMask>()) : null);
        if (inferred is not null && (inferred.Parent.Length != inferred.Count || inferred.Mask.Length != inferred.Count))
            throw new PhyloInputException($"{part.FileName}: chunk '{InferredChunk}' is malformed (its columns differ in length)");
        return RunInputs.FromParts(() =>
        {
            SnapshotContents contents = part.Take(Chunk, r => Snapshot.LoadImage(r.BytesView(), $"{part.FileName}: chunk '{Chunk}'", threads));
            return (contents.Table, contents.Provenance ?? throw new PhyloInputException($"{part.FileName}: chunk '{Chunk}' has no provenance"));
        }, inferred, quarantine, clock, obs);
    }
}
