using System.Text;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Ingest;

/// <summary>docs/engine.md §9: bad input never crashes a run and is never dropped silently.</summary>
public class BadInputTests
{
    private static PublishedCsv Good() => new PublishedCsv()
        .Row("org/base", licenses: "['llama3']", languages: "['English', 'French']", card: "# Base\nA model, with \"quotes\".")
        .Row("org/child", parents: "['org/base']", finetune: "['org/base']", licenses: "['apache-2.0']");

    [Fact]
    public void Published_rows_map_every_column()
    {
        var r = TestIngest.Run(TestIngest.TempFile(Good().ToString()));
        var t = r.Table;
        Assert.Equal(2, t.Count);
        Assert.True(t.TryGetIndex("org/child", out int child));
        Assert.Equal(["apache-2.0"], Names(t, TraitKind.License, child));
        Assert.Equal(["English", "French"], Names(t, TraitKind.Language, 0));
        Assert.Equal("# Base\nA model, with \"quotes\".", t.Cards!.GetString(0));
        Assert.Equal(1, r.Graph.EdgeCount);
        Assert.Equal(EdgeType.Finetune, r.Graph.EdgeTypes[0]);
        Assert.Equal(new DateTimeOffset(2024, 1, 16, 18, 56, 57, TimeSpan.Zero).ToUnixTimeSeconds(), t.CreatedAt[0]);
        Assert.Equal(0, r.Rejects.Total);
    }

