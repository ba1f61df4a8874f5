using Phylo.Table;
using Phylo.Text;

namespace Phylo.Store;

/// <summary>
/// The stored similarity fits (<see cref="StoredFits"/>) as snapshot columns: <c>fits.key</c>, then per genome
/// (<c>card</c>, <c>metadata</c>, <c>metadata-clean</c>) its vocabulary (terms as lengths + UTF-8 bytes, hashes, term and
/// document frequencies, document count) and its count rows (offsets, 16-bit columns and counts, the saturated counts'
/// positions and values). Older readers skip these columns; a snapshot without them is fitted at analysis time.
/// </summary>
internal static class SnapshotFits
{
    public const string Key = "fits.key";
    private const string Prefix = "fits.";
    private static readonly string[] Genomes = ["card", "metadata", "metadata-clean"];

    private const string TermLengths = "termLengths", TermBytes = "termBytes", Hashes = "hashes", TermFrequency = "termFrequency",
        DocumentFrequency = "documentFrequency", Documents = "documents", Offsets = "offsets", Cols = "cols", Counts = "counts",
        SaturatedAt = "saturatedAt", SaturatedCounts = "saturatedCounts";

    private static string Name(string genome, string part) => $"{Prefix}{genome}.{part}";

    public static bool Owns(string column) => column.StartsWith(Prefix, StringComparison.Ordinal);

    public static void AddSources(List<ColumnSource> list, StoredFits fits)
    {
        list.Add(new StringSource(Key, [fits.Key]));
        FittedGenome[] all = [fits.Card, fits.Metadata, fits.MetadataClean];
        for (int g = 0; g < Genomes.Length; g++)
        {
            string genome = Genomes[g];
            Vocabulary v = all[g].Vocabulary;
            TermCountRows rows = all[g].Counts;
            list.Add(new PrimitiveSource<int>(Name(genome, TermLengths), Array.ConvertAll(v.Terms, t => t.Length)));
            list.Add(new PrimitiveSource<byte>(Name(genome, TermBytes), [.. v.Terms.SelectMany(t => t)]));
            list.Add(new PrimitiveSource<ulong>(Name(genome, Hashes), v.Hashes));
            list.Add(new PrimitiveSource<long>(Name(genome, TermFrequency), v.TermFrequency));
            list.Add(new PrimitiveSource<int>(Name(genome, DocumentFrequency), v.DocumentFrequency));
            list.Add(new PrimitiveSource<long>(Name(genome, Documents), [v.DocumentCount]));
            list.Add(new PrimitiveSource<int>(Name(genome, Offsets), rows.Offsets));
            list.Add(new PrimitiveSource<ushort>(Name(genome, Cols), rows.Cols));
            list.Add(new PrimitiveSource<ushort>(Name(genome, Counts), rows.Counts));
            var (at, counts) = rows.SaturatedCounts();
            list.Add(new PrimitiveSource<int>(Name(genome, SaturatedAt), at));
            list.Add(new PrimitiveSource<int>(Name(genome, SaturatedCounts), counts));
        }
    }

    /// <summary>Kind and element size of a fits column (size 0 with kind 0: not one this version knows).</summary>
    public static (ColumnKind Kind, int Size) Expected(string column)
    {
        if (column == Key) return (ColumnKind.Strings, 0);
        int dot = column.LastIndexOf('.');
        string genome = column[Prefix.Length..Math.Max(Prefix.Length, dot)];
        if (dot < 0 || Array.IndexOf(Genomes, genome) < 0) return (0, 0);
        return column[(dot + 1)..] switch
        {
            TermBytes => (ColumnKind.Primitive, 1),
            Cols or Counts => (ColumnKind.Primitive, 2),
            TermLengths or DocumentFrequency or Offsets or SaturatedAt or SaturatedCounts => (ColumnKind.Primitive, 4),
            Hashes or TermFrequency or Documents => (ColumnKind.Primitive, 8),
            _ => (0, 0),
        };
    }

    public static ColumnTarget Target(string column, long length) => column == Key ? new StringTarget(length)
        : column[(column.LastIndexOf('.') + 1)..] switch
        {
            TermBytes => new PrimitiveTarget<byte>(length),
            Cols or Counts => new PrimitiveTarget<ushort>(length),
            Hashes => new PrimitiveTarget<ulong>(length),
            TermFrequency or Documents => new PrimitiveTarget<long>(length),
            _ => new PrimitiveTarget<int>(length),
        };

    /// <summary>The stored fits, or null when the snapshot has none (or only some of their columns: an interrupted
    /// format, fitted again at analysis time). Shapes are checked; a bad shape is a <see cref="MalformedChunkException"/>.</summary>
    public static StoredFits? Assemble(IReadOnlyDictionary<string, ColumnTarget> columns)
    {
        if (!columns.TryGetValue(Key, out var key) || ((StringTarget)key).Values is not [string k]) return null;
        var genomes = new FittedGenome[Genomes.Length];
        try
        {
            for (int g = 0; g < Genomes.Length; g++)
            {
                string genome = Genomes[g];
                T[] Get<T>(string part) where T : unmanaged => columns.TryGetValue(Name(genome, part), out var t)
                    ? ((PrimitiveTarget<T>)t).Values : throw new MalformedChunkException($"column {Name(genome, part)} is missing");
                int[] lengths = Get<int>(TermLengths);
                byte[] bytes = Get<byte>(TermBytes);
                var terms = new byte[lengths.Length][];
                int at = 0;
                for (int c = 0; c < terms.Length; c++)
                {
                    if (lengths[c] < 0 || at + lengths[c] > bytes.Length) throw new MalformedChunkException($"column {Name(genome, TermLengths)} runs past {Name(genome, TermBytes)}");
                    terms[c] = bytes.AsSpan(at, lengths[c]).ToArray();
                    at += lengths[c];
                }
                if (at != bytes.Length) throw new MalformedChunkException($"column {Name(genome, TermBytes)} has {bytes.Length - at} bytes past its terms");
                if (Get<long>(Documents) is not [long documents]) throw new MalformedChunkException($"column {Name(genome, Documents)} is not one value");
                Vocabulary vocabulary = Vocabulary.Restore(terms, Get<ulong>(Hashes), Get<long>(TermFrequency), Get<int>(DocumentFrequency), documents);
                TermCountRows rows = TermCountRows.Restore(Get<int>(Offsets), Get<ushort>(Cols), Get<ushort>(Counts), Get<int>(SaturatedAt),
                    Get<int>(SaturatedCounts), vocabulary.Count);
                genomes[g] = new FittedGenome(vocabulary, rows);
            }
        }
        catch (ArgumentException e) { throw new MalformedChunkException(e.Message); }
        return new StoredFits(k, genomes[0], genomes[1], genomes[2]);
    }
}
