namespace Phylo.Text;

/// <summary>
/// The terms of many pieces of text, each tokenized on its own, stored flat: per piece its unigram hashes, the hashes of
/// the bigrams inside it, and its first and last token (for the bigrams that cross into the pieces around it). Valid for a
/// document built of pieces that meet at a <i>hard separator</i>: where the byte on one side of every seam is ASCII space,
/// comma, newline, a bracket or a brace — neither a word character (no token runs across), nor cased nor case-ignorable
/// (the final-sigma context of <see cref="PythonUnicode.Lower"/> stops there) — so the document's tokens are exactly the
/// pieces' tokens in order (<see cref="TermSequence"/> assembles them).
/// <para>Five arrays for all pieces instead of five objects a piece (native-notes/similarity.md, "Term pieces, flat"):
/// ~8 B a term, ~12 B of offsets and the edge tokens' bytes a piece. Immutable once built; shared by every thread.</para>
/// </summary>
public sealed class TermPieces
{
    private static int s_ids;

    private readonly ulong[] _terms;     // piece p: _terms[_termStart[p] .. _termStart[p + 1]): unigrams, then inner bigrams
    private readonly int[] _termStart;
    private readonly byte[] _edges;      // piece p: _edges[_edgeStart[p] ..]: first token, then (two or more tokens) the last
    private readonly int[] _edgeStart;
    private readonly int[] _firstLength;

    private TermPieces(ulong[] terms, int[] termStart, byte[] edges, int[] edgeStart, int[] firstLength)
    {
        _terms = terms;
        _termStart = termStart;
        _edges = edges;
        _edgeStart = edgeStart;
        _firstLength = firstLength;
        // Ids key the bigrams across two pieces (TermSequence's seam cache): unique among the pieces alive together.
        FirstId = Interlocked.Add(ref s_ids, Math.Max(1, Count)) - Count + 1;
    }

    /// <summary>Pieces in the table.</summary>
    public int Count => _firstLength.Length;

    /// <summary>Id of piece 0 (piece p's id is FirstId + p, never 0).</summary>
    internal int FirstId { get; }

    /// <summary>Piece <paramref name="p"/>'s terms: its unigrams, then its inner bigrams (one fewer), or none.</summary>
    public ReadOnlySpan<ulong> Terms(int p) => _terms.AsSpan(_termStart[p], _termStart[p + 1] - _termStart[p]);

    /// <summary>Lowercased UTF-8 of piece <paramref name="p"/>'s first token (empty when it has none).</summary>
    public ReadOnlySpan<byte> First(int p) => _edges.AsSpan(_edgeStart[p], _firstLength[p]);

    /// <summary>Lowercased UTF-8 of piece <paramref name="p"/>'s last token (empty when it has none).</summary>
    public ReadOnlySpan<byte> Last(int p) => _edges.AsSpan(LastOffset(p), _edgeStart[p + 1] - LastOffset(p));

    /// <summary>Where piece <paramref name="p"/>'s last token starts in <see cref="Edges"/> (it ends where the next piece's
    /// edges start).</summary>
    internal int LastOffset(int p) => _edgeStart[p + 1] - _edgeStart[p] == _firstLength[p] ? _edgeStart[p] : _edgeStart[p] + _firstLength[p];

    internal byte[] Edges => _edges;

    /// <summary>One piece: <paramref name="utf8"/> tokenized on its own.</summary>
    public static TermPieces Of(ReadOnlySpan<byte> utf8) => Build([utf8.ToArray()]);

    /// <summary>Piece p = <paramref name="prefix"/> + <paramref name="values"/>[p] + <paramref name="suffix"/>, tokenized on
    /// its own. A value <paramref name="skip"/> marks, and with <paramref name="emptyIsNone"/> an empty value, gets no
    /// terms. Built in parallel, in blocks, and joined in block order (the same for any thread count).</summary>
    public static TermPieces Build(byte[][] values, byte[]? prefix = null, byte[]? suffix = null, bool emptyIsNone = false, bool[]? skip = null)
    {
        const int BlockSize = 2048;
        int n = values.Length, blocks = (n + BlockSize - 1) / BlockSize;
        var parts = new Block[blocks];
        Parallel.For(0, blocks, () => new TermTokenizer(), (b, _, tok) =>
        {
            parts[b] = Block.Of(values, b * BlockSize, Math.Min(n, b * BlockSize + BlockSize), prefix ?? [], suffix ?? [], emptyIsNone, skip, tok);
            return tok;
        }, _ => { });
        var termStart = new int[n + 1];
        var edgeStart = new int[n + 1];
        var firstLength = new int[n];
        int terms = 0, edges = 0;
        foreach (Block part in parts) { terms += part.Terms.Count; edges += part.Edges.Count; }
        var allTerms = new ulong[terms];
        var allEdges = new byte[edges];
        terms = edges = 0;
        for (int b = 0; b < blocks; b++)
        {
            Block part = parts[b];
            int start = b * BlockSize;
            for (int i = 0; i < part.FirstLength.Count; i++)
            {
                termStart[start + i] = terms + part.TermStart[i];
                edgeStart[start + i] = edges + part.EdgeStart[i];
                firstLength[start + i] = part.FirstLength[i];
            }
            part.Terms.CopyTo(allTerms, terms);
            part.Edges.CopyTo(allEdges, edges);
            terms += part.Terms.Count;
            edges += part.Edges.Count;
        }
        termStart[n] = terms;
        edgeStart[n] = edges;
        return new TermPieces(allTerms, termStart, allEdges, edgeStart, firstLength);
    }

    // One block of pieces with offsets relative to the block.
    private sealed class Block
    {
        public readonly List<ulong> Terms = [];
        public readonly List<byte> Edges = [];
        public readonly List<int> TermStart = [], EdgeStart = [], FirstLength = [];

        public static Block Of(byte[][] values, int start, int end, byte[] prefix, byte[] suffix, bool emptyIsNone, bool[]? skip, TermTokenizer tok)
        {
            var block = new Block();
            byte[] text = [];
            ulong[] hashBuffer = new ulong[64];
            for (int v = start; v < end; v++)
            {
                block.TermStart.Add(block.Terms.Count);
                block.EdgeStart.Add(block.Edges.Count);
                byte[] value = values[v];
                int tokens = 0;
                if (!(skip is not null && skip[v]) && !(emptyIsNone && value.Length == 0))
                {
                    int length = prefix.Length + value.Length + suffix.Length;
                    if (text.Length < length) text = new byte[Math.Max(length, 2 * text.Length)];
                    prefix.CopyTo(text, 0);
                    value.CopyTo(text, prefix.Length);
                    suffix.CopyTo(text, prefix.Length + value.Length);
                    tokens = tok.Tokenize(text.AsSpan(0, length));
                }
                if (tokens == 0) { block.FirstLength.Add(0); continue; }
                if (hashBuffer.Length < tok.TermCount) hashBuffer = new ulong[2 * tok.TermCount];
                int terms = tok.HashTerms(hashBuffer);
                block.Terms.AddRange(hashBuffer.AsSpan(0, terms));
                ReadOnlySpan<byte> first = tok.Token(0);
                block.FirstLength.Add(first.Length);
                block.Edges.AddRange(first);
                if (tokens > 1) block.Edges.AddRange(tok.Token(tokens - 1));
            }
            return block;
        }
    }
}
