using System.Text;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The clean genome's terms without its text (native-notes/similarity.md, "Record terms without the record"): every
/// line is <c>key: value</c> ending in a newline, list items are joined by ", ", so every seam lies at a space, comma or
/// newline (<see cref="TermPiece"/>). A single-valued line (task, library, model type) is one piece per value, key and
/// newline included; a list is its key's piece, then one piece per item in the genome's order; only the id and the
/// author (mostly seen once or twice: not worth keeping) are tokenized per model. The vocabulary fit reads these (<see cref="OnDemand"/>), so the genome is rendered once, into
/// the pool the pairs read, instead of on every read of the fit as well. Equality with tokenizing <see cref="Render"/>'s
/// text is tested term for term (CleanTermsTests).
/// </summary>
public sealed partial class MetadataCleanGenome
{
    private static readonly TermPiece IdKey = TermPiece.Of("id: "u8, new TermTokenizer());
    private static readonly TermPiece[] ListKeyPieces = Array.ConvertAll(ListKeys, k => TermPiece.Of(k, new TermTokenizer()));

    /// <summary>Per value, built on first use (a race builds equal pieces; either is kept); held by the fit's corpus, not
    /// the genome, so they are garbage after the fit. Authors are not kept: most are seen once or twice (the author line
    /// is its key's piece and the author tokenized per model).</summary>
    private sealed class Pieces(MetadataCleanGenome genome)
    {
        public readonly TermPiece?[] Task = new TermPiece?[genome._task.Length], Library = new TermPiece?[genome._library.Length],
            ModelType = new TermPiece?[genome._modelTypes.Length];
        public readonly TermPiece?[][] Items = Array.ConvertAll(genome._utf8, v => new TermPiece?[v.Length]);
    }

    private static TermPiece Line(TermPiece?[] lines, byte[][] values, byte[] key, int value, TermTokenizer tok) =>
        lines[value] ??= values[value].Length == 0 ? TermPiece.Empty : TermPiece.Of([.. key, .. values[value], (byte)'\n'], tok);

    private static readonly TermPiece AuthorKey = TermPiece.Of("author: "u8, new TermTokenizer());

    private static readonly byte[] TaskKey = "pipeline_tag: "u8.ToArray(),
        LibraryKey = "library_name: "u8.ToArray(), ModelTypeKey = "model_type: "u8.ToArray();

    /// <summary>Model <paramref name="model"/>'s terms into <paramref name="terms"/> (cleared first), as tokenizing
    /// <see cref="Render"/>'s text would give them.</summary>
    private void WriteTerms(int model, TermSequence terms, Scratch scratch, TermTokenizer tok, Pieces lines)
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
        foreach (int t in _table[TraitKind.Task][model]) terms.Add(Line(lines.Task, _task, TaskKey, t, tok));
        foreach (int l in _table[TraitKind.Library][model]) terms.Add(Line(lines.Library, _library, LibraryKey, l, tok));
        if (_table.ModelType[model] >= 0) terms.Add(Line(lines.ModelType, _modelTypes, ModelTypeKey, _table.ModelType[model], tok));
        for (int k = 0; k < ListKinds.Length; k++)
        {
            int n = SortedItems(k, model, scratch);
            if (n == 0) continue;
            terms.Add(ListKeyPieces[k]);
            TermPiece?[] pieces = lines.Items[k];
            for (int i = 0; i < n; i++)
            {
                int v = scratch.Items[i];
                terms.Add(pieces[v] ??= TermPiece.Of(_utf8[k][v], tok));
            }
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
        private readonly Pieces _pieces = new(genome);
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => genome.Render(models[index], t_scratch ??= new Scratch());
        public ITermReader OpenReader() => new TermReader(genome, models, _pieces);
    }

    /// <summary>A reader of <paramref name="models"/>' terms (document i = model models[i]).</summary>
    private sealed class TermReader(MetadataCleanGenome genome, int[] models, Pieces pieces) : ITermReader
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
            genome.WriteTerms(_model, _terms, _scratch, _pieces, pieces);
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
