using System.Text;
using Phylo.Ingest.Parsing;
using Phylo.Table;

namespace Phylo.Tests.Ingest.Parsing;

public class HubRecordMapperTests
{
    private static ModelRecord Map(string json)
    {
        var r = new ModelRecord();
        Assert.True(HubRecordMapper.TryFill(Encoding.UTF8.GetBytes(json), r, out var reason), reason);
        Assert.Null(reason);
        return r;
    }

    private static string Reject(string json)
    {
        Assert.False(HubRecordMapper.TryFill(Encoding.UTF8.GetBytes(json), new ModelRecord(), out var reason));
        Assert.NotNull(reason);
        return reason!;
    }

    private const string ApiForm = """
        {"_id":"65a","id":"acme/tiny-llama-ft","modelId":"ignored/other","author":"acme","likes":12,"downloads":3456,
         "createdAt":"2024-01-16T18:56:57.000Z","pipeline_tag":"text-generation","library_name":"transformers",
         "tags":["transformers","safetensors","llama","text-generation","en","fr","xx","license:apache-2.0","license:mit",
                 "dataset:acme/data","arxiv:2508.06811","region:us","base_model:meta-llama/Llama-2-7b-hf",
                 "base_model:finetune:meta-llama/Llama-2-7b-hf","base_model:adapter:acme/lora","base_model:quantized:acme/q",
                 "base_model:merge:acme/m1","license:apache-2.0"],
         "cardData":{"license":["apache-2.0","cc-by-4.0"],"language":["de","en","yue"],"datasets":"acme/data2",
                     "base_model":["meta-llama/Llama-2-7b-hf","https://huggingface.co/acme/other"],"base_model_relation":"finetune",
                     "widget":[{"text":"hi"}]},
         "config":{"architectures":["LlamaForCausalLM"],"model_type":"llama","tokenizer_config":{"model_type":"nope"}},
         "siblings":[{"rfilename":"config.json"},{"rfilename":"model.safetensors"}],
         "card":"---\nlicense: apache-2.0\n---\n# Tiny \u00e9 \ud83d\ude42 \"quoted\"\n"}
        """;

    [Fact]
    public void Maps_the_api_form()
    {
        var r = Map(ApiForm);
        Assert.Equal("acme/tiny-llama-ft", r.Id);
        Assert.Equal("acme", r.Author);
        Assert.Equal(12, r.Likes);
        Assert.Equal(3456, r.Downloads);
        Assert.Equal(1705431417, r.CreatedAt);
        Assert.Equal("text-generation", r.PipelineTag);
        Assert.Equal("transformers", r.LibraryName);
        Assert.Equal("llama", r.ModelType);
        Assert.Equal(18, r.Tags.Count);
        Assert.Equal(["apache-2.0", "mit", "cc-by-4.0"], r.Licenses);
        Assert.Equal(["German", "English", "French"], r.Languages);
        Assert.Equal(["acme/data", "acme/data2"], r.Datasets);
        Assert.Equal(["2508.06811"], r.Arxiv);
        Assert.Equal(["us"], r.Regions);
        Assert.Equal(
        [
            new ParentRef("meta-llama/Llama-2-7b-hf", RelationMask.Bare),
            new ParentRef("meta-llama/Llama-2-7b-hf", RelationMask.Finetune),
            new ParentRef("acme/lora", RelationMask.Adapter),
            new ParentRef("acme/q", RelationMask.Quantized),
            new ParentRef("acme/m1", RelationMask.Merge),
            new ParentRef("meta-llama/Llama-2-7b-hf", RelationMask.Finetune),
            new ParentRef("acme/other", RelationMask.Finetune),
        ], r.Parents);
        Assert.Equal("---\nlicense: apache-2.0\n---\n# Tiny é 🙂 \"quoted\"\n", Encoding.UTF8.GetString(r.Card!));
    }

    /// <summary>The crawl CSVs' metadata form: snake_case keys, card_data and cardData as YAML strings.</summary>
    [Fact]
    public void Maps_the_crawl_form_with_yaml_card_data()
    {
        const string yaml = "base_model:\\n- THUDM/CogVideoX-5b\\ndatasets:\\n  - 'BAAI/Infinity-Instruct'\\nlanguage:\\n- am\\n- \\\"en\\\" # English\\n"
            + "license: other\\nlicense_name: cogvideox-license\\nbase_model_relation: adapter\\ntags:\\n- es\\nwidget:\\n- text: fr\\n";
        string json = $$"""
            {"id":"x/y","author":"x","created_at":"2024-09-12 08:01:02+00:00","downloads":null,"likes":3.0,
             "library_name":null,"pipeline_tag":"","tags":["license:other","region:us"],
             "card_data":"{{yaml}}","config":null,"siblings":[],"cardData":"{{yaml}}","lastModified":"2024-09-13 00:00:00+00:00"}
            """;
        var r = Map(json);
        Assert.Equal("x/y", r.Id);
        Assert.Equal(0, r.Downloads);
        Assert.Equal(3, r.Likes);
        Assert.Equal(1726128062, r.CreatedAt);
        Assert.Null(r.LibraryName);
        Assert.Null(r.PipelineTag);
        Assert.Null(r.ModelType);
        Assert.Null(r.Card);
        Assert.Equal(["other"], r.Licenses);
        Assert.Equal(["Amharic", "English"], r.Languages);
        Assert.Equal(["BAAI/Infinity-Instruct"], r.Datasets);
        Assert.Equal([new ParentRef("THUDM/CogVideoX-5b", RelationMask.Adapter)], r.Parents);
    }

