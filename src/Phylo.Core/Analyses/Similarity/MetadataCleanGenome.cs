using System.Text;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The metadata genome: a model's Hub record serialized canonically as UTF-8 text, one <c>key: value</c> line per
/// non-empty field, in this fixed order:
/// <code>
/// id: org/name
/// author: org
/// pipeline_tag: text-generation
/// library_name: transformers
/// model_type: llama
/// licenses: apache-2.0, mit          (every list: values sorted ordinally, joined by ", ")
/// languages: English, French
/// datasets: …
/// arxiv: …
/// tags: …                            (minus base_model:… tags)
/// </code>
/// Every model has one. Left out on purpose: <b>parent links</b> (<c>base_model:</c> tags, parent columns) — they
/// are the edge itself, so every sibling would share its parent's id token and parent–child pairs would share the
/// link by construction; the genome should show what is inherited, not restate the declared relation.
/// <b>likes, downloads, createdAt</b> — popularity and time are not inherited, change between snapshots, and their
/// digits would match unrelated models. <b>Empty fields</b> — a key line without a value would be shared by every
/// model and lift all similarities equally. The id stays: names are inherited (<c>…-GGUF</c>, <c>…-lora</c>).
/// </summary>
public sealed partial class MetadataCleanGenome
{
    private static readonly TraitKind[] ListKinds = [TraitKind.License, TraitKind.Language, TraitKind.Dataset, TraitKind.Arxiv, TraitKind.Tag];
    private static readonly byte[][] ListKeys = ["licenses: "u8.ToArray(), "languages: "u8.ToArray(), "datasets: "u8.ToArray(), "arxiv: "u8.ToArray(), "tags: "u8.ToArray()];

    private readonly ModelTable _table;
    private readonly byte[][][] _utf8;   // per list kind: vocabulary as UTF-8
    private readonly int[][] _rank;      // per list kind: ordinal rank of each vocabulary entry
    private readonly bool[] _dropTag;    // tag vocabulary entries that are parent links
    private readonly byte[][] _task, _library, _authors, _modelTypes;
    private readonly Lazy<RenderedCorpus> _rendered;
    private readonly bool[]? _only;      // the models rendered (null: all); the others read as empty

    /// <param name="only">The models whose genomes <see cref="Rendered"/> holds (a shard's needed models: no other is
    /// read, and a shard's table may not hold the others' rows); null: every model.</param>
    public MetadataCleanGenome(ModelTable table, bool[]? only = null)
    {
        _table = table;
        _only = only;
        _utf8 = new byte[ListKinds.Length][][];
        _rank = new int[ListKinds.Length][];
        for (int k = 0; k < ListKinds.Length; k++)
        {
            string[] vocab = table[ListKinds[k]].Vocabulary;
            _utf8[k] = Encode(vocab);
            var order = new int[vocab.Length];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(order, (a, b) => string.CompareOrdinal(vocab[a], vocab[b]));
            _rank[k] = new int[vocab.Length];
            for (int r = 0; r < order.Length; r++) _rank[k][order[r]] = r;
        }
        string[] tags = table[TraitKind.Tag].Vocabulary;
        _dropTag = new bool[tags.Length];
        for (int i = 0; i < tags.Length; i++) _dropTag[i] = tags[i].StartsWith("base_model:", StringComparison.Ordinal);
        _task = Encode(table[TraitKind.Task].Vocabulary);
        _library = Encode(table[TraitKind.Library].Vocabulary);
        _authors = Encode(table.Authors);
        _modelTypes = Encode(table.ModelTypes);
        _rendered = new Lazy<RenderedCorpus>(RenderAll);
    }

    private static byte[][] Encode(string[] values)
    {
        var r = new byte[values.Length][];
        for (int i = 0; i < values.Length; i++) r[i] = Encoding.UTF8.GetBytes(values[i]);
        return r;
    }

    /// <summary>Per-thread buffers for <see cref="Render"/>.</summary>
    public sealed class Scratch
    {
        internal byte[] Text = new byte[1024];
        internal int[] Keys = new int[64];
        internal int[] Items = new int[64];
    }

    /// <summary>Writes model <paramref name="model"/>'s genome into <paramref name="scratch"/> and returns it
    /// (valid until the next call with the same scratch).</summary>
    public ReadOnlySpan<byte> Render(int model, Scratch scratch)
    {
        int end = RenderAt(model, scratch, 0); // first: a render may replace the buffer
        return scratch.Text.AsSpan(0, end);
    }

    // Writes model's genome into scratch.Text from `start` (what is before it is kept); returns where it ends.
    private int RenderAt(int model, Scratch scratch, int start)
    {
        int at = start;
        var w = new Writer(scratch);
        w.Append("id: "u8, ref at);
        w.Append(_table.Ids[model], ref at);
        w.Append("\n"u8, ref at);
        if (_table.Author[model] >= 0) w.Line("author: "u8, _authors[_table.Author[model]], ref at);
        foreach (int t in _table[TraitKind.Task][model]) w.Line("pipeline_tag: "u8, _task[t], ref at);
        foreach (int l in _table[TraitKind.Library][model]) w.Line("library_name: "u8, _library[l], ref at);
        if (_table.ModelType[model] >= 0) w.Line("model_type: "u8, _modelTypes[_table.ModelType[model]], ref at);
        for (int k = 0; k < ListKinds.Length; k++) WriteList(k, model, ref w, ref at);
        return at;
    }

    private void WriteList(int k, int model, ref Writer w, ref int at)
    {
        Scratch s = w.Scratch;
        int n = SortedItems(k, model, s);
        if (n == 0) return;
        w.Append(ListKeys[k], ref at);
        for (int i = 0; i < n; i++)
        {
            if (i > 0) w.Append(", "u8, ref at);
            w.Append(_utf8[k][s.Items[i]], ref at);
        }
        w.Append("\n"u8, ref at);
    }

