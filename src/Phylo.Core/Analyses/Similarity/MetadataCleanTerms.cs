using System.Text;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The clean genome's terms without its text (native-notes/similarity.md, "Record terms without the record"): every
/// line is <c>key: value</c> ending in a newline, list items are joined by ", ", so every seam lies at a space, comma or
/// newline (<see cref="TermPiece"/>). A single-valued line (author, task, library, model type) is one piece per value,
/// key and newline included; a list is its key's piece, then one piece per item in the genome's order; only the id is
/// tokenized per model. The vocabulary fit reads these (<see cref="OnDemand"/>), so the genome is rendered once, into
/// the pool the pairs read, instead of on every read of the fit as well. Equality with tokenizing <see cref="Render"/>'s
/// text is tested term for term (CleanTermsTests).
/// </summary>
public sealed partial class MetadataCleanGenome
{
    private static readonly TermPiece IdKey = TermPiece.Of("id: "u8, new TermTokenizer());
    private static readonly TermPiece[] ListKeyPieces = Array.ConvertAll(ListKeys, k => TermPiece.Of(k, new TermTokenizer()));

    // Per value, built on first use (a race builds equal pieces; either is kept).
    private readonly TermPiece?[] _authorLines, _taskLines, _libraryLines, _modelTypeLines;
    private readonly TermPiece?[][] _items;

    private static TermPiece Line(TermPiece?[] lines, byte[][] values, byte[] key, int value, TermTokenizer tok) =>
        lines[value] ??= values[value].Length == 0 ? TermPiece.Empty : TermPiece.Of([.. key, .. values[value], (byte)'\n'], tok);

    private static readonly byte[] AuthorKey = "author: "u8.ToArray(), TaskKey = "pipeline_tag: "u8.ToArray(),
        LibraryKey = "library_name: "u8.ToArray(), ModelTypeKey = "model_type: "u8.ToArray();

    /// <summary>Model <paramref name="model"/>'s terms into <paramref name="terms"/> (cleared first), as tokenizing
    /// <see cref="Render"/>'s text would give them.</summary>
    public void WriteTerms(int model, TermSequence terms, Scratch scratch, TermTokenizer tok)
    {
        terms.Clear();
        terms.Add(IdKey);
        string id = _table.Ids[model];
        int max = Encoding.UTF8.GetMaxByteCount(id.Length);
        if (scratch.Text.Length < max) scratch.Text = new byte[Math.Max(max, 2 * scratch.Text.Length)];
        terms.AddText(scratch.Text.AsSpan(0, Encoding.UTF8.GetBytes(id, scratch.Text)));
        if (_table.Author[model] >= 0) terms.Add(Line(_authorLines, _authors, AuthorKey, _table.Author[model], tok));
        foreach (int t in _table[TraitKind.Task][model]) terms.Add(Line(_taskLines, _task, TaskKey, t, tok));
        foreach (int l in _table[TraitKind.Library][model]) terms.Add(Line(_libraryLines, _library, LibraryKey, l, tok));
        if (_table.ModelType[model] >= 0) terms.Add(Line(_modelTypeLines, _modelTypes, ModelTypeKey, _table.ModelType[model], tok));
        for (int k = 0; k < ListKinds.Length; k++)
        {
            int n = SortedItems(k, model, scratch);
            if (n == 0) continue;
            terms.Add(ListKeyPieces[k]);
            TermPiece?[] pieces = _items[k];
            for (int i = 0; i < n; i++)
            {
                int v = scratch.Items[i];
                terms.Add(pieces[v] ??= TermPiece.Of(_utf8[k][v], tok));
            }
        }
    }

    private sealed class TermCorpus(MetadataCleanGenome genome, int[] models) : ITermCorpus
    {
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => genome.Render(models[index], t_scratch ??= new Scratch());
        public ITermReader OpenReader() => new TermReader(genome, models);
    }

    /// <summary>A reader of <paramref name="models"/>' terms (document i = model models[i]).</summary>
    private sealed class TermReader(MetadataCleanGenome genome, int[] models) : ITermReader
    {
        private readonly TermSequence _terms = new();
        private readonly TermTokenizer _pieces = new(), _text = new();
        private readonly Scratch _scratch = new(), _render = new();
        private int _model = -1;
        private bool _tokenized;

        public ReadOnlySpan<ulong> Hashes(int document)
        {
            _model = models[document];
            _tokenized = false;
            genome.WriteTerms(_model, _terms, _scratch, _pieces);
            return _terms.Hashes();
        }

        public ReadOnlySpan<byte> Term(int term)
        {
            if (!_tokenized)
            {
                _text.Tokenize(genome.Render(_model, _render));
                _tokenized = true;
            }
            if (term >= _text.TermCount || TermTokenizer.HashTerm(_text.Term(term)) != _terms.HashAt(term))
                throw new InvalidOperationException($"clean-genome terms of model {_model} differ from its rendered text's at term {term}");
            return _text.Term(term);
        }
    }
}