    [Theory]
    [InlineData("license: [mit, 'apache-2.0', \"cc-by-4.0\"]", new[] { "mit", "apache-2.0", "cc-by-4.0" })]
    [InlineData("license: 'it''s'", new[] { "it's" })]
    [InlineData("license:\n  - mit\n  - gpl-3.0\nother: x", new[] { "mit", "gpl-3.0" })]
    [InlineData("license: null", new string[0])]
    [InlineData("license: |\n  some text", new string[0])]
    [InlineData("license:\n- name: x\n- mit", new[] { "mit" })]
    [InlineData("---\nlicense: mit\r\n---", new[] { "mit" })]
    [InlineData("'license': mit", new[] { "mit" })]
    [InlineData("model-index:\n- name: m\n  license: nope\nlicense: bsd", new[] { "bsd" })]
    public void Reads_the_yaml_subset(string yaml, string[] licenses)
    {
        var r = Map($$"""{"id":"a/b","cardData":{{System.Text.Json.JsonSerializer.Serialize(yaml)}}}""");
        Assert.Equal(licenses, r.Licenses);
    }

    [Fact]
    public void Id_falls_back_to_modelId_and_author_to_the_owner()
    {
        var r = Map("""{"modelId":" https://huggingface.co/Org/Name/tree/main ","tags":null}""");
        Assert.Equal("Org/Name", r.Id);
        Assert.Equal("Org", r.Author);
        Assert.Equal(ModelRecord.UnknownTime, r.CreatedAt);
        Assert.Empty(r.Tags);
        Assert.Null(Map("""{"id":"gpt2"}""").Author);
    }

    [Fact]
    public void First_non_null_card_data_wins_and_a_single_string_base_model_is_untyped()
    {
        var r = Map("""{"id":"a/b","card_data":null,"cardData":{"base_model":"c/d","language":"EN"},"card":null}""");
        Assert.Equal([new ParentRef("c/d", RelationMask.None)], r.Parents);
        Assert.Equal(["English"], r.Languages);
        Assert.Null(r.Card);
    }

    [Fact]
    public void Unparsable_dates_and_odd_types_are_ignored_not_fatal()
    {
        var r = Map("""{"id":"a/b","createdAt":"yesterday","created_at":"2024-01-16","likes":"7","downloads":[1],"tags":["en",5,{"x":1},"base_model:","base_model:finetune:"],"config":{"model_type":1}}""");
        Assert.Equal(1705363200, r.CreatedAt);
        Assert.Equal(7, r.Likes);
        Assert.Equal(0, r.Downloads);
        Assert.Equal(["en", "base_model:", "base_model:finetune:"], r.Tags);
        Assert.Empty(r.Parents);
        Assert.Null(r.ModelType);
    }

    [Theory]
    [InlineData("", RejectReasons.BadJson)]
    [InlineData("N/A", RejectReasons.MetadataNa)]
    [InlineData("[1,2]", RejectReasons.BadJson)]
    [InlineData("\"a/b\"", RejectReasons.BadJson)]
    [InlineData("{\"id\":\"a/b\"", RejectReasons.BadJson)]
    [InlineData("{\"id\":\"a/b\"} x", RejectReasons.BadJson)]
    [InlineData("{\"id\":\"a/b\"}{}", RejectReasons.BadJson)]
    [InlineData("{\"id\":\"a/b\",\"likes\":NaN}", RejectReasons.BadJson)]
    [InlineData("{\"id\":\"a/b\",\"x\":Infinity}", RejectReasons.BadJson)]
    [InlineData("{'id':'a/b'}", RejectReasons.BadJson)]
    [InlineData("{\"id\":\"a/b\",}", RejectReasons.BadJson)]
    [InlineData("{}", RejectReasons.MissingId)]
    [InlineData("{\"id\":null,\"modelId\":\"  \"}", RejectReasons.MissingId)]
    [InlineData("{\"id\":42}", RejectReasons.MissingId)]
    public void Rejects_unusable_input(string json, string reason) => Assert.Equal(reason, Reject(json));

    [Fact]
    public void Invalid_utf8_in_a_card_is_replaced_not_fatal()
    {
        byte[] json = [.. "{\"id\":\"a/b\",\"card\":\"x"u8, 0xC3, 0x28, .. "y\"}"u8];
        var r = new ModelRecord();
        bool ok = HubRecordMapper.TryFill(json, r, out var reason);
        // System.Text.Json may reject invalid UTF-8 outright; either way it must not throw or yield invalid bytes.
        if (ok) Assert.True(System.Text.Unicode.Utf8.IsValid(r.Card));
        else Assert.Contains(reason, new[] { RejectReasons.InvalidUtf8, RejectReasons.BadJson });
    }

    [Fact]
    public void Deeply_nested_skipped_values_do_not_fail()
    {
        string deep = new string('[', 200) + new string(']', 200);
        Assert.Equal("a/b", Map($$"""{"siblings":{{deep}},"id":"a/b"}""").Id);
    }
}
