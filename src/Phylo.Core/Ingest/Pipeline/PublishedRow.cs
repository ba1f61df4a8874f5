using Phylo.Ingest.Parsing;
using Phylo.Table;

namespace Phylo.Ingest.Pipeline;

/// <summary>The columns of the published layout Phylo reads, whatever the file form (CSV, Parquet, Arrow).</summary>
internal enum PublishedField
{
    ModelId, Likes, TrendingScore, Private, Downloads, Tags, PipelineTag, LibraryName, CreatedAt, Regions, Licenses, Arxiv,
    Datasets, ParentModel, FinetuneParent, QuantizedParent, AdapterParent, MergeParent, Languages, ModelCard,
}

internal static class PublishedFields
{
    public const int Count = (int)PublishedField.ModelCard + 1;

    /// <summary>Column names, as the published CSV's header and the Hub's Parquet conversion spell them.</summary>
    public static readonly string[] Names =
    [
        "model_id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag", "library_name", "createdAt",
        "regions", "licenses", "arxiv_papers", "datasets", "parent_model", "finetune_parent", "quantized_parent",
        "adapter_parent", "merge_parent", "languages", "modelCard",
    ];

    /// <summary>Whether a column holds a list (a Python list literal in text, or a native list in Parquet/Arrow).</summary>
    public static bool IsList(PublishedField f) => f is PublishedField.Tags or PublishedField.Regions or PublishedField.Licenses
        or PublishedField.Arxiv or PublishedField.Datasets or PublishedField.Languages or >= PublishedField.ParentModel and <= PublishedField.MergeParent;

    public static PublishedField? Of(string name)
    {
        int i = Array.IndexOf(Names, name.Trim());
        return i < 0 ? null : (PublishedField)i;
    }
}

/// <summary>Typed access to one row's fields, from a CSV record or a columnar batch. Field-level problems are recorded as
/// rejections that keep the row (the same reasons for every form).</summary>
internal interface IPublishedFields
{
    /// <summary>The file has this column.</summary>
    bool Has(PublishedField f);
    /// <summary>The field's text, null when empty or null.</summary>
    string? Text(PublishedField f);
    /// <summary>The field as an integer (0 when empty; a fraction truncated; text that is no number → <c>bad-number</c>).</summary>
    long Number(PublishedField f);
    /// <summary>A flag: 1 true, 0 false, -1 when not given (text: Python's <c>True</c>/<c>False</c>).</summary>
    sbyte Flag(PublishedField f);
    /// <summary>Appends the list's items (a broken list literal: <c>bad-list-literal</c>, nothing appended).</summary>
    void List(PublishedField f, List<string> into);
    /// <summary>The batch the trait items (list columns, pipeline tag, library) go to by their UTF-8 (<see cref="ListInto"/>),
    /// or null: traits as strings in the record.</summary>
    RowBatch? Batch { get; }
    /// <summary>With a <see cref="Batch"/>: adds the list's items to its open row of <paramref name="kind"/>, and those that
    /// start with <c>base_model:</c> to <paramref name="baseModelTags"/> (a broken list literal: <c>bad-list-literal</c>).</summary>
    void ListInto(PublishedField f, TraitKind kind, List<string>? baseModelTags);
    /// <summary>The field's UTF-8 (valid, repaired if it was not), valid until the next call; read last for the card.</summary>
    ReadOnlySpan<byte> Utf8(PublishedField f);
    void Field(string reason, PublishedField f);
    Rejection Row(string reason);
}

/// <summary>The published layout's row rules (the record returned is reused by the next row), shared by every file form: id normalized (missing → row rejected), author
/// from the id, counts, trending score and private flag when present, the date (unparsable → <c>bad-date</c>, row kept),
/// the list columns, parents from the five parent columns and the <c>base_model:</c> tags.</summary>
internal sealed class PublishedRow
{
    private readonly List<string> _ids = [];
    private readonly ModelRecord _record = new(); // reused: valid until the next Build
    private readonly RecentStrings _authors = new();
    private readonly List<string> _baseModelTags = [];

