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
    /// terms. Two parallel passes (sizes, then terms and edges written in place), so nothing but the table is
    /// allocated: the same table for any thread count.</summary>
    public static TermPieces Build(byte[][] values, byte[]? prefix = null, byte[]? suffix = null, bool emptyIsNone = false, bool[]? skip = null)
    {
        int n = values.Length;
        var termStart = new int[n + 1];
        var edgeStart = new int[n + 1];
        var firstLength = new int[n];
        var text = new Text(values, prefix ?? [], suffix ?? [], emptyIsNone, skip);
        ForEachBlock(n, (v, tok, tokens) =>
        {
            if (tokens == 0) return;
            termStart[v + 1] = 2 * tokens - 1;
            firstLength[v] = tok.Token(0).Length;
            edgeStart[v + 1] = firstLength[v] + (tokens > 1 ? tok.Token(tokens - 1).Length : 0);
        }, text);
        for (int v = 0; v < n; v++)
        {
            termStart[v + 1] += termStart[v];
            edgeStart[v + 1] += edgeStart[v];
        }
        var terms = new ulong[termStart[n]];
        var edges = new byte[edgeStart[n]];
        ForEachBlock(n, (v, tok, tokens) =>
        {
            if (tokens == 0) return;
            tok.HashTerms(terms.AsSpan(termStart[v], termStart[v + 1] - termStart[v]));
            tok.Token(0).CopyTo(edges.AsSpan(edgeStart[v]));
            if (tokens > 1) tok.Token(tokens - 1).CopyTo(edges.AsSpan(edgeStart[v] + firstLength[v]));
        }, text);
        return new TermPieces(terms, termStart, edges, edgeStart, firstLength);
    }

    // Tokenizes every piece's text, in parallel blocks, and hands each to `body` with its token count.
    private static void ForEachBlock(int n, Action<int, TermTokenizer, int> body, Text text)
    {
        const int BlockSize = 2048;
        Parallel.For(0, (n + BlockSize - 1) / BlockSize, () => (new TermTokenizer(), new byte[256]), (b, _, worker) =>
        {
            for (int v = b * BlockSize; v < Math.Min(n, b * BlockSize + BlockSize); v++)
                body(v, worker.Item1, text.Tokenize(v, worker.Item1, ref worker.Item2));
            return worker;
        }, _ => { });
    }

    private sealed class Text(byte[][] values, byte[] prefix, byte[] suffix, bool emptyIsNone, bool[]? skip)
    {
        // Piece v's text tokenized by `tok` (buffer: its text); returns its tokens (0: no terms).
        public int Tokenize(int v, TermTokenizer tok, ref byte[] buffer)
        {
            byte[] value = values[v];
            if (skip is not null && skip[v] || emptyIsNone && value.Length == 0) return 0;
            int length = prefix.Length + value.Length + suffix.Length;
            if (buffer.Length < length) buffer = new byte[Math.Max(length, 2 * buffer.Length)];
            prefix.CopyTo(buffer, 0);
            value.CopyTo(buffer, prefix.Length);
            suffix.CopyTo(buffer, prefix.Length + value.Length);
            return tok.Tokenize(buffer.AsSpan(0, length));
        }
    }
}
