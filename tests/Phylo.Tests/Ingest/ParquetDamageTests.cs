using ParquetSharp;
using Phylo.Ingest.Pipeline;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Ingest;

/// <summary>
/// A Parquet row group damaged part-way: the group is read <see cref="Ingestor.SliceRows"/> rows at a time, so the slices
/// before the damaged page are kept and the rest of the group is one <c>bad-row-group</c> rejection at the first row of
/// the slice that failed; the groups after it are read as usual.
/// </summary>
public class ParquetDamageTests
{
    private const int Rows = 6_000; // group 0: slices at 0, 2048, 4096
    private const int DamagedRow = 3_000; // inside slice 1

    /// <summary>One row group of <see cref="Rows"/> rows (model id and card, Snappy pages of ~8 KiB, so the card column has
    /// many pages) and a second group of 100 rows; returns the file and where group 0's card column chunk lies.</summary>
    private static (string Path, long CardStart, long CardBytes) Write()
    {
        string path = TestIngest.TempFile([], ".parquet");
        string[] words = ["model", "card", "fine", "tuned", "from", "base", "weights", "license", "train", "data"];
        var rng = new Random(19); // compressible text, so a page is mostly back-references: damage breaks its decoding
        string Card(int i) => $"card of model {i}: " + string.Join(' ', Enumerable.Range(0, 30).Select(_ => words[rng.Next(words.Length)]));
        using (var properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).DisableDictionary().DataPagesize(8 * 1024).Build())
        using (var writer = new ParquetFileWriter(path, [new Column<string>("model_id"), new Column<string>("modelCard")], properties))
        {
            foreach (var (first, count) in new[] { (0, Rows), (Rows, 100) })
            {
                using var group = writer.AppendRowGroup();
                using (var ids = group.NextColumn().LogicalWriter<string>())
                    ids.WriteBatch([.. Enumerable.Range(first, count).Select(i => $"org/m{i:D5}")]);
                using (var cards = group.NextColumn().LogicalWriter<string>())
                    cards.WriteBatch([.. Enumerable.Range(first, count).Select(Card)]);
            }
            writer.Close();
        }
        using var reader = new ParquetFileReader(path);
        using var g0 = reader.RowGroup(0);
        using var idChunk = g0.MetaData.GetColumnChunkMetaData(0);
        using var cardChunk = g0.MetaData.GetColumnChunkMetaData(1);
        return (path, 4 + idChunk.TotalCompressedSize, cardChunk.TotalCompressedSize); // the chunks follow "PAR1" in column order
    }

    [Fact]
    public void A_row_group_damaged_part_way_keeps_the_slices_before_the_damage()
    {
        var (path, cardStart, cardBytes) = Write();
        var whole = TestIngest.Run(path);
        Assert.Equal(Rows + 100, whole.Table.Count);
        Assert.Equal(0, whole.Rejects.Total);

        byte[] bytes = File.ReadAllBytes(path);
        long at = cardStart + cardBytes * DamagedRow / Rows; // the cards are of about equal length
        bytes.AsSpan((int)at, 512).Fill(0xFF);                // a page's compressed data (or header) overwritten
        string damaged = TestIngest.TempFile(bytes, ".parquet");
        var r = TestIngest.Run(damaged);

        int kept = Ingestor.SliceRows;
        Assert.Equal(1, r.Rejects.Total);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.BadRowGroup]);
        Assert.Contains($"{Path.GetFileName(damaged)},0:{kept},bad-row-group,true,", r.RejectedCsv, StringComparison.Ordinal);
        Assert.Equal(kept + 100, r.Table.Count);              // slice 0 of group 0, and all of group 1
        Assert.Equal(whole.Table.Ids.Take(kept).Concat(whole.Table.Ids.Skip(Rows)), r.Table.Ids);
    }
}
