namespace Phylo.Text;

/// <summary>
/// A corpus whose documents can be turned into their term hashes without their text: a document assembled from pieces
/// whose terms are known in advance (a record frame around vocabulary values) hashes only what differs per document.
/// The fit and count passes read a document through <see cref="OpenReader"/> when the corpus offers it; the text
/// (<see cref="ITextCorpus"/>) stays the definition, and a reader must give exactly <see cref="TermTokenizer"/>'s terms
/// of it, in its order.
/// </summary>
public interface ITermCorpus : ITextCorpus
{
    /// <summary>A reader for one thread (not thread-safe; one per worker).</summary>
    ITermReader OpenReader();
}

/// <summary>One worker's view of an <see cref="ITermCorpus"/>.</summary>
public interface ITermReader
{
    /// <summary>Document <paramref name="document"/>'s term hashes (<see cref="TermTokenizer.HashTerm"/>), in
    /// <see cref="TermTokenizer"/>'s order: unigrams, then bigrams. Valid until the next call.</summary>
    ReadOnlySpan<ulong> Hashes(int document);

    /// <summary><see cref="Hashes"/> as the reader holds them, without joining them into one span: their concatenation,
    /// in order, is <see cref="Hashes"/>(<paramref name="document"/>). Valid until the next call.</summary>
    TermRuns Runs(int document) => new(Hashes(document), default);

    /// <summary>UTF-8 of term <paramref name="term"/> of the document last passed to <see cref="Hashes"/> (may render
    /// the document: for the rare first sight of a term, not for every term).</summary>
    ReadOnlySpan<byte> Term(int term);
}

/// <summary>A reader that assembles each document in a <see cref="TermSequence"/> (<see cref="Write"/>) and hands the terms
/// over joined (<see cref="Hashes"/>) or in place (<see cref="Runs"/>).</summary>
internal abstract class SequenceTermReader : ITermReader
{
    protected TermSequence Terms { get; } = new();

    /// <summary>Assembles document <paramref name="document"/>'s terms in <see cref="Terms"/>.</summary>
    protected abstract void Write(int document);

    public ReadOnlySpan<ulong> Hashes(int document)
    {
        Write(document);
        return Terms.Hashes();
    }

    public TermRuns Runs(int document)
    {
        Write(document);
        return Terms.Runs;
    }

    public abstract ReadOnlySpan<byte> Term(int term);
}

/// <summary>A document's term hashes in two runs, read in place (first, then second): a reader that assembles unigrams
/// and bigrams apart (<see cref="TermSequence"/>) hands them over without copying them into one span.</summary>
public readonly ref struct TermRuns(ReadOnlySpan<ulong> first, ReadOnlySpan<ulong> second)
{
    public ReadOnlySpan<ulong> First { get; } = first;

    public ReadOnlySpan<ulong> Second { get; } = second;

    public int Length => First.Length + Second.Length;
}

/// <summary>The reader of a corpus that only has text: tokenize, then hash every term.</summary>
public sealed class TokenizingReader(ITextCorpus docs) : ITermReader
{
    private readonly TermTokenizer _tok = new();
    private ulong[] _hashes = new ulong[1024];

    public ReadOnlySpan<ulong> Hashes(int document)
    {
        _tok.Tokenize(docs[document]);
        if (_hashes.Length < _tok.TermCount) _hashes = new ulong[2 * _tok.TermCount];
        return _hashes.AsSpan(0, _tok.HashTerms(_hashes));
    }

    public ReadOnlySpan<byte> Term(int term) => _tok.Term(term);

    /// <summary>The corpus's own reader when it has one, else a tokenizing one.</summary>
    public static ITermReader For(ITextCorpus docs) => docs is ITermCorpus terms ? terms.OpenReader() : new TokenizingReader(docs);
}
