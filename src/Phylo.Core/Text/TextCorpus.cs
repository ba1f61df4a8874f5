using System.Text;

namespace Phylo.Text;

/// <summary>Read-only random access to N UTF-8 documents: what the fit and vectorize passes consume.
/// Implementations must be safe for concurrent readers.</summary>
public interface ITextCorpus
{
    int Count { get; }

    ReadOnlySpan<byte> this[int index] { get; }
}

/// <summary>Documents packed in one byte array with N+1 offsets (document i is bytes[offsets[i]..offsets[i+1]]).</summary>
public sealed class Utf8Corpus : ITextCorpus
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    public Utf8Corpus(byte[] bytes, int[] offsets)
    {
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] > bytes.Length)
            throw new ArgumentException("offsets must start at 0 and end within bytes", nameof(offsets));
        _bytes = bytes;
        _offsets = offsets;
    }

    public int Count => _offsets.Length - 1;

    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>Encodes strings as UTF-8 (tests, benchmarks, small inputs).</summary>
    public static Utf8Corpus FromStrings(IReadOnlyList<string> docs)
    {
        var offsets = new int[docs.Count + 1];
        for (int i = 0; i < docs.Count; i++) offsets[i + 1] = offsets[i] + Encoding.UTF8.GetByteCount(docs[i]);
        var bytes = new byte[offsets[^1]];
        for (int i = 0; i < docs.Count; i++) Encoding.UTF8.GetBytes(docs[i], bytes.AsSpan(offsets[i]));
        return new Utf8Corpus(bytes, offsets);
    }
}
