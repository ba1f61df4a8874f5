using System.Globalization;
using System.Runtime.CompilerServices;
using Phylo.Kernels;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The study's metadata genome (docs/definitions.md, "The metadata genome"): the Python <c>repr</c> of the model's
/// Hub <c>/api/models</c> list record, keys in API order, a key the source did not carry left out:
/// <code>
/// {'_id': '65afd5fdaa335c2842e7f33c', 'id': 'Qwen/Qwen1.5-72B', 'likes': 60, 'trendingScore': 0, 'private': False,
///  'downloads': 10251, 'tags': ['transformers', …], 'pipeline_tag': 'text-generation', 'library_name': 'transformers',
///  'createdAt': '2024-01-23T15:06:37.000Z', 'modelId': 'Qwen/Qwen1.5-72B'}
/// </code>
/// (one line, no break). Tags are in source order with duplicates, <c>base_model:</c> links included: the study's
/// genome contains the very link its pairs are drawn from. <c>_id</c> exists only where the source had it (Hub JSON
/// lines, crawl metadata; the published CSV dropped it, so from the CSV the string is the study's minus its first
/// 35 characters). Likes and downloads are always written (a source without them reads as 0); trendingScore,
/// private, pipeline_tag, library_name and createdAt only when known.
/// <para>Rendered on demand, never stored for every model: a render is ~0.5 µs, while a pool of every model's record
/// would be ~1 GB at 1.86M models. Each thread renders into its own buffer; a returned span is valid until that
/// thread's next render.</para>
/// </summary>
public sealed partial class MetadataRecordGenome : ITermCorpus
{
    private readonly ModelTable _table;
    private readonly HubRecordColumns? _record;
    private readonly byte[][] _tagRepr, _taskRepr, _libraryRepr;
    private readonly RecordPieces _pieces;

    [ThreadStatic] private static byte[]? t_buffer;

    public MetadataRecordGenome(ModelTable table)
    {
        _table = table;
        _record = table.Record;
        _tagRepr = Array.ConvertAll(table[TraitKind.Tag].Vocabulary, PythonRepr.Of);
        _taskRepr = Array.ConvertAll(table[TraitKind.Task].Vocabulary, PythonRepr.Of);
        _libraryRepr = Array.ConvertAll(table[TraitKind.Library].Vocabulary, PythonRepr.Of);
        _pieces = new RecordPieces(_tagRepr, _taskRepr, _libraryRepr);
    }

    public int Count => _table.Count;

    /// <summary>Model <paramref name="model"/>'s genome (valid until this thread renders again).</summary>
    public ReadOnlySpan<byte> this[int model] => Text(model);

    /// <inheritdoc cref="this[int]"/>
    public ReadOnlySpan<byte> Text(int model)
    {
        byte[] buffer = t_buffer ??= new byte[2048];
        int at = Render(model, ref buffer);
        t_buffer = buffer;
        return buffer.AsSpan(0, at);
    }

