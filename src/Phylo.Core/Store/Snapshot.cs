using Phylo.Report;
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
/// <see cref="Ingest.PhyloInputException"/>.
/// </summary>
public static class Snapshot
{
    /// <summary>Bumped on any change a reader of the previous version would misread; readers refuse newer files.</summary>
    public const int FormatVersion = 2;

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

    /// <summary>Loads the table stored at <paramref name="path"/>, decoding chunks on <paramref name="threads"/> cores (0 = all).</summary>
    public static ModelTable Read(string path, int threads = 0) => Load(path, threads).Table;

    /// <summary>Loads the table and its provenance; with <paramref name="cards"/> false the card text is not read
    /// (the table then has no <see cref="ModelTable.Cards"/>, as after <c>--no-cards</c>).</summary>
    public static SnapshotContents Load(string path, int threads = 0, bool cards = true, Action<long, long>? chunksDone = null) =>
        SnapshotReader.Read(path, Threads(threads), cards, chunksDone);

    /// <summary>The card text of only the models <paramref name="keep"/> marks (indexed like the table, the others read
    /// as empty), or null when the snapshot has no cards. A shard of a sharded run attaches it with
    /// <see cref="ModelTable.WithCards"/> to a table loaded without cards: only the slices of the card stream that hold a
    /// kept card are read and decoded, one slice at a time per thread.</summary>
    public static Utf8Pool? LoadCards(string path, bool[] keep, int threads = 0) => SnapshotReader.ReadCards(path, keep, Threads(threads));

    private static int Threads(int threads) => threads > 0 ? threads : Environment.ProcessorCount;
}
