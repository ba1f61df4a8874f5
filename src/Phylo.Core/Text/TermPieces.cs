using System.Runtime.CompilerServices;

namespace Phylo.Text;

/// <summary>
/// The terms of a piece of text tokenized on its own: unigram hashes, the hashes of the bigrams inside it, and its first
/// and last token (for the bigrams that cross into the pieces around it). Valid for a document built of pieces that
/// meet at a <i>hard separator</i>: where the byte on one side of every seam is ASCII space, comma, newline, a bracket
/// or a brace — neither a word character (no token runs across), nor cased nor case-ignorable (the final-sigma context
/// of <see cref="PythonUnicode.Lower"/> stops there) — so the document's tokens are exactly the pieces' tokens in order.
/// Immutable: built once per distinct value (a vocabulary entry, a constant key), shared by every thread.
/// </summary>
public sealed class TermPiece
{
    private static int s_pieces;

    private TermPiece(ulong[] unigrams, ulong[] bigrams, byte[] first, byte[] last)
    {
        Id = Interlocked.Increment(ref s_pieces);
        Unigrams = unigrams;
        Bigrams = bigrams;
        First = first;
        Last = last;
    }

    /// <summary>Unique in the process (a key for the bigram across two pieces, <see cref="TermSequence"/>).</summary>
    internal int Id { get; }

    /// <summary>Hashes of the piece's tokens, in order.</summary>
    public ulong[] Unigrams { get; }

    /// <summary>Hashes of the bigrams of adjacent tokens inside the piece (one fewer than the tokens).</summary>
    public ulong[] Bigrams { get; }

    /// <summary>Lowercased UTF-8 of the first and last token (empty when the piece has none).</summary>
    public byte[] First { get; }

    public byte[] Last { get; }

    public static TermPiece Empty { get; } = new([], [], [], []);

    /// <summary>Tokenizes <paramref name="utf8"/> with <paramref name="tok"/> (its previous state is lost).</summary>
    public static TermPiece Of(ReadOnlySpan<byte> utf8, TermTokenizer tok)
    {
        int n = tok.Tokenize(utf8);
        if (n == 0) return Empty;
        var hashes = new ulong[tok.TermCount];
        tok.HashTerms(hashes);
        return new TermPiece(hashes[..n], hashes[n..], tok.Token(0).ToArray(), tok.Token(n - 1).ToArray());
    }
}

/// <summary>
/// One document's term hashes assembled from pieces (<see cref="TermPiece"/>, or text tokenized in place), in
/// <see cref="TermTokenizer"/>'s order: every unigram, then every bigram. Only the bigrams across a seam are hashed
/// here. One per worker; not thread-safe.
/// </summary>
[SkipLocalsInit]
public sealed class TermSequence
{
    private readonly TermTokenizer _tok = new();
    private ulong[] _uni = new ulong[256], _bi = new ulong[256], _out = new ulong[512];
    private int _nUni, _nBi;
    private byte[] _pair = new byte[256];     // a seam's bigram: the last token, ' ', the next first token
    private byte[] _last = [];                // the last token so far: a piece's, or _textLast
    private byte[] _textLast = new byte[256]; // the last token of text tokenized here
    private int _lastLength = -1;             // −1: no token yet
    private int _lastPiece;                   // the piece that gave the last token, 0: text
    private byte[] _marked = new byte[256];
    private int _markFirst, _markLast;

    // Seam bigrams between two pieces (frame keys, tag after tag) repeat across documents: a direct-mapped cache keyed
    // by the two pieces' ids, so a repeated seam costs a lookup instead of a copy and a hash.
    private const int SeamBits = 12;
    private readonly ulong[] _seamKeys = new ulong[1 << SeamBits], _seamHashes = new ulong[1 << SeamBits];

    /// <summary>Starts a new document.</summary>
    public void Clear()
    {
        _nUni = _nBi = 0;
        _lastLength = -1;
        _lastPiece = 0;
    }

    /// <summary>Tokens so far.</summary>
    public int TokenCount => _nUni;

    /// <summary>Appends a piece's terms.</summary>
    public void Add(TermPiece piece)
    {
        ulong[] uni = piece.Unigrams, bi = piece.Bigrams;
        int n = uni.Length;
        if (n == 0) return;
        Reserve(n);
        if (_lastPiece != 0) CrossPieces(piece);
        else Cross(piece.First);
        // Pieces hold a few terms: a loop beats a memmove call.
        for (int i = 0; i < n; i++) _uni[_nUni + i] = uni[i];
        for (int i = 0; i < bi.Length; i++) _bi[_nBi + i] = bi[i];
        _nUni += n;
        _nBi += n - 1;
        _last = piece.Last;
        _lastLength = piece.Last.Length;
        _lastPiece = piece.Id;
    }

