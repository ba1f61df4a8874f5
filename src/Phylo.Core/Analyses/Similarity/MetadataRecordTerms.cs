using System.Globalization;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The record genome's terms without its text (native-notes/similarity.md, "Record terms without the record"). A record
/// is a fixed frame of constant keys around per-model values; every seam between a key and a value lies at a space,
/// comma, bracket or brace (a value's repr is quoted, an int or bool stands between ": " and ","), so the record's tokens
/// are the tokens of each piece on its own, in order (<see cref="TermPieces"/>). The keys' terms are constant, the
/// vocabulary values' (tag, task, library repr) are computed once per pass of the fit, and per model only the id (once,
/// for both <c>id</c> and <c>modelId</c>), the object id, the integers and the date are tokenized, plus the bigrams that
/// cross a seam. Equality with tokenizing <see cref="Render"/>'s text is tested term for term
/// (RecordTermsTests); a reader asked for a term's string renders the record and checks that term's hash.
/// </summary>
public sealed partial class MetadataRecordGenome
{
    // Constant keys; where two constant pieces always follow each other they are one piece (fewer seams to hash).
    private static readonly TermPieces OpenWithObjectId = TermPieces.Of("{'_id': "u8), IdKey = TermPieces.Of(", 'id': "u8),
        Open = TermPieces.Of("{'id': "u8), LikesKey = TermPieces.Of(", 'likes': "u8), TrendingKey = TermPieces.Of(", 'trendingScore': "u8),
        TrueDownloadsKey = TermPieces.Of(", 'private': True, 'downloads': "u8), FalseDownloadsKey = TermPieces.Of(", 'private': False, 'downloads': "u8),
        DownloadsKey = TermPieces.Of(", 'downloads': "u8), TagsKey = TermPieces.Of(", 'tags': ["u8), CreatedKey = TermPieces.Of(", 'createdAt': "u8),
        ModelIdKey = TermPieces.Of(", 'modelId': "u8);

    private static readonly byte[] TaskKey = "], 'pipeline_tag': "u8.ToArray(), LibraryKey = ", 'library_name': "u8.ToArray();

    /// <summary>Per vocabulary entry, flat (<see cref="TermPieces"/>): a tag's repr, and the task and library reprs with
    /// their keys before them. Built once for a fit's corpus (both passes) and garbage with it; the pairs only render.</summary>
    private sealed class Pieces(MetadataRecordGenome genome)
    {
        public readonly TermPieces Tags = TermPieces.Build(genome._tagRepr), Task = TermPieces.Build(genome._taskRepr, TaskKey),
            Library = TermPieces.Build(genome._libraryRepr, LibraryKey);
    }

    /// <summary>Model <paramref name="model"/>'s terms into <paramref name="terms"/> (cleared first), as tokenizing its
    /// rendered record would give them. <paramref name="scratch"/> holds a value while it is tokenized.</summary>
    private void WriteTerms(int model, TermSequence terms, ref byte[] scratch, Pieces pieces)
    {
        terms.Clear();
        string? objectId = _record?.ObjectIds[model];
        int at = 0;
        if (!string.IsNullOrEmpty(objectId))
        {
            terms.Add(OpenWithObjectId);
            PythonRepr.AppendString(objectId, ref scratch, ref at);
            terms.AddText(scratch.AsSpan(0, at));
            terms.Add(IdKey);
        }
        else terms.Add(Open);
        at = 0;
        PythonRepr.AppendString(_table.Ids[model], ref scratch, ref at);
        var id = terms.AddText(scratch.AsSpan(0, at));
        terms.Mark();
        terms.Add(LikesKey);
        Integer(_table.Likes[model], terms, ref scratch);
        if (_record is not null && _record.TrendingScore[model] != HubRecordColumns.Absent)
        {
            terms.Add(TrendingKey);
            Integer(_record.TrendingScore[model], terms, ref scratch);
        }
        terms.Add(_record is null || _record.Private[model] < 0 ? DownloadsKey : _record.Private[model] == 1 ? TrueDownloadsKey : FalseDownloadsKey);
        Integer(_table.Downloads[model], terms, ref scratch);
        terms.Add(TagsKey);
        ReadOnlySpan<int> tags = _record is not null ? _record.TagsOf(model) : _table[TraitKind.Tag][model];
        foreach (int t in tags) terms.Add(pieces.Tags, t);
        ReadOnlySpan<int> task = _table[TraitKind.Task][model];
        if (task.Length > 0) terms.Add(pieces.Task, task[0]);
        ReadOnlySpan<int> library = _table[TraitKind.Library][model];
        if (library.Length > 0) terms.Add(pieces.Library, library[0]);
        long created = _table.CreatedAt[model];
        if (created != ModelTable.UnknownTime)
        {
            terms.Add(CreatedKey);
            Date(created, _record?.CreatedMillis[model] ?? 0, terms, ref scratch);
        }
        terms.Add(ModelIdKey);
        terms.AddAgain(id);
    }

