using Phylo.Output;
using Phylo.Table;

namespace Phylo.Store;

/// <summary>A loaded snapshot: the table, and where its models came from when the writer recorded it.</summary>
public sealed record SnapshotContents(ModelTable Table, SnapshotProvenance? Provenance);

/// <summary>
/// A <see cref="ModelTable"/> saved to disk so the 5 GB CSV is parsed once and analyzed many times
/// (<c>phylo ingest … --out eco.phylo</c>). Layout: a versioned header (magic <c>PHYLOSNP</c>, format version, chunk
/// directory), then columnar chunks — MessagePack, LZ4 block-compressed, XxHash64-checked — see
/// native-notes/snapshot.md. The family graph is not stored: rebuilding it from the table costs about as much as
/// reading it would. Files are written atomically; any damage found on reading is a one-line
/// <see cref="Phylo.PhyloInputException"/>.
/// </summary>
public static class Snapshot
{
    /// <summary>Bumped on any change a reader of the previous version would misread; readers refuse newer files.</summary>
    /// Version 3: card features (genomes, signatures, genome term counts, lineage bodies) instead of the card text,
    /// which is stored only on request (<c>--keep-cards</c>).
    public const int FormatVersion = 3;

    /// <summary>Target uncompressed size of one chunk: large enough for LZ4 to find its matches, small enough to spread
    /// a column over every core and keep per-thread buffers small.</summary>
    public const long DefaultSliceBytes = 16 << 20;

    /// <summary>True when <paramref name="head"/> (a file's first bytes) starts with the snapshot magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith(SnapshotDirectory.Magic);

    /// <summary>Writes <paramref name="table"/> (and, when given, its provenance) to <paramref name="path"/> atomically.
    /// Stale temporaries of earlier killed writes to the same path are removed first.</summary>
    /// <param name="chunkDone">Called after each chunk is written with (chunks written, chunks in all).</param>
    public static void Write(ModelTable table, string path, SnapshotProvenance? provenance = null, int threads = 0,
        Action<int, int>? chunkDone = null) =>
        Write(table, path, provenance, threads, chunkDone, DefaultSliceBytes);

    internal static void Write(ModelTable table, string path, SnapshotProvenance? provenance, int threads, Action<int, int>? chunkDone,
        long sliceBytes)
    {
        AtomicFile.DeleteStaleTemps(path);
        AtomicFile.Write(path, s => SnapshotWriter.Write(table, provenance, s, sliceBytes, Threads(threads), chunkDone));
    }

    /// <summary>Writes <paramref name="table"/> without any card data (card facts kept) and with
    /// <paramref name="provenance"/> to <paramref name="into"/>: the table a sharded run's merge reports from, carried in a
    /// part (native-notes/sharding.md). Read back with <see cref="LoadImage"/>.</summary>
    public static void WriteImage(ModelTable table, SnapshotProvenance provenance, Stream into, int threads = 0) =>
        SnapshotWriter.Write(table, provenance, into, DefaultSliceBytes, Threads(threads), null, cards: false);

    /// <summary>Loads a snapshot held in memory (as <see cref="WriteImage"/> wrote it); <paramref name="name"/> names it in errors.</summary>
    public static SnapshotContents LoadImage(ReadOnlyMemory<byte> image, string name, int threads = 0) =>
        SnapshotReader.Read(image, name, Threads(threads), CardKeep.None);

    /// <summary>Loads the table stored at <paramref name="path"/> with everything it holds (card features, lineage bodies,
    /// card text where stored), decoding chunks on <paramref name="threads"/> cores (0 = all).</summary>
    public static ModelTable Read(string path, int threads = 0) => Load(path, threads, CardKeep.Features | CardKeep.Bodies | CardKeep.Text).Table;

    /// <summary>Loads the table and its provenance; with <paramref name="cards"/> false the card features are not read
    /// (the table then has no <see cref="ModelTable.CardFeatures"/>, as after <c>--no-cards</c>).</summary>
    public static SnapshotContents Load(string path, int threads = 0, bool cards = true, Action<long, long>? chunksDone = null) =>
        Load(path, threads, cards ? CardKeep.Features : CardKeep.None, chunksDone);

    /// <summary>Loads the table with as much of the card data as <paramref name="load"/> asks for and the file has.</summary>
    public static SnapshotContents Load(string path, int threads, CardKeep load, Action<long, long>? chunksDone = null, bool genomes = true) =>
        SnapshotReader.Read(path, Threads(threads), load, genomes, chunksDone);

    /// <summary>The card genomes of only the models <paramref name="keep"/> marks (indexed like the table, the others read
    /// as empty) with their MinHash signatures (packed; <c>Rows</c>: each model's row there, −1 when not kept or without a
    /// genome), or null when the snapshot has no card features. A shard of a sharded run attaches them with
    /// <see cref="ModelTable.WithGenomes"/> to a table loaded without genomes: only the slices of the genome and signature
    /// columns that hold a kept model are read and decoded, one slice at a time per thread.</summary>
    /// <param name="genomeRows">Per model, its row among the models with a genome (<see cref="CardFeatures.Rows"/> of the table's facts).</param>
    public static (Utf8Pool Genomes, uint[] Signatures, int[] Rows)? LoadGenomes(string path, bool[] keep, int[] genomeRows, int threads = 0) =>
        SnapshotReader.ReadGenomes(path, keep, genomeRows, Threads(threads));

    private static int Threads(int threads) => threads > 0 ? threads : Environment.ProcessorCount;
}