    // List kind k's values of the model in the genome's order (ordinal; parent-link tags left out) into scratch.Items;
    // returns how many. Ranks are distinct per value (a permutation), so any sort gives the same items in the same order.
    private int SortedItems(int k, int model, Scratch s)
    {
        ReadOnlySpan<int> row = _table[ListKinds[k]][model];
        if (s.Keys.Length < row.Length) { s.Keys = new int[2 * row.Length]; s.Items = new int[2 * row.Length]; }
        int n = 0;
        bool tags = ListKinds[k] == TraitKind.Tag;
        int[] keys = s.Keys, items = s.Items, rank = _rank[k];
        foreach (int v in row)
        {
            if (tags && _dropTag[v]) continue;
            keys[n] = rank[v];
            items[n++] = v;
        }
        if (n > InsertionSortMax) keys.AsSpan(0, n).Sort(items.AsSpan(0, n));
        else
        {
            // Most lists hold a few values: an insertion sort without the general sort's calls.
            for (int i = 1; i < n; i++)
            {
                int key = keys[i], item = items[i], j = i - 1;
                for (; j >= 0 && keys[j] > key; j--) { keys[j + 1] = keys[j]; items[j + 1] = items[j]; }
                keys[j + 1] = key;
                items[j + 1] = item;
            }
        }
        return n;
    }

    private const int InsertionSortMax = 24;

    private readonly struct Writer(Scratch scratch)
    {
        public Scratch Scratch => scratch;

        public void Line(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ref int at)
        {
            if (value.IsEmpty) return;
            Append(key, ref at);
            Append(value, ref at);
            Append("\n"u8, ref at);
        }

        public void Append(string text, ref int at)
        {
            int max = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (scratch.Text.Length - at < max) Array.Resize(ref scratch.Text, Math.Max(2 * scratch.Text.Length, at + max));
            at += Encoding.UTF8.GetBytes(text, scratch.Text.AsSpan(at));
        }

        public void Append(ReadOnlySpan<byte> bytes, ref int at)
        {
            if (scratch.Text.Length - at < bytes.Length) Array.Resize(ref scratch.Text, Math.Max(2 * scratch.Text.Length, at + bytes.Length));
            bytes.CopyTo(scratch.Text.AsSpan(at));
            at += bytes.Length;
        }
    }

    /// <summary>Every model's genome, rendered once (on first use, on all cores, in fixed chunks: the same bytes for
    /// any thread count) into UTF-8 pools of <see cref="RenderChunk"/> models each: the vocabulary fit reads each
    /// genome twice and every sampled metadata pair two more, which would otherwise re-serialize (and re-sort the
    /// lists of) the same records again and again. ~190 bytes per model on the synthetic ecosystem: 350 MB at 1.86M
    /// models, written once (the pools are not joined into one array: that copy was as much memory again).</summary>
    public ITextCorpus Rendered => _rendered.Value;

    /// <summary>Model <paramref name="model"/>'s genome from <see cref="Rendered"/>.</summary>
    public ReadOnlySpan<byte> Text(int model) => Rendered[model];

    /// <summary><see cref="Rendered"/> as the corpus the fit and vectorize passes consume.</summary>
    public ITextCorpus Corpus() => Rendered;

    /// <summary>The genomes of <paramref name="models"/> only (document i = model models[i]): a shard's documents.</summary>
    public ITextCorpus Corpus(int[] models) => new Subset(_rendered.Value, models);

    private sealed class Subset(RenderedCorpus all, int[] models) : ITextCorpus
    {
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => all[models[index]];
    }

    /// <summary>The genomes of <paramref name="models"/> for the vocabulary fit, without the pool: an
    /// <see cref="ITermCorpus"/> whose readers build each genome's terms from pieces (no text, see WriteTerms), and whose
    /// text, when asked, is rendered per access into the calling thread's buffer (valid until that thread's next access),
    /// the same bytes as <see cref="Rendered"/>. So the pool (~340 MB at full scale) is not resident while the fit's row
    /// chunks are (the featurize stage's peak), and is rendered once, after the fit.</summary>
    public ITextCorpus OnDemand(int[] models) => new TermCorpus(this, models);

    [ThreadStatic] private static Scratch? t_scratch;

    private const int RenderShift = 12;

    /// <summary>Models per rendered pool.</summary>
    public const int RenderChunk = 1 << RenderShift;

    private sealed class RenderedCorpus(Utf8Corpus[] chunks, int count) : ITextCorpus
    {
        public int Count => count;
        public ReadOnlySpan<byte> this[int index] => chunks[index >> RenderShift][index & (RenderChunk - 1)];
    }

    // Each worker renders a chunk's genomes one after another into its scratch (grown as needed, kept for all its
    // chunks); a chunk's pool is one exact copy of it.
    private RenderedCorpus RenderAll()
    {
        int n = _table.Count, chunks = (n + RenderChunk - 1) / RenderChunk;
        var parts = new Utf8Corpus[chunks];
        Parallel.For(0, chunks, () => new Scratch { Text = new byte[256 * RenderChunk] }, (c, _, scratch) =>
        {
            int start = c * RenderChunk, end = Math.Min(n, start + RenderChunk);
            var offsets = new int[end - start + 1];
            for (int m = start; m < end; m++)
            {
                int at = offsets[m - start];
                offsets[m - start + 1] = _only is null || _only[m] ? RenderAt(m, scratch, at) : at;
            }
            parts[c] = new Utf8Corpus(scratch.Text.AsSpan(0, offsets[^1]).ToArray(), offsets);
            return scratch;
        }, _ => { });
        return new RenderedCorpus(parts, n);
    }
}
