namespace Phylo.Text;

/// <summary>
/// sklearn's choice among terms tied at the <c>max_features</c> cut (docs/definitions.md, "Vocabulary and ties"),
/// at any corpus size. sklearn sorts every term alphabetically, then keeps <c>(-tfs).argsort()[:k]</c> with numpy's
/// unstable quicksort, so which tied terms survive depends on where every term of the corpus sits in that order.
/// When the k-th and (k+1)-th most frequent terms are not tied (the usual case on large corpora) there is nothing to
/// decide and no string beyond the vocabulary's is read. Otherwise this replays numpy's sort over every term:
/// one extra tokenizing pass collects the string of every distinct term, the terms are put in code-point order,
/// and <see cref="NumpyArgsort.ArgsortPrefix"/> gives the first k positions. The result is exactly k candidates,
/// which the ordinary fit then finishes.
/// </summary>
public static class NumpyTieBreak
{
    /// <summary>Whether more terms reach the cut's count than the cut keeps.</summary>
    public static bool HasTies(VocabularyCandidates c) => c.Hashes.Length > c.MaxFeatures;

    /// <summary>The k terms numpy keeps, from every term's hash and count (<paramref name="allHashes"/> ascending).</summary>
    public static VocabularyCandidates Resolve(ITextCorpus docs, ulong[] allHashes, long[] allCounts, VocabularyCandidates cut, int threads)
    {
        byte[][] strings = Collect(docs, allHashes, threads);
        return Resolve(allHashes, allCounts, strings, cut);
    }

    /// <summary><see cref="Resolve(ITextCorpus, ulong[], long[], VocabularyCandidates, int)"/> with the strings known.</summary>
    public static VocabularyCandidates Resolve(ulong[] hashes, long[] counts, byte[][] strings, VocabularyCandidates cut)
    {
        int n = hashes.Length, k = cut.MaxFeatures;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) => strings[x].AsSpan().SequenceCompareTo(strings[y]));
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
    public static byte[][] Collect(ITextCorpus docs, ulong[] hashes, int threads)
    {
        var slots = new HashSlots(hashes);
        List<byte[]?[]> found = Chunks.RunWorkers(docs.Count, threads, () => new byte[]?[hashes.Length], (seen, start, end) =>
        {
            var tok = new TermTokenizer();
            for (int d = start; d < end; d++)
            {
                tok.Tokenize(docs[d]);
                for (int t = 0; t < tok.TermCount; t++)
                {
                    ReadOnlySpan<byte> term = tok.Term(t);
                    int i = slots.IndexOf(TermTokenizer.HashTerm(term));
                    if (i >= 0 && seen[i] is null) seen[i] = term.ToArray();
                }
            }
        });
        var strings = new byte[hashes.Length][];
        for (int i = 0; i < strings.Length; i++)
        {
            foreach (byte[]?[] worker in found)
            {
                if (worker[i] is not { } s) continue;
                if (strings[i] is null) strings[i] = s;
                else if (!s.AsSpan().SequenceEqual(strings[i])) throw new InvalidDataException("two different terms share one 64-bit term hash");
            }
            if (strings[i] is null) throw new InvalidOperationException("a counted term was not found again: were both passes run on the same documents?");
        }
        return strings;
    }
}
