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

    /// <summary>Bytes before the image: a MessagePack bin32 header.</summary>
    private const int BinHeader = 5;

    /// <summary>Images the table of <paramref name="run"/> (loaded with its rejections recorded) for shard 0's part into a
    /// temporary file beside <paramref name="outPath"/>, which is unlinked at once (a killed shard leaves nothing), so the
    /// shard can drop the table's rows and run its analyses without holding the image (~150 MB at full scale, twice
    /// that in a growing buffer) in memory; <see cref="TableImage.Chunks"/> reads it back for the part.</summary>
    public static TableImage Spool(IngestedRun run, string? inferredEdges, int threads, string outPath)
    {
        var rejections = run.Rejects.Recorded ?? throw new InvalidOperationException("the run was loaded without recording its rejections");
        string dir = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $".{Path.GetFileName(outPath)}.table-{Environment.ProcessId}.tmp");
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Delete, 1 << 20, FileOptions.DeleteOnClose);
        try
        {
            try { File.Delete(path); } catch (IOException) { } // unlinked while open where the platform allows; else deleted on close
            Snapshot.WriteImage(run.Table, new SnapshotProvenance(run.Inputs, rejections), file, threads);
            return new TableImage(file, Inferred(inferredEdges));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>An image spooled by <see cref="Spool"/>.</summary>
    public sealed class TableImage(FileStream file, PartWriter inferred) : IDisposable
    {
        /// <summary>The chunks for the part (the image read back into one array, after its bin header); closes the file.</summary>
        public List<(string, PartWriter)> Chunks()
        {
            using (file)
            {
                byte[] body = GC.AllocateUninitializedArray<byte>(checked(BinHeader + (int)file.Length));
                body[0] = 0xc6; // bin 32
                BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), checked((uint)file.Length));
                file.Position = 0;
                file.ReadExactly(body.AsSpan(BinHeader));
                return [(Chunk, PartWriter.Encoded(body)), (InferredChunk, inferred)];
            }
        }

        public void Dispose() => file.Dispose();
    }

    private static PartWriter Inferred(string? inferredEdges)
    {
        var inferred = new PartWriter();
        InferredLinks? links = inferredEdges is null ? null : InferredEdgesFile.Read(inferredEdges);
        inferred.Bool(links is not null);
        if (links is not null)
        {
            inferred.Strings(links.Child);
            inferred.Strings(links.Parent);
            inferred.Array(links.Mask);
        }
        return inferred;
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
