using System.Buffers.Binary;

namespace Phylo.Text;

/// <summary>
/// sklearn's choice among terms tied at the <c>max_features</c> cut (docs/definitions.md, "Vocabulary and ties"),
/// at any corpus size. sklearn sorts every term alphabetically, then keeps <c>(-tfs).argsort()[:k]</c> with numpy's
/// unstable quicksort, so which tied terms survive depends on where every term of the corpus sits in that order.
/// When the k-th and (k+1)-th most frequent terms are not tied (the usual case on large corpora) there is nothing to
/// decide and no string beyond the vocabulary's is read. Otherwise this replays numpy's sort over every term:
/// one extra tokenizing pass collects the string of every distinct term (into one pool per worker, no object per
/// term), the terms are put in code-point order (by their first 8 bytes as an integer, then the rest within equal
/// prefixes), and <see cref="NumpyArgsort.ArgsortPrefix"/> gives the first k positions. The result is exactly k
/// candidates, which the ordinary fit then finishes.
/// </summary>
public static class NumpyTieBreak
{
    /// <summary>Whether more terms reach the cut's count than the cut keeps.</summary>
    public static bool HasTies(VocabularyCandidates c) => c.Hashes.Length > c.MaxFeatures;

    /// <summary>The k terms numpy keeps, from every term's hash and count (<paramref name="allHashes"/> ascending).</summary>
    public static VocabularyCandidates Resolve(ITextCorpus docs, ulong[] allHashes, long[] allCounts, VocabularyCandidates cut, int threads) =>
        Resolve(allHashes, allCounts, Collect(docs, allHashes, threads), cut);

    /// <summary><see cref="Resolve(ITextCorpus, ulong[], long[], VocabularyCandidates, int)"/> with the strings known.</summary>
    public static VocabularyCandidates Resolve(ulong[] hashes, long[] counts, TermStrings strings, VocabularyCandidates cut)
    {
        int n = hashes.Length, k = cut.MaxFeatures;
        int[] order = strings.CodePointOrder();
        var negated = new long[n];
        for (int i = 0; i < n; i++) negated[i] = -counts[order[i]];
        int[] first = NumpyArgsort.ArgsortPrefix(negated, k);
        var chosen = new int[first.Length];
        for (int j = 0; j < first.Length; j++) chosen[j] = order[first[j]];
        Array.Sort(chosen);                                   // hashes ascending, as candidates are
        return new VocabularyCandidates(Array.ConvertAll(chosen, i => hashes[i]), Array.ConvertAll(chosen, i => counts[i]),
            cut.Threshold, k, cut.DocumentCount, IsComplete: chosen.Length == n);
    }

    /// <summary>The UTF-8 of every term in <paramref name="hashes"/> (ascending), from its first occurrence in the corpus.</summary>
    public static TermStrings Collect(ITextCorpus docs, ulong[] hashes, int threads)
    {
        var slots = new HashSlots(hashes);
        List<Pool> found = Chunks.RunWorkers(docs.Count, threads, () => new Pool(hashes.Length), (pool, start, end) =>
        {
            for (int d = start; d < end; d++)
            {
                pool.Tokenizer.Tokenize(docs[d]);
                for (int t = 0; t < pool.Tokenizer.TermCount; t++)
                {
                    ReadOnlySpan<byte> term = pool.Tokenizer.Term(t);
                    int i = slots.IndexOf(TermTokenizer.HashTerm(term));
                    if (i >= 0 && pool.Start[i] < 0) pool.Add(i, term);
                }
            }
        });
        var offsets = new long[hashes.Length + 1];
        var from = new int[hashes.Length];
        for (int i = 0; i < hashes.Length; i++)
        {
            from[i] = -1;
            for (int w = 0; w < found.Count; w++)
            {
                if (found[w].Start[i] < 0) continue;
                if (from[i] < 0) from[i] = w;
                else if (!found[w].Term(i).SequenceEqual(found[from[i]].Term(i)))
                    throw new InvalidDataException("two different terms share one 64-bit term hash");
            }
            if (from[i] < 0) throw new InvalidOperationException("a counted term was not found again: were both passes run on the same documents?");
            offsets[i + 1] = offsets[i] + found[from[i]].Length[i];
        }
        var bytes = new byte[offsets[^1]];
        for (int i = 0; i < hashes.Length; i++) found[from[i]].Term(i).CopyTo(bytes.AsSpan((int)offsets[i]));
        return new TermStrings(bytes, offsets);
    }

    /// <summary>One worker's first occurrences: term i's bytes at Bytes[Start[i] .. + Length[i]] (−1: not seen).</summary>
    private sealed class Pool
    {
        public readonly TermTokenizer Tokenizer = new();
        public readonly int[] Start, Length;
        private byte[] _bytes = new byte[1 << 16];
        private int _used;

        public Pool(int terms)
        {
            Start = new int[terms];
            Length = new int[terms];
            Array.Fill(Start, -1);
        }

        public void Add(int i, ReadOnlySpan<byte> term)
        {
            if (_bytes.Length - _used < term.Length) Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, _used + term.Length));
            term.CopyTo(_bytes.AsSpan(_used));
            Start[i] = _used;
            Length[i] = term.Length;
            _used += term.Length;
        }

        public ReadOnlySpan<byte> Term(int i) => _bytes.AsSpan(Start[i], Length[i]);
    }
}

/// <summary>Term strings packed in one array (term i = Bytes[Offsets[i] .. Offsets[i+1]]).</summary>
public sealed class TermStrings(byte[] bytes, long[] offsets)
{
    public int Count => offsets.Length - 1;

    public ReadOnlySpan<byte> this[int i] => bytes.AsSpan((int)offsets[i], (int)(offsets[i + 1] - offsets[i]));

    /// <summary>The indices of the terms in code-point (UTF-8 byte) order, Python's string order: sorted first by the
    /// first 8 bytes read as a big-endian integer (zero-padded: no term holds a NUL), then each run of equal prefixes by
    /// the rest of the bytes.</summary>
    public int[] CodePointOrder()
    {
        int n = Count;
        var order = new int[n];
        var keys = new ulong[n];
        Span<byte> pad = stackalloc byte[8];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            ReadOnlySpan<byte> t = this[i];
            if (t.Length >= 8) keys[i] = BinaryPrimitives.ReadUInt64BigEndian(t);
            else { pad.Clear(); t.CopyTo(pad); keys[i] = BinaryPrimitives.ReadUInt64BigEndian(pad); }
        }
        Array.Sort(keys, order);
        var byRest = Comparer<int>.Create((x, y) => this[x].SequenceCompareTo(this[y]));
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && keys[j] == keys[i]) j++;
            if (j - i > 1) Array.Sort(order, i, j - i, byRest);
            i = j;
        }
        return order;
    }
}
