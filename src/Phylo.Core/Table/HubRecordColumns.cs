namespace Phylo.Table;

/// <summary>
/// The fields of a model's Hub list record that the study's metadata genome renders and no analysis otherwise reads
/// (docs/definitions.md, "The metadata genome"): the tags in the order the Hub listed them (duplicates kept),
/// <c>trendingScore</c>, <c>private</c>, the milliseconds of <c>createdAt</c>, and the Hub's database id <c>_id</c>.
/// Likes, downloads, task, library and the date itself are ordinary <see cref="ModelTable"/> columns.
/// </summary>
public sealed class HubRecordColumns
{
    /// <summary>A numeric field the source did not carry.</summary>
    public const long Absent = long.MinValue;

    /// <summary>Tags per model (CSR, <see cref="TagOffsets"/> has N+1 entries): ids into the table's
    /// <see cref="TraitKind.Tag"/> vocabulary, in source order, duplicates kept.</summary>
    public required int[] TagOffsets { get; init; }
    public required int[] Tags { get; init; }
    /// <summary><see cref="Absent"/> when the source has no trending score.</summary>
    public required long[] TrendingScore { get; init; }
    /// <summary>0 false, 1 true, -1 when the source does not say.</summary>
    public required sbyte[] Private { get; init; }
    /// <summary>Milliseconds (0–999) of <see cref="ModelTable.CreatedAt"/>.</summary>
    public required short[] CreatedMillis { get; init; }
    /// <summary>The Hub's <c>_id</c> per model ("" where the source has none: the published CSV dropped it).</summary>
    public required string[] ObjectIds { get; init; }

    public int Count => TrendingScore.Length;

    /// <summary>These columns with the tags and <c>_id</c> of the models <paramref name="keep"/> marks (the others: no tags,
    /// a null <c>_id</c>); the fixed-width fields are shared (a shard's compacted table, <see cref="ModelTableRows"/>).</summary>
    internal HubRecordColumns KeepRows(bool[] keep)
    {
        var (offsets, tags) = ModelTableRows.Keep(TagOffsets, Tags, keep);
        return new HubRecordColumns
        {
            TagOffsets = offsets, Tags = tags, TrendingScore = TrendingScore, Private = Private, CreatedMillis = CreatedMillis,
            ObjectIds = ModelTableRows.Keep(ObjectIds, keep),
        };
    }

    public ReadOnlySpan<int> TagsOf(int model) => Tags.AsSpan(TagOffsets[model], TagOffsets[model + 1] - TagOffsets[model]);

    /// <summary>Accumulates the columns row by row (the table builder's part for these fields).</summary>
    internal sealed class Builder
    {
        private readonly List<int> _tagOffsets = [0];
        private readonly List<int> _tags = [];
        private readonly List<long> _trending = [];
        private readonly List<sbyte> _private = [];
        private readonly List<short> _millis = [];
        private readonly List<string> _objectIds = [];

        /// <summary>Appends one model; <paramref name="tagIds"/> are its tags' vocabulary ids in source order.</summary>
        public void Add(ReadOnlySpan<int> tagIds, long trending, sbyte isPrivate, int createdMillis, string? objectId)
        {
            foreach (int t in tagIds) _tags.Add(t);
            _tagOffsets.Add(_tags.Count);
            _trending.Add(trending);
            _private.Add(isPrivate);
            _millis.Add((short)Math.Clamp(createdMillis, 0, 999));
            _objectIds.Add(objectId ?? "");
        }

        /// <summary>Sizes the columns for <paramref name="rows"/> models, with as many tags per model as so far (capacity only).</summary>
        public void Reserve(int rows)
        {
            RowScale.Reserve(_tags, RowScale.Items(_tags.Count, _trending.Count, rows));
            RowScale.Reserve(_tagOffsets, rows + 1);
            RowScale.Reserve(_trending, rows);
            RowScale.Reserve(_private, rows);
            RowScale.Reserve(_millis, rows);
            RowScale.Reserve(_objectIds, rows);
        }

        public HubRecordColumns Build() => new()
        {
            TagOffsets = [.. _tagOffsets],
            Tags = [.. _tags],
            TrendingScore = [.. _trending],
            Private = [.. _private],
            CreatedMillis = [.. _millis],
            ObjectIds = [.. _objectIds],
        };
    }
}