    /// <summary>Asks for the column entries a render of <paramref name="model"/> reads (a hint for random access: pairs
    /// drawn across 1.86M models miss the cache on every column).</summary>
    public unsafe void PrefetchColumns(int model)
    {
        if (!Simd.CanPrefetch) return;
        Simd.Prefetch0(Unsafe.AsPointer(ref _table.Ids[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _table.Likes[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _table.Downloads[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _table.CreatedAt[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _table[TraitKind.Task].Offsets[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _table[TraitKind.Library].Offsets[model]));
        if (_record is null) return;
        Simd.Prefetch0(Unsafe.AsPointer(ref _record.ObjectIds[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _record.TagOffsets[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _record.TrendingScore[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _record.CreatedMillis[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref _record.Private[model]));
    }

    /// <summary>After <see cref="PrefetchColumns"/>: asks for what those entries point to (the id's characters, the tag list).</summary>
    public unsafe void PrefetchValues(int model)
    {
        if (!Simd.CanPrefetch) return;
        fixed (char* id = _table.Ids[model]) Simd.Prefetch0(id);
        if (_record is null) return;
        int start = _record.TagOffsets[model];
        if (start < _record.Tags.Length) Simd.Prefetch0(Unsafe.AsPointer(ref _record.Tags[start]));
    }

    /// <summary>The genomes of <paramref name="models"/> only (document i = model models[i]).</summary>
    public ITextCorpus Corpus(int[] models) => new TermCorpus(this, models);

    /// <summary>Writes the genome into <paramref name="buffer"/> from 0 (grown when needed); returns its length.</summary>
    /// <remarks>The buffer is grown once, to a bound of the whole record (<see cref="RecordPieces.Bound"/>), so the
    /// constant keys and the pre-rendered pieces are written without a capacity check each.</remarks>
    public int Render(int model, ref byte[] buffer)
    {
        string? objectId = _record?.ObjectIds[model];
        string id = _table.Ids[model];
        ReadOnlySpan<int> tags = _record is not null ? _record.TagsOf(model) : _table[TraitKind.Tag][model];
        int bound = _pieces.Bound(objectId?.Length ?? 0, id.Length, tags.Length);
        if (buffer.Length < bound) buffer = new byte[Math.Max(bound, 2 * buffer.Length)];
        byte[] o = buffer;
        int at = 0;
        if (!string.IsNullOrEmpty(objectId))
        {
            Put("{'_id': "u8, o, ref at);
            PythonRepr.AppendString(objectId, ref o, ref at);
            Put(", 'id': "u8, o, ref at);
        }
        else Put("{'id': "u8, o, ref at);
        int idStart = at;
        PythonRepr.AppendString(id, ref o, ref at);
        int idLength = at - idStart;
        Put(", 'likes': "u8, o, ref at);
        RecordPieces.Integer(_table.Likes[model], o, ref at);
        if (_record is not null && _record.TrendingScore[model] != HubRecordColumns.Absent)
        {
            Put(", 'trendingScore': "u8, o, ref at);
            RecordPieces.Integer(_record.TrendingScore[model], o, ref at);
        }
        if (_record is not null && _record.Private[model] >= 0)
            Put(_record.Private[model] == 1 ? ", 'private': True"u8 : ", 'private': False"u8, o, ref at);
        Put(", 'downloads': "u8, o, ref at);
        RecordPieces.Integer(_table.Downloads[model], o, ref at);
        Put(", 'tags': ["u8, o, ref at);
        if (!tags.IsEmpty)
        {
            _pieces.Tag(tags[0], o, ref at, first: true);
            for (int i = 1; i < tags.Length; i++) _pieces.Tag(tags[i], o, ref at, first: false);
        }
        Put("]"u8, o, ref at);
        foreach (int t in _table[TraitKind.Task][model])
        {
            Put(_pieces.Task[t], o, ref at);
            break;
        }
        foreach (int l in _table[TraitKind.Library][model])
        {
            Put(_pieces.Library[l], o, ref at);
            break;
        }
        long created = _table.CreatedAt[model];
        if (created != ModelTable.UnknownTime)
        {
            Put(", 'createdAt': '"u8, o, ref at);
            AppendDate(created, _record?.CreatedMillis[model] ?? 0, ref o, ref at);
            Put("'"u8, o, ref at);
        }
        Put(", 'modelId': "u8, o, ref at);
        o.AsSpan(idStart, idLength).CopyTo(o.AsSpan(at)); // the id's repr again
        at += idLength;
        Put("}"u8, o, ref at);
        buffer = o;
        return at;
    }

    /// <summary>Bytes written as they are, within the render's bound (inlined: a constant key becomes a few stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ReadOnlySpan<byte> bytes, byte[] into, ref int at)
    {
        bytes.CopyTo(into.AsSpan(at));
        at += bytes.Length;
    }

    /// <summary>The Hub's <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (digits written directly: a format string costs more than the
    /// rest of a record).</summary>
    private static void AppendDate(long unixSeconds, int millis, ref byte[] buffer, ref int at)
    {
        DateTime t = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        if (buffer.Length - at < 32) Array.Resize(ref buffer, Math.Max(2 * buffer.Length, at + 32));
        t.Deconstruct(out int year, out int month, out int day);
        if (year > 9999 || year < 1000)
        {
            t.AddMilliseconds(millis).TryFormat(buffer.AsSpan(at), out int written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            at += written;
            return;
        }
        Span<byte> o = buffer.AsSpan(at, 24);
        int secondOfDay = (int)(t.Ticks / TimeSpan.TicksPerSecond % 86_400);
        Digits(o[..4], year);
        o[4] = (byte)'-';
        Digits(o.Slice(5, 2), month);
        o[7] = (byte)'-';
        Digits(o.Slice(8, 2), day);
        o[10] = (byte)'T';
        Digits(o.Slice(11, 2), secondOfDay / 3600);
        o[13] = (byte)':';
        Digits(o.Slice(14, 2), secondOfDay / 60 % 60);
        o[16] = (byte)':';
        Digits(o.Slice(17, 2), secondOfDay % 60);
        o[19] = (byte)'.';
        Digits(o.Slice(20, 3), millis);
        o[23] = (byte)'Z';
        at += 24;
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (int i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (byte)('0' + value % 10);
    }
}
