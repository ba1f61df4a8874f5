using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Phylo.Text;

/// <summary>
/// scikit-learn's default word analyzer with <c>ngram_range=(1, 2)</c> on UTF-8 text:
/// <c>str.lower()</c>, tokens = <c>re.findall(r"(?u)\b\w\w+\b")</c> (maximal runs of ≥ 2 word code points, see
/// <see cref="PythonUnicode"/>), then every unigram and every bigram "a b" (one space).
/// <para>
/// Allocation-free after warm-up: one tokenizer per thread owns a scratch buffer holding the lowercased tokens
/// separated by single spaces, so unigram i is a span and bigram i is the contiguous span from token i's start to
/// token i+1's end. Terms are identified by <see cref="HashTerm"/> (64-bit XxHash3 of the term's UTF-8 bytes).
/// Term t &lt; <see cref="TokenCount"/> is unigram t; term TokenCount + i is bigram (i, i+1). Not thread-safe.
/// </para>
/// </summary>
[SkipLocalsInit]
public sealed class TermTokenizer
{
    private byte[] _text = new byte[4096];
    private int[] _starts = new int[1024];
    private int[] _ends = new int[1024];
    private int _tokens;

    /// <summary>Tokens of the last <see cref="Tokenize"/> call.</summary>
    public int TokenCount => _tokens;

    /// <summary>Unigrams plus bigrams of the last call: sklearn's analyzer output length.</summary>
    public int TermCount => _tokens == 0 ? 0 : 2 * _tokens - 1;

    /// <summary>Lowercased UTF-8 of unigram <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> Token(int i) => _text.AsSpan(_starts[i], _ends[i] - _starts[i]);

    /// <summary>UTF-8 of term <paramref name="t"/> (unigram or bigram, see the class remarks).</summary>
    public ReadOnlySpan<byte> Term(int t)
    {
        if (t < _tokens) return Token(t);
        int i = t - _tokens;
        return _text.AsSpan(_starts[i], _ends[i + 1] - _starts[i]);
    }

    /// <summary>The term id used everywhere: 64-bit XxHash3 (seed 0) of the term's UTF-8 bytes.</summary>
    public static ulong HashTerm(ReadOnlySpan<byte> utf8Term) => XxHash3.HashToUInt64(utf8Term);

    /// <summary>Writes the hash of every term (unigrams first, then bigrams) into <paramref name="hashes"/>
    /// (length ≥ <see cref="TermCount"/>) and returns <see cref="TermCount"/>.</summary>
    public int HashTerms(Span<ulong> hashes)
    {
        int n = TermCount;
        for (int t = 0; t < n; t++) hashes[t] = HashTerm(Term(t));
        return n;
    }

    /// <summary>Tokenizes one document; invalid UTF-8 decodes to U+FFFD (not a word character). Returns <see cref="TokenCount"/>.</summary>
    public int Tokenize(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        Span<int> lowered = stackalloc int[2];
        byte[] text = _text;
        int outLen = 0, tokenStart = -1, tokenCps = 0, tokens = 0, i = 0;
        while (i < utf8.Length)
        {
            int b = utf8[i];
            if (b < 0x80)
            {
                // ASCII: lowercase and classify with bit tables, no decoding.
                i++;
                if (PythonUnicode.IsAsciiWord(b))
                {
                    if (tokenStart < 0) { tokenStart = outLen; tokenCps = 0; }
                    text[outLen++] = (byte)((uint)(b - 'A') <= 'Z' - 'A' ? b | 0x20 : b);
                    tokenCps++;
                }
                else if (tokenStart >= 0) { EndToken(ref tokens, ref outLen, tokenStart, tokenCps); tokenStart = -1; }
                continue;
            }
            if (Rune.DecodeFromUtf8(utf8[i..], out Rune r, out int used) != OperationStatus.Done) { r = Rune.ReplacementChar; used = Math.Max(used, 1); }
            int count = PythonUnicode.Lower(utf8, i, used, r.Value, lowered);
            i += used;
            for (int k = 0; k < count; k++)
            {
                int c = lowered[k];
                if (PythonUnicode.IsWord(c))
                {
                    if (tokenStart < 0) { tokenStart = outLen; tokenCps = 0; }
                    outLen += new Rune(c).EncodeToUtf8(text.AsSpan(outLen));
                    tokenCps++;
                }
                else if (tokenStart >= 0) { EndToken(ref tokens, ref outLen, tokenStart, tokenCps); tokenStart = -1; }
            }
        }
        if (tokenStart >= 0) EndToken(ref tokens, ref outLen, tokenStart, tokenCps);
        _tokens = tokens;
        return tokens;
    }

    private void EndToken(ref int tokens, ref int outLen, int start, int codePoints)
    {
        if (codePoints < 2) { outLen = start; return; } // \w\w+ needs two word characters
        _starts[tokens] = start;
        _ends[tokens] = outLen;
        tokens++;
        _text[outLen++] = (byte)' ';
    }

    // Lowercasing grows UTF-8 by at most 3/2 per character (2 → 3 bytes) and each token (≥ 2 input bytes) adds
    // one separator, so 2 × input + 8 bytes always suffice; tokens are at most input/2 + 1.
    private void Reserve(int inputBytes)
    {
        int need = 2 * inputBytes + 8;
        if (_text.Length < need) _text = new byte[Math.Max(need, 2 * _text.Length)];
        int tokens = inputBytes / 2 + 2;
        if (_starts.Length < tokens)
        {
            _starts = new int[Math.Max(tokens, 2 * _starts.Length)];
            _ends = new int[_starts.Length];
        }
    }
}
