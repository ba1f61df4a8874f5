using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using Phylo.Kernels;

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

    /// <summary>Tokens of the last <see cref="Tokenize(ReadOnlySpan{byte})"/> call.</summary>
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
    public int Tokenize(ReadOnlySpan<byte> utf8) => Tokenize(utf8, Simd.Level);

    /// <summary><see cref="Tokenize(ReadOnlySpan{byte})"/> at an explicit vector level (tests run every level against
    /// <see cref="SimdLevel.Scalar"/>). Runs of ASCII are classified and lowercased 16 or 32 bytes at a time
    /// (<see cref="AsciiBlock"/>); other bytes are decoded one code point at a time.</summary>
    internal int Tokenize(ReadOnlySpan<byte> utf8, SimdLevel level)
    {
        Reserve(utf8.Length);
        Span<int> lowered = stackalloc int[2];
        Span<byte> block = stackalloc byte[2 * BlockBytes];
        int width = level >= SimdLevel.V256 ? 32 : level >= SimdLevel.V128 ? 16 : 0; // levels are capped to the CPU's
        byte[] text = _text;
        var state = new RunState { TokenStart = -1 };
        int i = 0;
        while (i < utf8.Length)
        {
            if (width > 0 && utf8.Length - i >= width)
            {
                int ascii = AsciiBlock(utf8.Slice(i, width), block, ref state);
                i += ascii;
                if (ascii == width) continue;
            }
            int b = utf8[i];
            if (b < 0x80)
            {
                // ASCII: lowercase and classify with bit tables, no decoding.
                i++;
                if (PythonUnicode.IsAsciiWord(b))
                {
                    if (state.TokenStart < 0) { state.TokenStart = state.OutLen; state.TokenCps = 0; }
                    text[state.OutLen++] = (byte)((uint)(b - 'A') <= 'Z' - 'A' ? b | 0x20 : b);
                    state.TokenCps++;
                }
                else if (state.TokenStart >= 0) EndToken(ref state);
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
                    if (state.TokenStart < 0) { state.TokenStart = state.OutLen; state.TokenCps = 0; }
                    state.OutLen += new Rune(c).EncodeToUtf8(text.AsSpan(state.OutLen));
                    state.TokenCps++;
                }
                else if (state.TokenStart >= 0) EndToken(ref state);
            }
        }
        if (state.TokenStart >= 0) EndToken(ref state);
        _tokens = state.Tokens;
        return state.Tokens;
    }

    private const int BlockBytes = 32;

    // The scan's state: output length, the open token's start (−1: none) and code points, tokens ended.
    private struct RunState
    {
        public int OutLen, TokenStart, TokenCps, Tokens;
    }

    // Classifies and lowercases `bytes` (16 or 32) at once; handles its leading ASCII bytes run by run (a run of word
    // bytes is copied lowercased, a run of other bytes ends the open token) and returns how many it handled: all of
    // them, or up to the first non-ASCII byte. `block` (64 bytes) holds the lowercased bytes, so a run's copy is one
    // unaligned 32-byte load and store (the text buffer has that much slack past any token, see Reserve).
    private int AsciiBlock(ReadOnlySpan<byte> bytes, Span<byte> block, ref RunState state)
    {
        uint word, high;
        if (bytes.Length == 32)
        {
            Vector256<byte> v = Vector256.Create(bytes);
            Vector256<byte> upper = Vector256.LessThan(v - Vector256.Create((byte)'A'), Vector256.Create((byte)26));
            Vector256<byte> lower = v | (upper & Vector256.Create((byte)0x20));
            Vector256<byte> isWord = Vector256.LessThan(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)26))
                | Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10))
                | Vector256.Equals(v, Vector256.Create((byte)'_'));
            lower.CopyTo(block);
            word = isWord.ExtractMostSignificantBits();
            high = v.ExtractMostSignificantBits();
        }
        else
        {
            Vector128<byte> v = Vector128.Create(bytes);
            Vector128<byte> upper = Vector128.LessThan(v - Vector128.Create((byte)'A'), Vector128.Create((byte)26));
            Vector128<byte> lower = v | (upper & Vector128.Create((byte)0x20));
            Vector128<byte> isWord = Vector128.LessThan(lower - Vector128.Create((byte)'a'), Vector128.Create((byte)26))
                | Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10))
                | Vector128.Equals(v, Vector128.Create((byte)'_'));
            lower.CopyTo(block);
            word = isWord.ExtractMostSignificantBits();
            high = v.ExtractMostSignificantBits();
        }
        int n = high == 0 ? bytes.Length : BitOperations.TrailingZeroCount(high), pos = 0;
        ref byte text = ref MemoryMarshal.GetArrayDataReference(_text);
        ref byte lowered = ref MemoryMarshal.GetReference(block);
        while (pos < n)
        {
            uint rest = word >> pos;
            if (state.TokenStart >= 0)
            {
                int run = Math.Min(BitOperations.TrailingZeroCount(~rest), n - pos);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref text, state.OutLen), Unsafe.ReadUnaligned<Vector256<byte>>(ref Unsafe.Add(ref lowered, pos)));
                state.OutLen += run;
                state.TokenCps += run;
                pos += run;
                if (pos < n) EndToken(ref state);
            }
            else
            {
                pos += Math.Min(BitOperations.TrailingZeroCount(rest), n - pos);
                if (pos < n) { state.TokenStart = state.OutLen; state.TokenCps = 0; }
            }
        }
        return n;
    }

    private void EndToken(ref RunState state)
    {
        int start = state.TokenStart;
        state.TokenStart = -1;
        if (state.TokenCps < 2) { state.OutLen = start; return; } // \w\w+ needs two word characters
        _starts[state.Tokens] = start;
        _ends[state.Tokens] = state.OutLen;
        state.Tokens++;
        _text[state.OutLen++] = (byte)' ';
    }

    // Lowercasing grows UTF-8 by at most 3/2 per character (2 → 3 bytes) and each token (≥ 2 input bytes) adds
    // one separator, so 2 × input + 8 bytes always suffice; tokens are at most input/2 + 1. A block's run is copied
    // with a 32-byte store: BlockBytes more of slack.
    private void Reserve(int inputBytes)
    {
        int need = 2 * inputBytes + 8 + BlockBytes;
        if (_text.Length < need) _text = new byte[Math.Max(need, 2 * _text.Length)];
        int tokens = inputBytes / 2 + 2;
        if (_starts.Length < tokens)
        {
            _starts = new int[Math.Max(tokens, 2 * _starts.Length)];
            _ends = new int[_starts.Length];
        }
    }
}
