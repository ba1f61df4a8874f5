using Phylo.Graph;

namespace Phylo.Ingest;

/// <summary>A declared parent link, before it is resolved against the snapshot.</summary>
public readonly record struct ParentRef(string Id, RelationMask Mask);

/// <summary>
/// One model as a parser produced it: typed values, strings not yet interned.
/// Lists hold trait values exactly as the source spelled them (languages already mapped to names).
/// </summary>
public sealed class ModelRecord
{
    public const long UnknownTime = long.MinValue;

    public string Id = "";
    public string? Author;
    public long Likes;
    public long Downloads;
    /// <summary>Creation time, Unix seconds UTC; <see cref="UnknownTime"/> when absent.</summary>
    public long CreatedAt = UnknownTime;
    public string? PipelineTag;
    public string? LibraryName;
    public List<string> Licenses = [];
    public List<string> Languages = [];
    public List<string> Datasets = [];
    public List<string> Arxiv = [];
    public List<string> Regions = [];
    public List<string> Tags = [];
    public List<ParentRef> Parents = [];
    /// <summary>README text as valid UTF-8 (front matter included, CSV/JSON escapes already undone); null when the model has no card.</summary>
    public byte[]? Card;
    /// <summary>Crawl depth from the family root (crawl CSVs only); -1 when unknown.</summary>
    public int CrawlDepth = -1;
    /// <summary>Architecture (config.model_type) where the source has it.</summary>
    public string? ModelType;

    public string SourceFile = "";
    /// <summary>1-based line of the record's first line in <see cref="SourceFile"/>.</summary>
    public long Line;
}
