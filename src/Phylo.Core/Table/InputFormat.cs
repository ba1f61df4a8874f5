
namespace Phylo.Table;

/// <summary>The input layouts Phylo reads (docs/engine.md §1, data/README.md).</summary>
public enum InputFormat
{
    /// <summary>The study's <c>ai_ecosystem_withmodelcards.csv</c> layout (also what <c>phylo synth</c> writes).</summary>
    PublishedCsv,
    /// <summary>Per-family crawl CSV with a <c>card</c> column.</summary>
    CrawlCsvFull,
    /// <summary>Per-family crawl CSV without cards.</summary>
    CrawlCsvSlim,
    /// <summary>Hub API <c>ModelInfo</c> objects, one JSON object per line.</summary>
    HubJsonl,
    /// <summary>The graph-sample JSON: <c>{nodes, edges, metadata}</c>.</summary>
    GraphJson,
    /// <summary>A table saved by <c>phylo ingest --out</c> (Phylo.Store.Snapshot).</summary>
    Snapshot,
    /// <summary>The published layout as Parquet (the Hub's conversion; list columns as strings or native lists).</summary>
    PublishedParquet,
    /// <summary>The published layout as Arrow IPC (file or stream format: the <c>datasets</c> cache files).</summary>
    PublishedArrow,
}

public static class InputFormats
{
    public static string Describe(this InputFormat f) => f switch
    {
        InputFormat.PublishedCsv => "published CSV (ai_ecosystem_withmodelcards layout)",
        InputFormat.CrawlCsvFull => "family crawl CSV with cards",
        InputFormat.CrawlCsvSlim => "family crawl CSV without cards",
        InputFormat.HubJsonl => "Hub API JSON lines",
        InputFormat.GraphJson => "graph JSON (nodes + edges)",
        InputFormat.Snapshot => "Phylo snapshot",
        InputFormat.PublishedParquet => "published layout, Parquet",
        InputFormat.PublishedArrow => "published layout, Arrow IPC",
        _ => f.ToString(),
    };
}
