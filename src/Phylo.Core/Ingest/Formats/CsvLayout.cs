using Phylo.Table;

namespace Phylo.Ingest.Formats;

/// <summary>
/// Column positions found in a CSV header. Absent columns are -1. Column names are matched exactly
/// (after trimming), so the unnamed pandas index column is simply ignored.
/// </summary>
public sealed class CsvLayout
{
    public InputFormat Format { get; private init; }
    public int ColumnCount { get; private init; }
    public IReadOnlyList<string> Columns { get; private init; } = [];

    public int ModelId { get; private init; } = -1;
    public int Likes { get; private init; } = -1;
    public int TrendingScore { get; private init; } = -1;
    public int Private { get; private init; } = -1;
    public int Downloads { get; private init; } = -1;
    public int Tags { get; private init; } = -1;
    public int PipelineTag { get; private init; } = -1;
    public int LibraryName { get; private init; } = -1;
    public int CreatedAt { get; private init; } = -1;
    public int Regions { get; private init; } = -1;
    public int Licenses { get; private init; } = -1;
    public int Arxiv { get; private init; } = -1;
    public int Datasets { get; private init; } = -1;
    public int ParentModel { get; private init; } = -1;
    public int FinetuneParent { get; private init; } = -1;
    public int QuantizedParent { get; private init; } = -1;
    public int AdapterParent { get; private init; } = -1;
    public int MergeParent { get; private init; } = -1;
    public int Languages { get; private init; } = -1;
    public int ModelCard { get; private init; } = -1;
    public int Card { get; private init; } = -1;
    public int Metadata { get; private init; } = -1;
    public int Depth { get; private init; } = -1;

    /// <summary>Recognizes the header or returns null (unknown layout).</summary>
    public static CsvLayout? FromHeader(IReadOnlyList<string> header)
    {
        var cols = header.Select(h => h.Trim()).ToArray();
        int Of(string name) => Array.IndexOf(cols, name);
        int id = Of("model_id");
        if (id < 0) return null;
        if (Of("modelCard") >= 0 || Of("finetune_parent") >= 0 || Of("parent_model") >= 0)
        {
            return new CsvLayout
            {
                Format = InputFormat.PublishedCsv, ColumnCount = cols.Length, Columns = cols, ModelId = id,
                Likes = Of("likes"), TrendingScore = Of("trendingScore"), Private = Of("private"), Downloads = Of("downloads"), Tags = Of("tags"), PipelineTag = Of("pipeline_tag"),
                LibraryName = Of("library_name"), CreatedAt = Of("createdAt"), Regions = Of("regions"),
                Licenses = Of("licenses"), Arxiv = Of("arxiv_papers"), Datasets = Of("datasets"),
                ParentModel = Of("parent_model"), FinetuneParent = Of("finetune_parent"),
                QuantizedParent = Of("quantized_parent"), AdapterParent = Of("adapter_parent"),
                MergeParent = Of("merge_parent"), Languages = Of("languages"), ModelCard = Of("modelCard"),
            };
        }
        if (Of("metadata") >= 0)
        {
            int card = Of("card");
            return new CsvLayout
            {
                Format = card >= 0 ? InputFormat.CrawlCsvFull : InputFormat.CrawlCsvSlim, ColumnCount = cols.Length,
                Columns = cols, ModelId = id, Metadata = Of("metadata"), Card = card, Depth = Of("depth"),
            };
        }
        return null;
    }

    /// <summary>One line for the log: the format and the columns Phylo will read.</summary>
    public string Describe()
    {
        var used = new List<string>();
        for (int i = 0; i < Columns.Count; i++)
            if (IsUsed(i)) used.Add(Columns[i]);
        return $"{Format.Describe()}; {ColumnCount} columns, reading {string.Join(", ", used)}";
    }

    private bool IsUsed(int i) =>
        i == ModelId || i == Likes || i == TrendingScore || i == Private || i == Downloads || i == Tags || i == PipelineTag || i == LibraryName
        || i == CreatedAt || i == Regions || i == Licenses || i == Arxiv || i == Datasets || i == ParentModel
        || i == FinetuneParent || i == QuantizedParent || i == AdapterParent || i == MergeParent
        || i == Languages || i == ModelCard || i == Card || i == Metadata || i == Depth;
}