    // An int's repr is its decimal digits after an optional '-' (a separator): one token when there are two or more.
    private static void Integer(long value, TermSequence terms, ref byte[] scratch)
    {
        ulong magnitude = value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value;
        if (magnitude < 10) return;
        Span<byte> digits = stackalloc byte[20];
        magnitude.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        terms.AddToken(digits[..written]);
    }

    // 'yyyy-MM-ddTHH:mm:ss.fffZ' tokenizes to yyyy, MM, ddthh, mm, ss, fffz: written straight as those tokens (years
    // outside 1000..9999 take the rendered text and the tokenizer).
    private static void Date(long unixSeconds, int millis, TermSequence terms, ref byte[] scratch)
    {
        int at = 0;
        PythonRepr.AppendRaw("'"u8, ref scratch, ref at);
        AppendDate(unixSeconds, millis, ref scratch, ref at);
        PythonRepr.AppendRaw("'"u8, ref scratch, ref at);
        Span<byte> d = scratch.AsSpan(1, at - 2);
        if (at != 26 || d[4] != '-') { terms.AddText(scratch.AsSpan(0, at)); return; }
        d[4] = d[7] = d[13] = d[16] = d[19] = (byte)' ';
        d[10] = (byte)'t';
        d[23] = (byte)'z';
        terms.AddSpaced(d);
    }

    /// <summary>A reader of every model's record terms (document i = model i), with pieces of its own.</summary>
    public ITermReader OpenReader() => new TermReader(this, null, new Pieces(this));

    /// <summary>The records of <paramref name="models"/> as a term corpus whose readers share one set of pieces.</summary>
    private sealed class TermCorpus(MetadataRecordGenome all, int[] models) : ITermCorpus
    {
        private readonly Lazy<Pieces> _pieces = new(() => new Pieces(all));
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => all.Text(models[index]);
        public ITermReader OpenReader() => new TermReader(all, models, _pieces.Value);
    }

    /// <summary>A worker's reader over the records of <c>models</c> (document i = model models[i]; null: model i).</summary>
    private sealed class TermReader(MetadataRecordGenome genome, int[]? models, Pieces pieces) : SequenceTermReader
    {
        private readonly TermTokenizer _text = new();
        private byte[] _scratch = new byte[256], _render = new byte[1024];
        private int _model = -1;
        private bool _tokenized;

        protected override void Write(int document)
        {
            _model = models is null ? document : models[document];
            _tokenized = false;
            genome.WriteTerms(_model, Terms, ref _scratch, pieces);
        }

        public override ReadOnlySpan<byte> Term(int term)
        {
            if (!_tokenized)
            {
                int length = genome.Render(_model, ref _render); // first: a render may replace the buffer
                _text.Tokenize(_render.AsSpan(0, length));
                _tokenized = true;
            }
            if (term >= _text.TermCount || TermTokenizer.HashTerm(_text.Term(term)) != Terms.HashAt(term))
                throw new InvalidOperationException($"record terms of model {_model} differ from its rendered text's at term {term}");
            return _text.Term(term);
        }
    }
}
