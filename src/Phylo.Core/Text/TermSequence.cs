using System.Runtime.CompilerServices;

namespace Phylo.Text;

/// <summary>
/// One document's term hashes assembled from pieces (<see cref="TermPieces"/>, or text tokenized in place), in
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
    private byte[] _last = [];                // the last token so far: _last[_lastOffset..] (a piece table's edges, or _textLast)
    private int _lastOffset;
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

    /// <summary>Appends the terms of piece <paramref name="p"/> of <paramref name="pieces"/>.</summary>
    public void Add(TermPieces pieces, int p)
    {
        ReadOnlySpan<ulong> terms = pieces.Terms(p);
        if (terms.Length == 0) return;
        int n = (terms.Length + 1) / 2, id = pieces.FirstId + p;
        Reserve(n);
        if (_lastPiece != 0) CrossPieces(id, pieces, p);
        else Cross(pieces.First(p));
        // Pieces hold a few terms: a loop beats a memmove call.
        for (int i = 0; i < n; i++) _uni[_nUni + i] = terms[i];
        for (int i = n; i < terms.Length; i++) _bi[_nBi + i - n] = terms[i];
        _nUni += n;
        _nBi += n - 1;
        _last = pieces.Edges;
        _lastOffset = pieces.LastOffset(p);
        _lastLength = pieces.Last(p).Length;
        _lastPiece = id;
    }

    /// <summary>Appends the terms of a table's only piece (a constant key).</summary>
    public void Add(TermPieces piece) => Add(piece, 0);

    private void CrossPieces(int id, TermPieces pieces, int p)
    {
        ulong key = (ulong)(uint)_lastPiece << 32 | (uint)id;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - SeamBits));
        if (_seamKeys[slot] == key) { _bi[_nBi++] = _seamHashes[slot]; return; }
        Cross(pieces.First(p));
        _seamKeys[slot] = key;
        _seamHashes[slot] = _bi[_nBi - 1];
    }

    /// <summary>Appends the terms of <paramref name="utf8"/> tokenized on its own (it must meet its neighbours at hard
    /// separators, see <see cref="TermPieces"/>). Returns the range of the added unigrams, for <see cref="AddAgain"/>.</summary>
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

    /// <summary>Term <paramref name="t"/> of the document (as <see cref="Hashes"/> orders them).</summary>
    public ulong HashAt(int t) => t < _nUni ? _uni[t] : _bi[t - _nUni];

    /// <summary>The document's term hashes in place, unigrams then bigrams (valid until the next call): what
    /// <see cref="Hashes"/> joins, without the copy.</summary>
    public TermRuns Runs => new(_uni.AsSpan(0, _nUni), _bi.AsSpan(0, _nBi));

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
        _last.AsSpan(_lastOffset, _lastLength).CopyTo(_pair);
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
        _lastOffset = 0;
        _lastLength = last.Length;
        _lastPiece = 0;
    }

    private void Reserve(int tokens)
    {
        if (_uni.Length < _nUni + tokens) Array.Resize(ref _uni, 2 * (_nUni + tokens));
        if (_bi.Length < _nBi + tokens) Array.Resize(ref _bi, 2 * (_nBi + tokens));
    }
}
