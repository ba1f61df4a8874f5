using System.Text;

namespace Phylo.Tests.Infrastructure;

/// <summary>Builds small files in the published CSV layout for tests (hand-written rows, explicit quoting).</summary>
public sealed class PublishedCsv
{
    public const string Header =
        ",model_id,likes,trendingScore,private,downloads,tags,pipeline_tag,library_name,createdAt,regions,licenses," +
        "arxiv_papers,datasets,parent_model,finetune_parent,quantized_parent,adapter_parent,merge_parent,languages," +
        "modelCard,ratelimit_retries,exception_raised";

    private readonly StringBuilder _sb = new StringBuilder(Header).Append('\n');
    private int _index;

    /// <summary>Adds a row; list arguments are Python list literals as written in the file (before CSV quoting).</summary>
    public PublishedCsv Row(string id, string parents = "[]", string finetune = "[]", string quantized = "[]",
        string adapter = "[]", string merge = "[]", string licenses = "[]", string languages = "[]", string? card = null,
        string tags = "[]", string pipeline = "text-generation", string library = "transformers", long likes = 1, long downloads = 10,
        string created = "2024-01-16 18:56:57+00:00", string arxiv = "[]", string datasets = "[]")
    {
        string[] fields =
        [
            (_index++).ToString(System.Globalization.CultureInfo.InvariantCulture), id, likes.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "False",
            downloads.ToString(System.Globalization.CultureInfo.InvariantCulture), tags, pipeline, library, created, "['us']", licenses, arxiv, datasets,
            parents, finetune, quantized, adapter, merge, languages, card ?? "", "0", "",
        ];
        _sb.Append(string.Join(',', fields.Select(Quote))).Append('\n');
        return this;
    }

    /// <summary>Appends raw text (to build broken files).</summary>
    public PublishedCsv Raw(string text)
    {
        _sb.Append(text);
        return this;
    }

    public override string ToString() => _sb.ToString();

    public static string Quote(string v) =>
        v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
}