    [Fact]
    public void Truncated_file_keeps_the_complete_rows_and_rejects_the_cut_one()
    {
        string text = Good().ToString();
        string cut = text[..(text.Length - 30)]; // the last row loses its trailing fields
        var r = TestIngest.Run(TestIngest.TempFile(cut));
        Assert.Equal(1, r.Table.Count);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.FieldCount]);
        Assert.Contains("field-count", r.RejectedCsv, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbalanced_quote_at_end_is_rejected_with_its_line()
    {
        string text = Good().ToString() + "2,org/broken,1,0,False,1,[],x,y,2024-01-01,[],[],[],[],[],[],[],[],[],[],\"card never closed\n,0,\n";
        var r = TestIngest.Run(TestIngest.TempFile(text));
        Assert.Equal(2, r.Table.Count);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.UnbalancedQuote]);
        Assert.Contains(",5,unbalanced-quote,", r.RejectedCsv, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_counted_and_the_row_kept()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(new PublishedCsv().Row("org/a", card: "before XX after").ToString()));
        int at = IndexOf(bytes, "XX"u8);
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xC3; // lone lead byte
        var r = TestIngest.Run(TestIngest.TempFile(bytes.ToArray()));
        Assert.Equal(1, r.Table.Count);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.InvalidUtf8]);
        Assert.Equal(0, r.Rejects.RowsDropped);
        Assert.Contains('\uFFFD', r.Table.Cards!.GetString(0));
    }

    [Fact]
    public void Broken_list_literal_is_counted_and_the_row_kept_without_that_list()
    {
        var csv = new PublishedCsv().Row("org/a", licenses: "['mit', 'apache", languages: "['English']");
        var r = TestIngest.Run(TestIngest.TempFile(csv.ToString()));
        Assert.Equal(1, r.Table.Count);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.BadListLiteral]);
        Assert.Equal(0, r.Table[TraitKind.License].CountOf(0));
        Assert.Equal(["English"], Names(r.Table, TraitKind.Language, 0));
    }

    [Fact]
    public void Fifty_megabyte_card_survives_intact()
    {
        var card = new StringBuilder(50 << 20);
        var line = "A line of a very long card, with a comma and a \"quote\".\n";
        while (card.Length < 50 << 20) card.Append(line);
        var csv = new PublishedCsv().Row("org/big", card: card.ToString()).Row("org/after", parents: "['org/big']");
        var r = TestIngest.Run([TestIngest.TempFile(csv.ToString())], chunkBytes: 1 << 20);
        Assert.Equal(2, r.Table.Count);
        Assert.Equal(card.Length, r.Table.CardChars[0]);
        Assert.Equal(Encoding.UTF8.GetByteCount(card.ToString()), r.Table.Cards!.LengthOf(0));
        Assert.Equal(1, r.Graph.EdgeCount);
    }

    [Fact]
    public void Duplicate_ids_keep_the_first_row_and_count_the_rest()
    {
        var csv = new PublishedCsv().Row("org/a", licenses: "['mit']").Row("org/b").Row("org/a", licenses: "['gpl-3.0']");
        var r = TestIngest.Run(TestIngest.TempFile(csv.ToString()));
        Assert.Equal(2, r.Table.Count);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.DuplicateId]);
        Assert.Equal(["mit"], Names(r.Table, TraitKind.License, 0));
    }

    [Fact]
    public void Parent_cycle_and_self_parent_are_counted_and_broken()
    {
        var csv = new PublishedCsv()
            .Row("org/a", parents: "['org/b']", finetune: "['org/b']")
            .Row("org/b", parents: "['org/a']", finetune: "['org/a']")
            .Row("org/self", parents: "['org/self']");
        var r = TestIngest.Run(TestIngest.TempFile(csv.ToString()));
        Assert.Equal(1, r.Graph.Stats.CyclesBroken);
        Assert.Equal(1, r.Graph.Stats.SelfLinks);
        Assert.Equal(1, r.Graph.EdgeCount);
        Assert.Equal(-1, r.Graph.ForestParent[2]);
    }

    [Fact]
    public void Empty_file_is_a_clear_error()
    {
        var e = Assert.Throws<PhyloInputException>(() => TestIngest.Run(TestIngest.TempFile("")));
        Assert.Contains("empty file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_file_is_a_clear_error()
    {
        var e = Assert.Throws<PhyloInputException>(() => TestIngest.Run(TestIngest.TempFile(PublishedCsv.Header + "\n")));
        Assert.Contains("no usable model rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_layout_names_the_file_and_line()
    {
        string path = TestIngest.TempFile("a,b,c\n1,2,3\n");
        var e = Assert.Throws<PhyloInputException>(() => TestIngest.Run(path));
        Assert.StartsWith(path + ":1: unknown layout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_stops_at_the_first_bad_row_with_file_and_line()
    {
        var csv = Good().Raw("2,org/short,1\n").Row("org/later");
        string path = TestIngest.TempFile(csv.ToString());
        var e = Assert.Throws<PhyloInputException>(() => TestIngest.Run([path], strict: true));
        Assert.Equal($"{path}:5: field-count", e.Message); // the base row's card spans lines 2-3
    }

    [Fact]
    public void Crawl_row_with_metadata_NA_is_a_rejected_row()
    {
        string text = "model_id,metadata,depth,children_count,children\n" +
                      "https://huggingface.co/org/ok,\"{\"\"id\"\": \"\"org/ok\"\", \"\"tags\"\": []}\",0,0,\n" +
                      "https://huggingface.co/org/failed,N/A,1,0,\n";
        var r = TestIngest.Run(TestIngest.TempFile(text));
        Assert.Equal(1, r.Table.Count);
        Assert.Equal("org/ok", r.Table.Ids[0]);
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.MetadataNa]);
    }

    [Fact]
    public void Hub_json_lines_are_read_with_their_parents()
    {
        string text =
            "{\"id\":\"org/base\",\"tags\":[\"license:mit\",\"en\"],\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"card\":\"# hi\"}\n" +
            "\n" +
            "{\"modelId\":\"org/kid\",\"tags\":[\"base_model:org/base\",\"base_model:quantized:org/base\"]}\n" +
            "{not json}\n";
        var r = TestIngest.Run(TestIngest.TempFile(text, ".jsonl"));
        Assert.Equal(2, r.Table.Count);
        Assert.Equal(1, r.Graph.EdgeCount);
        Assert.Equal(EdgeType.Quantized, r.Graph.EdgeTypes[0]);
        Assert.Equal("# hi", r.Table.Cards!.GetString(0));
        Assert.Equal(1, r.Rejects.ByReason[RejectReasons.BadJson]);
        Assert.Contains(",4,bad-json,", r.RejectedCsv, StringComparison.Ordinal);
    }

    private static string[] Names(ModelTable t, TraitKind kind, int model)
    {
        var col = t[kind];
        var ids = col[model].ToArray();
        return ids.Select(i => col.Vocabulary[i]).Order(StringComparer.Ordinal).ToArray();
    }

    private static int IndexOf(List<byte> hay, ReadOnlySpan<byte> needle) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hay).IndexOf(needle);
}
