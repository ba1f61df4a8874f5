using Phylo.Ingest.Parsing;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Ingest;

/// <summary>The record fields only the study's metadata genome reads survive ingest from every source that has them.</summary>
public class HubRecordColumnsTests
{
    private static string[] TagSequence(ModelTable t, int model) =>
        [.. t.Record!.TagsOf(model).ToArray().Select(v => t[TraitKind.Tag].Vocabulary[v])];

    [Fact]
    public void Published_csv_keeps_tag_order_duplicates_trending_and_private()
    {
        var csv = new PublishedCsv()
            .Row("org/a", tags: "['transformers', 'en', 'license:mit', 'en', 'region:us']", created: "2024-01-23T15:06:37.250Z")
            .Row("org/b", tags: "[]");
        var t = TestIngest.Run(TestIngest.TempFile(csv.ToString())).Table;
        Assert.Equal(["transformers", "en", "license:mit", "en", "region:us"], TagSequence(t, 0));
        Assert.Empty(TagSequence(t, 1));
        Assert.Equal(4, t[TraitKind.Tag].CountOf(0)); // the set column stays distinct
        Assert.Equal(0, t.Record!.TrendingScore[0]);   // PublishedCsv writes trendingScore 0, private False
        Assert.Equal(0, t.Record.Private[0]);
        Assert.Equal(250, t.Record.CreatedMillis[0]);
        Assert.Equal(0, t.Record.CreatedMillis[1]);
        Assert.Equal("", t.Record.ObjectIds[0]);       // the published CSV dropped _id
    }

    [Fact]
    public void Hub_json_lines_keep_the_object_id_and_absent_fields_stay_absent()
    {
        string jsonl =
            """{"_id":"65afd5fdaa335c2842e7f33c","id":"Qwen/Qwen1.5-72B","likes":60,"trendingScore":3,"private":false,"downloads":10251,"tags":["b","a","b"],"createdAt":"2024-01-23T15:06:37.000Z","modelId":"Qwen/Qwen1.5-72B"}""" + "\n" +
            """{"id":"org/none","trending_score":null,"tags":[]}""" + "\n";
        var t = TestIngest.Run(TestIngest.TempFile(jsonl, ".jsonl")).Table;
        Assert.True(t.TryGetIndex("Qwen/Qwen1.5-72B", out int q));
        Assert.True(t.TryGetIndex("org/none", out int n));
        Assert.Equal("65afd5fdaa335c2842e7f33c", t.Record!.ObjectIds[q]);
        Assert.Equal(["b", "a", "b"], TagSequence(t, q));
        Assert.Equal(3, t.Record.TrendingScore[q]);
        Assert.Equal(0, t.Record.Private[q]);
        Assert.Equal(HubRecordColumns.Absent, t.Record.TrendingScore[n]);
        Assert.Equal(-1, t.Record.Private[n]);
        Assert.Equal("", t.Record.ObjectIds[n]);
    }

    [Theory]
    [InlineData("2024-01-23T15:06:37Z", 0)]
    [InlineData("2024-01-23T15:06:37.5Z", 500)]
    [InlineData("2024-01-23T15:06:37.05Z", 50)]
    [InlineData("2024-01-23T15:06:37.123456Z", 123)]
    [InlineData("2024-01-23 15:06:37.999+00:00", 999)]
    public void Dates_keep_their_milliseconds(string text, int millis)
    {
        Assert.True(HubDates.TryParse(text, out long seconds, out int ms));
        Assert.Equal(millis, ms);
        Assert.Equal(new DateTimeOffset(2024, 1, 23, 15, 6, 37, TimeSpan.Zero).ToUnixTimeSeconds(), seconds);
    }

    [RealDataFact]
    public void Real_crawl_metadata_carries_object_ids()
    {
        var t = TestIngest.Run(Path.Combine(RealData.FamiliesDir, "openjourney.csv")).Table;
        Assert.True(t.TryGetIndex("prompthero/openjourney", out int m));
        Assert.Equal("636a251a2ca1d75cb49109ee", t.Record!.ObjectIds[m]);
        Assert.Equal(0, t.Record.Private[m]);
        Assert.Equal(10, t.Record.TagsOf(m).Length);
    }
}
