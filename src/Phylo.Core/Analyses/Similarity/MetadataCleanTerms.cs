using System.Text;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The clean genome's terms without its text (native-notes/similarity.md, "Record terms without the record"): every
/// line is <c>key: value</c> ending in a newline, list items are joined by ", ", so every seam lies at a space, comma or
/// newline (<see cref="TermPieces"/>). A single-valued line (task, library, model type) is one piece per value, key and
/// newline included; a list is its key's piece, then one piece per item in the genome's order; only the id and the
/// author (mostly seen once or twice: not worth keeping) are tokenized per model. The vocabulary fit reads these (<see cref="OnDemand"/>), so the genome is rendered once, into
/// the pool the pairs read, instead of on every read of the fit as well. Equality with tokenizing <see cref="Render"/>'s
/// text is tested term for term (CleanTermsTests).
/// </summary>
public sealed partial class MetadataCleanGenome
{
    private static readonly TermPieces IdKey = TermPieces.Of("id: "u8), AuthorKey = TermPieces.Of("author: "u8);
    private static readonly TermPieces[] ListKeyPieces = Array.ConvertAll(ListKeys, k => TermPieces.Of(k));

    private static readonly byte[] TaskKey = "pipeline_tag: "u8.ToArray(),
        LibraryKey = "library_name: "u8.ToArray(), ModelTypeKey = "model_type: "u8.ToArray(), Newline = "\n"u8.ToArray();

    /// <summary>Per value, flat (<see cref="TermPieces"/>): a single-valued line with its key and newline (an empty value
    /// has no line), a list item on its own (parent-link tags, left out of the genome, get none). Built once for a fit's
    /// corpus (both passes) and garbage with it. Authors have none: most are seen once or twice (the author line is its key's piece and the author tokenized per
    /// model).</summary>
    private sealed class Pieces(MetadataCleanGenome genome)
    {
        public readonly TermPieces Task = Line(genome._task, TaskKey), Library = Line(genome._library, LibraryKey),
            ModelType = Line(genome._modelTypes, ModelTypeKey);
        public readonly TermPieces[] Items = [.. Enumerable.Range(0, ListKinds.Length)
            .Select(k => TermPieces.Build(genome._utf8[k], skip: ListKinds[k] == TraitKind.Tag ? genome._dropTag : null))];

        private static TermPieces Line(byte[][] values, byte[] key) => TermPieces.Build(values, key, Newline, emptyIsNone: true);
    }

    /// <summary>Model <paramref name="model"/>'s terms into <paramref name="terms"/> (cleared first), as tokenizing
    /// <see cref="Render"/>'s text would give them.</summary>
    private void WriteTerms(int model, TermSequence terms, Scratch scratch, Pieces lines)
    {
        terms.Clear();
        terms.Add(IdKey);
        terms.AddText(Utf8(_table.Ids[model], scratch));
        int author = _table.Author[model];
        if (author >= 0 && _authors[author].Length > 0)
        {
            terms.Add(AuthorKey);
            terms.AddText(_authors[author]); // then "\n": a seam
        }
        foreach (int t in _table[TraitKind.Task][model]) terms.Add(lines.Task, t);
        foreach (int l in _table[TraitKind.Library][model]) terms.Add(lines.Library, l);
        if (_table.ModelType[model] >= 0) terms.Add(lines.ModelType, _table.ModelType[model]);
        for (int k = 0; k < ListKinds.Length; k++)
        {
            int n = SortedItems(k, model, scratch);
            if (n == 0) continue;
            terms.Add(ListKeyPieces[k]);
            TermPieces items = lines.Items[k];
            for (int i = 0; i < n; i++) terms.Add(items, scratch.Items[i]);
        }
    }

    private static ReadOnlySpan<byte> Utf8(string text, Scratch scratch)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (scratch.Text.Length < max) scratch.Text = new byte[Math.Max(max, 2 * scratch.Text.Length)];
        return scratch.Text.AsSpan(0, Encoding.UTF8.GetBytes(text, scratch.Text));
    }

    private sealed class TermCorpus(MetadataCleanGenome genome, int[] models) : ITermCorpus
    {
        private readonly Lazy<Pieces> _pieces = new(() => new Pieces(genome));
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => genome.Render(models[index], t_scratch ??= new Scratch());
        public ITermReader OpenReader() => new TermReader(genome, models, _pieces.Value);
    }

    /// <summary>A reader of <paramref name="models"/>' terms (document i = model models[i]).</summary>
    private sealed class TermReader(MetadataCleanGenome genome, int[] models, Pieces pieces) : SequenceTermReader
    {
        private readonly TermTokenizer _text = new();
        private readonly Scratch _scratch = new(), _render = new();
        private int _model = -1;
        private bool _tokenized;

        protected override void Write(int document)
        {
            _model = models[document];
            _tokenized = false;
            genome.WriteTerms(_model, Terms, _scratch, pieces);
        }

        public override ReadOnlySpan<byte> Term(int term)
        {
            if (!_tokenized)
            {
                _text.Tokenize(genome.Render(_model, _render));
                _tokenized = true;
            }
            if (term >= _text.TermCount || TermTokenizer.HashTerm(_text.Term(term)) != Terms.HashAt(term))
                throw new InvalidOperationException($"clean-genome terms of model {_model} differ from its rendered text's at term {term}");
            return _text.Term(term);
        }
    }
}