    private void CrossPieces(TermPiece next)
    {
        ulong key = (ulong)(uint)_lastPiece << 32 | (uint)next.Id;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - SeamBits));
        if (_seamKeys[slot] == key) { _bi[_nBi++] = _seamHashes[slot]; return; }
        Cross(next.First);
        _seamKeys[slot] = key;
        _seamHashes[slot] = _bi[_nBi - 1];
    }

    /// <summary>Appends the terms of <paramref name="utf8"/> tokenized on its own (it must meet its neighbours at hard
    /// separators, see <see cref="TermPiece"/>). Returns the range of the added unigrams, for <see cref="AddAgain"/>.</summary>
    public (int Start, int Count) AddText(ReadOnlySpan<byte> utf8)
    {
        int n = _tok.Tokenize(utf8), start = _nUni;
        if (n == 0) return (start, 0);
        Reserve(n);
        Cross(_tok.Token(0));
        for (int i = 0; i < n; i++) _uni[_nUni++] = TermTokenizer.HashTerm(_tok.Token(i));
        for (int i = n; i < _tok.TermCount; i++) _bi[_nBi++] = TermTokenizer.HashTerm(_tok.Term(i));
        SetLast(_tok.Token(n - 1));
        return (start, n);
    }

    /// <summary>Appends one token: <paramref name="token"/> must be what the tokenizer would make of it (lowercase word
    /// characters, at least two code points) and meet its neighbours at non-word characters.</summary>
    public void AddToken(ReadOnlySpan<byte> token)
    {
        Reserve(1);
        Cross(token);
        _uni[_nUni++] = TermTokenizer.HashTerm(token);
        SetLast(token);
    }

    /// <summary>Appends tokens given already split: <paramref name="spaced"/> is tokens (as <see cref="AddToken"/> takes
    /// them) joined by single spaces, so each bigram inside is a contiguous span of it.</summary>
    public void AddSpaced(ReadOnlySpan<byte> spaced)
    {
        int start = 0, previous = -1;
        Reserve(spaced.Length / 2 + 1);
        while (start < spaced.Length)
        {
            int space = spaced[start..].IndexOf((byte)' ');
            int end = space < 0 ? spaced.Length : start + space;
            ReadOnlySpan<byte> token = spaced[start..end];
            if (previous < 0) Cross(token);
            else _bi[_nBi++] = TermTokenizer.HashTerm(spaced[previous..end]);
            _uni[_nUni++] = TermTokenizer.HashTerm(token);
            previous = start;
            start = end + 1;
        }
        if (previous >= 0) SetLast(spaced[previous..]);
    }

    /// <summary>Keeps the first and last token of the text last added by <see cref="AddText"/> (with <see cref="AddAgain"/>
    /// its terms are appended again without tokenizing it again).</summary>
    public void Mark()
    {
        ReadOnlySpan<byte> first = _tok.TokenCount > 0 ? _tok.Token(0) : default, last = _tok.TokenCount > 0 ? _tok.Token(_tok.TokenCount - 1) : default;
        if (_marked.Length < first.Length + last.Length) _marked = new byte[2 * (first.Length + last.Length)];
        first.CopyTo(_marked);
        last.CopyTo(_marked.AsSpan(first.Length));
        _markFirst = first.Length;
        _markLast = last.Length;
    }

    /// <summary>Appends again the terms of the text <see cref="AddText"/> added as <paramref name="range"/> (and
    /// <see cref="Mark"/> kept): its unigrams and the bigrams inside it.</summary>
    public void AddAgain((int Start, int Count) range)
    {
        int n = range.Count;
        if (n == 0) return;
        Reserve(n);
        Cross(_marked.AsSpan(0, _markFirst));
        Array.Copy(_uni, range.Start, _uni, _nUni, n);
        // Bigram j joins tokens j and j + 1, so the inner bigrams of unigrams [s, s + n) are bigrams s .. s + n − 2.
        Array.Copy(_bi, range.Start, _bi, _nBi, n - 1);
        _nUni += n;
        _nBi += n - 1;
        SetLast(_marked.AsSpan(_markFirst, _markLast));
    }

    /// <summary>Term <paramref name="t"/> of the last <see cref="Hashes"/>.</summary>
    public ulong HashAt(int t) => _out[t];

    /// <summary>The document's term hashes: unigrams, then bigrams (valid until the next call).</summary>
    public ReadOnlySpan<ulong> Hashes()
    {
        int n = _nUni + _nBi;
        if (_out.Length < n) _out = new ulong[2 * n];
        _uni.AsSpan(0, _nUni).CopyTo(_out);
        _bi.AsSpan(0, _nBi).CopyTo(_out.AsSpan(_nUni));
        return _out.AsSpan(0, n);
    }

    // The bigram from the last token so far to `first`, when there is a last token.
    private void Cross(ReadOnlySpan<byte> first)
    {
        if (_lastLength < 0) return;
        int need = _lastLength + 1 + first.Length;
        if (_pair.Length < need) _pair = new byte[2 * need];
        _last.AsSpan(0, _lastLength).CopyTo(_pair);
        _pair[_lastLength] = (byte)' ';
        first.CopyTo(_pair.AsSpan(_lastLength + 1));
        _bi[_nBi++] = TermTokenizer.HashTerm(_pair.AsSpan(0, need));
    }

    // The last token from text (copied: the text's buffers are reused).
    private void SetLast(ReadOnlySpan<byte> last)
    {
        if (_textLast.Length < last.Length) _textLast = new byte[2 * last.Length];
        last.CopyTo(_textLast);
        _last = _textLast;
        _lastLength = last.Length;
        _lastPiece = 0;
    }

    private void Reserve(int tokens)
    {
        if (_uni.Length < _nUni + tokens) Array.Resize(ref _uni, 2 * (_nUni + tokens));
        if (_bi.Length < _nBi + tokens) Array.Resize(ref _bi, 2 * (_nBi + tokens));
    }
}
