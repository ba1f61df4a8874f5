using System.Buffers;
using System.Text;
using System.Text.Json;
using Phylo.Graph;

namespace Phylo.Ingest.Parsing;

/// <summary>
/// Maps one Hugging Face <c>ModelInfo</c> JSON object onto a <see cref="ModelRecord"/>. Accepts both the
/// <c>/api/models</c> camelCase form (JSON-lines input) and the crawl CSVs' <c>metadata</c> column
/// (huggingface_hub's snake_case attributes mixed with the raw API keys, <c>cardData</c>/<c>card_data</c>
/// as a YAML string).
/// </summary>
/// <remarks>
/// Mapping rules — they define Phylo's semantics for these sources (SPEC §2–3):
/// <list type="bullet">
/// <item><b>Id</b>: <c>id</c>, else <c>modelId</c>, through <see cref="ModelIds.Normalize(ReadOnlySpan{char})"/>. None or blank → reject <c>missing-id</c>.</item>
/// <item><b>Author</b>: <c>author</c>, else the id's part before '/' (none for a bare legacy id such as "gpt2").</item>
/// <item><b>Likes, Downloads</b>: JSON numbers (fractions truncated; numeric strings accepted); missing/null → 0.</item>
/// <item><b>CreatedAt</b>: <c>createdAt</c> or <c>created_at</c> via <see cref="HubDates"/> (milliseconds kept); the first that
///   parses wins; none or unparsable → <see cref="ModelRecord.UnknownTime"/> (not a rejection).</item>
/// <item><b>TrendingScore</b>: <c>trendingScore</c> or <c>trending_score</c> (null → absent); <b>Private</b>: <c>private</c>
///   (true/false, else absent); <b>HubObjectId</b>: <c>_id</c>. Kept for the study's metadata genome (the record's Python repr).</item>
/// <item><b>PipelineTag, LibraryName</b>: <c>pipeline_tag</c>, <c>library_name</c> as given; null or "" → null.
///   <b>ModelType</b>: <c>config.model_type</c>.</item>
/// <item><b>Tags</b>: every string of <c>tags</c>, in order.</item>
/// <item><b>Licenses</b>: tags <c>license:X</c>, then <c>cardData.license</c> (string or list); distinct, first-seen order.</item>
/// <item><b>Languages</b>: <c>cardData.language</c> (string or list), then bare tags that are ISO 639-1 codes; each mapped
///   with <see cref="LanguageNames.FromIsoCode"/> (unknown codes such as "yue", "en-US", "English" dropped); distinct.</item>
/// <item><b>Datasets</b>: tags <c>dataset:X</c>, then <c>cardData.datasets</c>; distinct. <b>Arxiv</b>: tags <c>arxiv:X</c>;
///   <b>Regions</b>: tags <c>region:X</c>; both distinct.</item>
/// <item><b>Parents</b>: tag <c>base_model:X</c> → (X, Bare) (Bare|BareRepeated when named twice); tag <c>base_model:R:X</c> → (X, <see cref="Relations.ParseMask"/>(R))
///   (R = finetune, adapter, quantized, merge; an unknown R gives None); then every <c>cardData.base_model</c> (string or
///   list) → (X, mask of <c>cardData.base_model_relation</c>, None when absent). Ids normalized, empty ones dropped,
///   duplicates kept (the table builder collapses them).</item>
/// <item><b>cardData</b>: the first non-null of <c>cardData</c> / <c>card_data</c> is used, as a JSON object or as a YAML
///   string (top-level <c>key: value</c>, <c>key: [a, b]</c> and block lists <c>- item</c>; quoted scalars; other YAML ignored).</item>
/// <item><b>Card</b>: <c>card</c> string → UTF-8 bytes (invalid sequences replaced by U+FFFD); absent or null → null.</item>
/// <item>Everything else (<c>siblings</c>, <c>spaces</c>, …) is skipped without being materialized. Values of an unexpected
///   JSON type are ignored. Invalid JSON, NaN/Infinity, or a non-object → reject <c>bad-json</c> (exactly "N/A" → <c>metadata-na</c>).</item>
/// </list>
/// Fields are appended to the record's lists; pass a fresh record. On false, <c>r</c> may be partly filled: discard it.
/// </remarks>
public static partial class HubRecordMapper
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 1024 };

    private enum CardField : byte { Other, License, Language, Datasets, BaseModel, BaseModelRelation }

    /// <summary>Per-thread scratch lists for cardData values, merged after the pass (tags come first in the result).</summary>
    private sealed class Scratch
    {
        public readonly List<string> Licenses = [];
        public readonly List<string> CardLanguages = [];
        public readonly List<string> TagLanguages = [];
        public readonly List<string> Datasets = [];
        public readonly List<string> BaseModels = [];
        public RelationMask Relation;

        public void Clear()
        {
            Licenses.Clear();
            CardLanguages.Clear();
            TagLanguages.Clear();
            Datasets.Clear();
            BaseModels.Clear();
            Relation = RelationMask.None;
        }
    }

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>Fills <paramref name="r"/> from one ModelInfo JSON object; false with a <see cref="RejectReasons"/> code when unusable.</summary>
    public static bool TryFill(ReadOnlySpan<byte> utf8Json, ModelRecord r, out string? reason)
    {
        var sc = t_scratch ??= new Scratch();
        sc.Clear();
        try
        {
            reason = Fill(utf8Json, r, sc);
        }
        catch (JsonException)
        {
            reason = IsNa(utf8Json) ? RejectReasons.MetadataNa : RejectReasons.BadJson;
        }
        catch (InvalidOperationException)
        {
            reason = RejectReasons.InvalidUtf8; // a string that cannot be transcoded
        }
        return reason is null;
    }

    private static bool IsNa(ReadOnlySpan<byte> utf8) => utf8.Trim(" \t\r\n"u8).SequenceEqual("N/A"u8);

    private static string? Fill(ReadOnlySpan<byte> utf8Json, ModelRecord r, Scratch sc)
    {
        var reader = new Utf8JsonReader(utf8Json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return RejectReasons.BadJson;
        string? id = null, modelId = null, author = null;
        bool cardDataSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = ReadString(ref reader); }
            else if (reader.ValueTextEquals("modelId"u8)) { reader.Read(); modelId = ReadString(ref reader); }
            else if (reader.ValueTextEquals("author"u8)) { reader.Read(); author = ReadString(ref reader); }
            else if (reader.ValueTextEquals("likes"u8)) { reader.Read(); r.Likes = ReadLong(ref reader); }
            else if (reader.ValueTextEquals("downloads"u8)) { reader.Read(); r.Downloads = ReadLong(ref reader); }
            else if (reader.ValueTextEquals("trendingScore"u8) || reader.ValueTextEquals("trending_score"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.Number or JsonTokenType.String) r.TrendingScore = ReadLong(ref reader);
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("private"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False) r.Private = reader.TokenType == JsonTokenType.True ? (sbyte)1 : (sbyte)0;
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("_id"u8)) { reader.Read(); r.HubObjectId = NullIfEmpty(ReadString(ref reader)); }
            else if (reader.ValueTextEquals("createdAt"u8) || reader.ValueTextEquals("created_at"u8))
            {
                reader.Read();
                if (r.CreatedAt == ModelRecord.UnknownTime) ReadDate(ref reader, r);
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("pipeline_tag"u8)) { reader.Read(); r.PipelineTag = NullIfEmpty(ReadString(ref reader)); }
            else if (reader.ValueTextEquals("library_name"u8)) { reader.Read(); r.LibraryName = NullIfEmpty(ReadString(ref reader)); }
            else if (reader.ValueTextEquals("tags"u8)) { reader.Read(); ReadTags(ref reader, r, sc); }
            else if (reader.ValueTextEquals("config"u8)) { reader.Read(); ReadConfig(ref reader, r); }
            else if (reader.ValueTextEquals("card"u8)) { reader.Read(); r.Card = ReadUtf8(ref reader); }
            else if (reader.ValueTextEquals("cardData"u8) || reader.ValueTextEquals("card_data"u8))
            {
                reader.Read();
                if (!cardDataSeen) cardDataSeen = ReadCardData(ref reader, sc);
                else reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) return RejectReasons.BadJson;
        while (reader.Read()) { } // throws on anything but whitespace after the object

        string normalized = ModelIds.Normalize(id ?? modelId);
        if (normalized.Length == 0) return RejectReasons.MissingId;
        r.Id = normalized;
        if (string.IsNullOrEmpty(author))
        {
            int slash = normalized.IndexOf('/');
            author = slash > 0 ? normalized[..slash] : null;
        }
        r.Author = author;
        Merge(sc, r);
        return null;
    }

    /// <summary>Appends the cardData values after the tag-derived ones (languages: card first, then tags).</summary>
    private static void Merge(Scratch sc, ModelRecord r)
    {
        foreach (var s in sc.Licenses) AddDistinct(r.Licenses, s);
        foreach (var s in sc.CardLanguages) AddDistinct(r.Languages, s);
        foreach (var s in sc.TagLanguages) AddDistinct(r.Languages, s);
        foreach (var s in sc.Datasets) AddDistinct(r.Datasets, s);
        foreach (var s in sc.BaseModels) r.Parents.Add(new ParentRef(s, sc.Relation));
    }

    private static void AddDistinct(List<string> list, string value)
    {
        if (!Contains(list, value)) list.Add(value);
    }

    private static bool Contains(List<string> list, ReadOnlySpan<char> value)
    {
        foreach (var s in list)
        {
            if (value.SequenceEqual(s)) return true;
        }
        return false;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    private static long ReadLong(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out long v)) return v;
            return reader.TryGetDouble(out double d) && double.IsFinite(d) ? (long)d : 0;
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            Span<char> buf = stackalloc char[32];
            if (reader.ValueSpan.Length <= buf.Length && long.TryParse(buf[..reader.CopyString(buf)], out long s)) return s;
            return 0;
        }
        reader.Skip();
        return 0;
    }

    private static void ReadDate(ref Utf8JsonReader reader, ModelRecord r)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 64)
        {
            reader.Skip();
            return;
        }
        Span<char> buf = stackalloc char[64];
        int n = reader.CopyString(buf);
        if (HubDates.TryParse(buf[..n], out long t, out int ms)) { r.CreatedAt = t; r.CreatedMillis = ms; }
    }

    private static byte[]? ReadUtf8(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        byte[] bytes;
        if (!reader.ValueIsEscaped) bytes = reader.ValueSpan.ToArray();
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                bytes = rented.AsSpan(0, reader.CopyString(rented)).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes));
    }

    private static void ReadTags(ref Utf8JsonReader reader, ModelRecord r, Scratch sc)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }
            string tag = reader.GetString()!;
            r.Tags.Add(tag);
            MapTag(tag, r, sc);
        }
    }

    /// <summary>Routes one tag to the trait it encodes (see the mapping rules above).</summary>
    private static void MapTag(string tag, ModelRecord r, Scratch sc)
    {
        int colon = tag.IndexOf(':');
        if (colon < 0)
        {
            string? name = LanguageNames.IsIsoCode(tag) ? LanguageNames.FromIsoCode(tag) : null;
            if (name is not null) AddDistinct(sc.TagLanguages, name);
            return;
        }
        var prefix = tag.AsSpan(0, colon);
        var value = tag.AsSpan(colon + 1);
        if (value.IsEmpty) return;
        if (prefix.SequenceEqual("license")) AddValue(r.Licenses, value);
        else if (prefix.SequenceEqual("dataset")) AddValue(r.Datasets, value);
        else if (prefix.SequenceEqual("arxiv")) AddValue(r.Arxiv, value);
        else if (prefix.SequenceEqual("region")) AddValue(r.Regions, value);
        else if (prefix.SequenceEqual("base_model")) TagParents.AddFromValue(value, r.Parents);
    }

    private static void AddValue(List<string> list, ReadOnlySpan<char> value)
    {
        if (!Contains(list, value)) list.Add(new string(value));
    }

    private static void ReadConfig(ref Utf8JsonReader reader, ModelRecord r)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = reader.ValueTextEquals("model_type"u8);
            reader.Read();
            if (isType) r.ModelType = NullIfEmpty(ReadString(ref reader));
            else reader.Skip();
        }
    }

    /// <summary>Reads cardData / card_data (object or YAML string); false when it was null or of another type.</summary>
    private static bool ReadCardData(ref Utf8JsonReader reader, Scratch sc)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            CardYaml.Parse(reader.GetString()!, sc);
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = CardField.Other;
            if (reader.ValueTextEquals("license"u8)) field = CardField.License;
            else if (reader.ValueTextEquals("language"u8)) field = CardField.Language;
            else if (reader.ValueTextEquals("datasets"u8)) field = CardField.Datasets;
            else if (reader.ValueTextEquals("base_model"u8)) field = CardField.BaseModel;
            else if (reader.ValueTextEquals("base_model_relation"u8)) field = CardField.BaseModelRelation;
            reader.Read();
            if (field == CardField.Other) reader.Skip();
            else if (reader.TokenType == JsonTokenType.String) SinkJsonString(ref reader, field, sc);
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String) SinkJsonString(ref reader, field, sc);
                    else reader.Skip();
                }
            }
            else reader.Skip();
        }
        return true;
    }

    private static void SinkJsonString(ref Utf8JsonReader reader, CardField field, Scratch sc)
    {
        var state = (field, sc);
        WithChars(ref reader, state, static (chars, st) => Sink(st.field, chars.Trim(), st.sc));
    }

    /// <summary>Hands the current string token, unescaped to UTF-16, to <paramref name="use"/> without allocating a string.</summary>
    private static void WithChars<T>(ref Utf8JsonReader reader, T state, SpanAction<char, T> use)
    {
        const int StackChars = 256;
        int max = reader.ValueSpan.Length; // UTF-16 units never exceed the (escaped) UTF-8 length
        char[]? rented = null;
        Span<char> buffer = max <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(max));
        try
        {
            int n = reader.CopyString(buffer);
            use(buffer[..n], state);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Receives one cardData scalar (from JSON or YAML).</summary>
    private static void Sink(CardField field, ReadOnlySpan<char> value, Scratch sc)
    {
        if (value.IsEmpty) return;
        switch (field)
        {
            case CardField.License: AddValue(sc.Licenses, value); break;
            case CardField.Datasets: AddValue(sc.Datasets, value); break;
            case CardField.Language:
                if (LanguageNames.FromIsoCode(value) is { } name) AddDistinct(sc.CardLanguages, name);
                break;
            case CardField.BaseModel:
                string id = ModelIds.Normalize(value);
                if (id.Length > 0) sc.BaseModels.Add(id);
                break;
            case CardField.BaseModelRelation: sc.Relation |= Relations.ParseMask(value); break;
        }
    }
}
