using System.Text;
using Phylo.Store;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Store;

public class SnapshotRoundTripTests
{
    /// <summary>Every field a record can carry, with the awkward values: unknowns (-1, null, UnknownTime), empty and
    /// non-ASCII cards and ids, cards with and without a genome (≥ 512 code points), duplicate and untyped parent links,
    /// dangling parents. With <paramref name="keepCards"/> the table keeps every card data (features, bodies, text).</summary>
    internal static ModelTable EveryFieldTable(bool keepCards = true, int extra = 60)
    {
        var b = new ModelTableBuilder(keepCards ? CardKeep.Features | CardKeep.Bodies | CardKeep.Text : CardKeep.None);
        var full = new ModelRecord
        {
            Id = "org/full", Author = "org", Likes = 12, Downloads = 3_000_000_000L, CreatedAt = 1_700_000_000, PipelineTag = "text-generation",
            LibraryName = "transformers", Licenses = ["apache-2.0", "mit"], Languages = ["English", "French"], Datasets = ["c4"],
            Arxiv = ["2508.06811"], Regions = ["us"], Tags = ["pytorch", "base_model:org/base", "pytorch"], ModelType = "llama", CrawlDepth = 2,
            TrendingScore = 7, Private = 0, CreatedMillis = 123, HubObjectId = "636a251a2ca1d75cb49109ee",
            Card = Encoding.UTF8.GetBytes("# Héllo 👋 wörld\nA card with non-ASCII text, long enough."), SourceFile = "a.csv", Line = 2,
        };
        var unknowns = new ModelRecord
        {
            Id = "ünï/cödé-🙂", Card = [], SourceFile = "a.csv", Line = 3,
            Parents = [new("org/full", RelationMask.Finetune), new("gone/x", RelationMask.Quantized), new("org/full", RelationMask.Merge), new("base/y", RelationMask.None)],
        };
        var auto = new ModelRecord { Id = "org/auto", Author = "org", Card = Encoding.UTF8.GetBytes("This model card was Automatically Generated."), SourceFile = "b.jsonl", Line = 1 };
        var tiny = new ModelRecord { Id = "x", Card = "abc"u8.ToArray(), CreatedAt = 0, Likes = -1, SourceFile = "b.jsonl", Line = 2 };
        foreach (var r in new[] { full, unknowns, auto, tiny }) Assert.Null(b.Add(r));
        var rng = new Random(5);
        for (int i = 0; i < extra; i++)
        {
            var r = new ModelRecord
            {
                Id = $"org{i % 7}/m-{i}", Author = i % 3 == 0 ? null : $"org{i % 7}", Likes = rng.Next(), Downloads = rng.NextInt64(),
                CreatedAt = i % 5 == 0 ? ModelRecord.UnknownTime : 1_600_000_000 + i, PipelineTag = i % 2 == 0 ? "fill-mask" : null,
                Licenses = [$"lic{i % 4}"], Tags = [$"t{i % 9}", $"t{(i + 1) % 9}"], ModelType = i % 4 == 0 ? null : "bert", SourceFile = "c.csv", Line = i + 2,
                Card = i % 6 == 0 ? null : Encoding.UTF8.GetBytes((i % 4 == 1 ? "---\nbase_model: x\n---\n" : "") + new string('é', rng.Next(1, 900)) + $" card {i} ✓"),
            };
            if (i > 0) r.Parents.Add(new($"org{(i - 1) % 7}/m-{i - 1}", (RelationMask)(1 << (i % 4))));
            Assert.Null(b.Add(r));
        }
        return b.Build();
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"phylo-test-{Guid.NewGuid():N}.phylo");

    [Theory]
    [InlineData(64)]          // every column cut into many slices, cards cut mid-character
    [InlineData(1 << 24)]     // one slice per column
    public void Every_column_survives_a_round_trip(long sliceBytes)
    {
        var table = EveryFieldTable();
        Assert.True(table.DuplicateParentLinks > 0);
        string path = TempPath();
        try
        {
            Snapshot.Write(table, path, null, threads: 2, chunkDone: null, sliceBytes);
            TableAssert.Equal(table, Snapshot.Read(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_table_without_cards_round_trips_and_cards_can_be_skipped_on_load()
    {
        string path = TempPath(), withCards = TempPath();
        try
        {
            var noCards = EveryFieldTable(keepCards: false);
            Snapshot.Write(noCards, path);
            TableAssert.Equal(noCards, Snapshot.Read(path));

            Snapshot.Write(EveryFieldTable(), withCards);
            TableAssert.Equal(noCards, Snapshot.Load(withCards, cards: false).Table);
        }
        finally { File.Delete(path); File.Delete(withCards); }
    }

    [Fact]
    public void Provenance_round_trips()
    {
        string path = TempPath();
        var provenance = new SnapshotProvenance(
            [new("dir/a.csv", InputFormat.PublishedCsv, "published CSV", 1234, 10, 9), new("b.jsonl", InputFormat.HubJsonl, "Hub", 5, 1, 1)],
            [new("dir/a.csv", 7, RejectReasons.BadListLiteral, "['x, \"ü\"", RowDropped: false), new("dir/a.csv", 9, RejectReasons.DuplicateId, "org/a")]);
        try
        {
            Snapshot.Write(EveryFieldTable(extra: 0), path, provenance);
            var loaded = Snapshot.Load(path).Provenance!;
            Assert.Equal(provenance.Inputs, loaded.Inputs);
            Assert.Equal(provenance.Rejections, loaded.Rejections);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Cards_decode_into_a_multi_chunk_pool_with_oversized_items()
    {
        int[] lengths = [3, 0, 5, 20, 0, 2, 7];
        var builder = new Utf8Pool.Builder();
        var rng = new Random(3);
        foreach (int l in lengths)
        {
            var bytes = new byte[l];
            rng.NextBytes(bytes);
            builder.Add(bytes);
        }
        var pool = builder.Build();
        long[] sizes = CardLayout.Plan(lengths, null, chunkBytes: 8);
        Assert.Equal([8L, 20, 2, 7], sizes);

        var source = new CardSource("cards", pool, sizes);
        var target = new CardTarget(sizes, chunkBytes: 8);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var (first, count) in source.Slices(3))
        {
            buffer.ResetWrittenCount();
            var w = new MessagePack.MessagePackWriter(buffer);
            source.Encode(first, count, ref w);
            w.Flush();
            var destination = target.Destination(first, count);
            Assert.Equal(count, buffer.WrittenCount);
            buffer.WrittenSpan.CopyTo(destination);
        }
        var loaded = target.Build(lengths);
        for (int i = 0; i < lengths.Length; i++) Assert.True(pool[i].SequenceEqual(loaded[i]), $"card {i}");
    }

    [RealDataFact]
    public void The_real_family_crawls_round_trip()
    {
        var table = TestIngest.Run(RealData.FamilyFiles()).Table;
        string path = TempPath();
        try
        {
            Snapshot.Write(table, path, null, threads: 2, chunkDone: null, sliceBytes: 1 << 16);
            TableAssert.Equal(table, Snapshot.Read(path));
        }
        finally { File.Delete(path); }
    }
}