    public ModelRecord? Build(IPublishedFields f, string file, long line, List<Rejection> rejections)
    {
        string id = ModelIds.Normalize(f.Text(PublishedField.ModelId));
        if (id.Length == 0) { rejections.Add(f.Row(RejectReasons.MissingId)); return null; }
        var r = _record.Reset();
        (r.Id, r.SourceFile, r.Line) = (id, file, line);
        int slash = id.IndexOf('/');
        r.Author = slash > 0 ? _authors.Get(id.AsSpan(0, slash)) : null;
        r.Likes = f.Number(PublishedField.Likes);
        r.Downloads = f.Number(PublishedField.Downloads);
        if (f.Has(PublishedField.TrendingScore) && f.Text(PublishedField.TrendingScore) is { Length: > 0 }) r.TrendingScore = f.Number(PublishedField.TrendingScore);
        if (f.Has(PublishedField.Private)) r.Private = f.Flag(PublishedField.Private);
        var batch = f.Batch;
        if (batch is null)
        {
            r.PipelineTag = f.Text(PublishedField.PipelineTag);
            r.LibraryName = f.Text(PublishedField.LibraryName);
        }
        else
        {
            batch.DiscardTraitItems();
            batch.AddTraitItem(TraitKind.Task, f.Utf8(PublishedField.PipelineTag));
            batch.AddTraitItem(TraitKind.Library, f.Utf8(PublishedField.LibraryName));
        }
        var created = f.Text(PublishedField.CreatedAt);
        if (created is not null)
        {
            if (HubDates.TryParse(created, out long t, out int ms)) { r.CreatedAt = t; r.CreatedMillis = ms; }
            else f.Field(RejectReasons.BadDate, PublishedField.CreatedAt);
        }
        var tags = batch is null ? ListsAsStrings(f, r) : ListsInBatch(f, r);
        Parents(f, PublishedField.ParentModel, RelationMask.Bare, r);
        Parents(f, PublishedField.FinetuneParent, RelationMask.Finetune, r);
        Parents(f, PublishedField.QuantizedParent, RelationMask.Quantized, r);
        Parents(f, PublishedField.AdapterParent, RelationMask.Adapter, r);
        Parents(f, PublishedField.MergeParent, RelationMask.Merge, r);
        TagParents.AddFrom(tags, r.Parents);
        return r;
    }

    /// <summary>The list columns into the record's lists; the tags (for their <c>base_model:</c> parents).</summary>
    private static List<string> ListsAsStrings(IPublishedFields f, ModelRecord r)
    {
        f.List(PublishedField.Tags, r.Tags);
        f.List(PublishedField.Regions, r.Regions);
        f.List(PublishedField.Licenses, r.Licenses);
        f.List(PublishedField.Arxiv, r.Arxiv);
        f.List(PublishedField.Datasets, r.Datasets);
        f.List(PublishedField.Languages, r.Languages);
        return r.Tags;
    }

    /// <summary>The list columns straight into the batch's rows (same order of items and kinds), the pipeline tag and the
    /// library already there; the <c>base_model:</c> tags.</summary>
    private List<string> ListsInBatch(IPublishedFields f, ModelRecord r)
    {
        _baseModelTags.Clear();
        f.ListInto(PublishedField.Tags, TraitKind.Tag, _baseModelTags);
        f.ListInto(PublishedField.Regions, TraitKind.Region, null);
        f.ListInto(PublishedField.Licenses, TraitKind.License, null);
        f.ListInto(PublishedField.Arxiv, TraitKind.Arxiv, null);
        f.ListInto(PublishedField.Datasets, TraitKind.Dataset, null);
        f.ListInto(PublishedField.Languages, TraitKind.Language, null);
        r.TraitsInBatch = true;
        return _baseModelTags;
    }

    private void Parents(IPublishedFields f, PublishedField col, RelationMask mask, ModelRecord r)
    {
        _ids.Clear();
        f.List(col, _ids);
        int listStart = r.Parents.Count;
        foreach (var p in _ids)
        {
            string pid = ModelIds.Normalize(p);
            if (pid.Length == 0) continue;
            bool repeated = mask == RelationMask.Bare && TagParents.RepeatsBare(r.Parents, listStart, pid);
            r.Parents.Add(new ParentRef(pid, repeated ? mask | RelationMask.BareRepeated : mask));
        }
    }
}
