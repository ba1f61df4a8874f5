using System.IO.Hashing;
using System.Runtime.InteropServices;
using Phylo.Analyses.Similarity;
using Phylo.Kernels;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

/// <summary>The similarity fits <c>phylo ingest</c> stores (<see cref="StoredFits"/>): read back from a snapshot they make
/// the genomes fitting makes, bit for bit; the stage reads them only under the current key and tie-break; a change to
/// what the fits compute is caught here (bump <see cref="GenomeFeatures.StoredFitsVersion"/>).</summary>
public sealed class StoredFitsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"phylo-fits-{Guid.NewGuid():N}");

    public StoredFitsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ModelTable WrittenAndLoaded(ModelTable table, StoredFits? fits, CardKeep load = CardKeep.Features | CardKeep.Fits)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.phylo");
        table.Fits = fits;
        try
        {
            Snapshot.Write(table, path, threads: 2);
        }
        finally { table.Fits = null; }
        return Snapshot.Load(path, 2, load).Table;
    }

    private static void AssertSameGenome(VectorGenome expected, VectorGenome actual)
    {
        Assert.Equal(expected.Vocabulary.Terms, actual.Vocabulary.Terms);
        Assert.Equal(expected.Vocabulary.Hashes, actual.Vocabulary.Hashes);
        Assert.Equal(expected.Vocabulary.TermFrequency, actual.Vocabulary.TermFrequency);
        Assert.Equal(expected.Vocabulary.DocumentFrequency, actual.Vocabulary.DocumentFrequency);
        Assert.Equal(expected.Vocabulary.DocumentCount, actual.Vocabulary.DocumentCount);
        Assert.Equal(Bits(expected.Vocabulary.Idf), Bits(actual.Vocabulary.Idf));
        Assert.Equal(expected.RowOf, actual.RowOf);
        Assert.Equal(expected.Counts.Offsets, actual.Counts.Offsets);
        Assert.Equal(expected.Counts.Cols, actual.Counts.Cols);
        Assert.Equal(expected.Counts.Counts, actual.Counts.Counts);
        Assert.Equal(Bits(expected.TfIdfNorm), Bits(actual.TfIdfNorm));
        Assert.Equal(Bits(expected.BowNorm), Bits(actual.BowNorm));
        Assert.Equal(Bits(expected.TfIdfInverseNorm), Bits(actual.TfIdfInverseNorm));
        Assert.Equal(Bits(expected.BowInverseNorm), Bits(actual.BowInverseNorm));
    }

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);

    private static void AssertSameFeatures(GenomeFeatures expected, GenomeFeatures actual)
    {
        AssertSameGenome(expected.Card, actual.Card);
        AssertSameGenome(expected.Metadata, actual.Metadata);
        AssertSameGenome(expected.MetadataClean, actual.MetadataClean);
    }

    /// <summary>The fits with one count of the metadata genome raised by one: shape-valid, and visibly not the table's.</summary>
    private static StoredFits Altered(StoredFits fits, string? key = null)
    {
        TermCountRows m = fits.Metadata.Counts;
        ushort[] counts = (ushort[])m.Counts.Clone();
        counts[0]++;
        var (at, large) = m.SaturatedCounts();
        var rows = TermCountRows.Restore(m.Offsets, m.Cols, counts, at, large, m.ColumnCount);
        return fits with { Key = key ?? fits.Key, Metadata = new FittedGenome(fits.Metadata.Vocabulary, rows) };
    }

    [Fact]
    public void Fits_read_back_from_a_snapshot_make_the_genomes_that_fitting_makes()
    {
        var (t, _) = SimilarityFixtures.Planted(600, 23);
        StoredFits fits = GenomeFeatures.Fit(t, 2);
        ModelTable loaded = WrittenAndLoaded(t, fits);
        Assert.NotNull(loaded.Fits);
        Assert.Equal(GenomeFeatures.StoredFitsKey, loaded.Fits!.Key);
        AssertSameFeatures(GenomeFeatures.Build(t, 1), GenomeFeatures.Build(loaded, 2));
    }

    [Fact]
    public void The_stage_reads_stored_fits_under_the_current_key_and_fits_again_under_another()
    {
        var (t, _) = SimilarityFixtures.Planted(400, 5);
        StoredFits fits = GenomeFeatures.Fit(t, 1);
        GenomeFeatures fitted = GenomeFeatures.Build(t, 1);

        // Read: the altered count shows up in the rows the stage uses.
        GenomeFeatures read = GenomeFeatures.Build(WrittenAndLoaded(t, Altered(fits)), 1);
        Assert.NotEqual(fitted.Metadata.Counts.Counts, read.Metadata.Counts.Counts);
        Assert.Equal(fitted.Metadata.Counts.Counts[0] + 1, read.Metadata.Counts.Counts[0]);
        AssertSameGenome(fitted.Card, read.Card);

        // A stale key, numpy's tie-break, or a load that did not ask for them: fitted again from the table.
        AssertSameFeatures(fitted, GenomeFeatures.Build(WrittenAndLoaded(t, Altered(fits, key: "similarity fits 0")), 1));
        AssertSameFeatures(GenomeFeatures.Build(t, 1, null, null, TraitGenome.Build(t), TieBreak.NumpyQuicksort),
            GenomeFeatures.Build(WrittenAndLoaded(t, Altered(fits)), 1, null, null, TraitGenome.Build(t), TieBreak.NumpyQuicksort));
        Assert.Null(WrittenAndLoaded(t, fits, CardKeep.Features).Fits);
        Assert.Null(WrittenAndLoaded(t, null).Fits);
    }

    [Fact]
    public void Fits_that_do_not_match_the_table_are_refused_in_one_line()
    {
        var (t, _) = SimilarityFixtures.Planted(400, 5);
        var (other, _) = SimilarityFixtures.Planted(300, 6);
        StoredFits fits = GenomeFeatures.Fit(other, 1);
        var e = Assert.Throws<PhyloInputException>(() => GenomeFeatures.Build(WrittenAndLoaded(t, fits), 1));
        Assert.Contains("run 'phylo ingest' again", e.Message);
    }

    [Fact]
    public void Saturated_counts_survive_the_round_trip_and_malformed_rows_are_refused()
    {
        var sparse = new SparseRows([0, 2, 3], [1, 4, 2], [3f, 70_000f, 65_535f], 5);
        TermCountRows rows = TermCountRows.From(sparse);
        var (at, large) = rows.SaturatedCounts();
        Assert.Equal([1, 2], at);
        Assert.Equal([70_000, 65_535], large);
        TermCountRows back = TermCountRows.Restore(rows.Offsets, rows.Cols, rows.Counts, at, large, 5);
        Assert.Equal(rows.ToSparseRows().Vals, back.ToSparseRows().Vals);
        Assert.True(back.RowSaturates(0) && back.RowSaturates(1));

        Assert.Throws<ArgumentException>(() => TermCountRows.Restore([0, 2, 4], rows.Cols, rows.Counts, at, large, 5));
        Assert.Throws<ArgumentException>(() => TermCountRows.Restore(rows.Offsets, rows.Cols, rows.Counts, at, large, 4));
        Assert.Throws<ArgumentException>(() => TermCountRows.Restore(rows.Offsets, rows.Cols, rows.Counts, [0], [9], 5));
        Assert.Throws<ArgumentException>(() => TermCountRows.Restore([0, 2, 1, 3], [1, 4, 2], rows.Counts, [], [], 5));
        Assert.Throws<ArgumentException>(() => Vocabulary.Restore([[98], [97]], [1, 2], [1, 1], [1, 1], 2));
    }

    /// <summary>Snapshots keep fits across versions of Phylo: if this fails, what the fits compute changed, and stored
    /// fits made before the change are stale. Bump <see cref="GenomeFeatures.StoredFitsVersion"/> (older snapshots are then
    /// fitted again at analysis time), then update the digest here.</summary>
    [Fact]
    public void The_fits_of_a_fixed_table_are_pinned_to_the_stored_fits_version()
    {
        var (t, _) = SimilarityFixtures.Planted(500, 77);
        StoredFits fits = GenomeFeatures.Fit(t, 2);
        var h = new XxHash64();
        foreach (FittedGenome g in new[] { fits.Card, fits.Metadata, fits.MetadataClean })
        {
            foreach (byte[] term in g.Vocabulary.Terms) { h.Append(term); h.Append([0]); }
            h.Append(MemoryMarshal.AsBytes(g.Vocabulary.DocumentFrequency.AsSpan()));
            h.Append(MemoryMarshal.AsBytes(g.Vocabulary.TermFrequency.AsSpan()));
            h.Append(MemoryMarshal.AsBytes(g.Counts.Offsets.AsSpan()));
            h.Append(MemoryMarshal.AsBytes(g.Counts.Cols.AsSpan()));
            h.Append(MemoryMarshal.AsBytes(g.Counts.Counts.AsSpan()));
        }
        Assert.Equal(1, GenomeFeatures.StoredFitsVersion);
        Assert.Equal("a5205f48b372685a", h.GetCurrentHashAsUInt64().ToString("x16"));
    }
}
