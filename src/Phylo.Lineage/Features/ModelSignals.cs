using Phylo.Analyses.Similarity;
using Phylo.Kernels;
using Phylo.Lineage.Candidates;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Lineage.Features;

/// <summary>
/// Per-model inputs of lineage inference, built once (all cores, fixed chunks, identical for any thread count) from the
/// table and what ingest kept of each card (<see cref="CardFeatures.Bodies"/> and <see cref="CardFeatures.Mentions"/>,
/// both from <see cref="CardSignals"/>) — never from card text itself: MinHash-128 signatures of the card body
/// prefix (and its TF-IDF rows, for the evaluation's baseline only), the models each body mentions (resolved to table indices), the name's token hashes in order,
/// which tags may be compared (<see cref="UsableTag"/>), a relation guess from the name, and a popularity rank.
/// </summary>
public sealed class ModelSignals
{
    /// <summary>A body shorter than this many bytes is no body (too little text to compare).</summary>
    public const int MinBodyBytes = 64;

    public required ModelTable Table { get; init; }
    /// <summary>Per model its card-body row (−1 without a body).</summary>
    public required int[] BodyRowOf { get; init; }
    /// <summary>Card-body TF-IDF rows (indexed like <see cref="BodyRowOf"/>), built only for the card-similarity baseline.</summary>
    public VectorGenome? CardVectors { get; init; }
    /// <summary>MinHash signature of body row r at <c>[r·128, (r+1)·128)</c>.</summary>
    public required uint[] Signatures { get; init; }
    /// <summary>Per model its name's token hashes in order (CSR, <see cref="NameTokens.SequenceHashes"/>).</summary>
    public required int[] NameOffsets { get; init; }
    public required ulong[] NameSequence { get; init; }
    /// <summary>Per model how many distinct tokens its name has (a pair feature's denominator, counted once per model).</summary>
    public required byte[] NameDistinct { get; init; }
    /// <summary>Per model the models its card body mentions (CSR), each <c>target « 1 | link</c>; never itself.</summary>
    public required int[] MentionOffsets { get; init; }
    public required int[] MentionTargets { get; init; }
    /// <summary>Per model: it has a card (so "mentions nothing" is an observation, not a missing value).</summary>
    public required bool[] HasCard { get; init; }
    /// <summary>Per tag id: a plain tag (no <c>key:value</c> form, so never <c>base_model:…</c>, <c>license:…</c>).</summary>
    public required bool[] UsableTag { get; init; }
    /// <summary>Per model, <see cref="RelationGuess"/>'s code for its name.</summary>
    public required byte[] Relation { get; init; }
    /// <summary>Position of each model in popularity order (0 = most downloaded, then most liked, then lowest index).</summary>
    public required int[] PopularityRank { get; init; }
    /// <summary>The model at each popularity rank (the inverse of <see cref="PopularityRank"/>).</summary>
    public required int[] ByRank { get; init; }

    public int Count => Table.Count;

    public ReadOnlySpan<ulong> Name(int model) => NameSequence.AsSpan(NameOffsets[model], NameOffsets[model + 1] - NameOffsets[model]);

    public ReadOnlySpan<int> Mentions(int model) => MentionTargets.AsSpan(MentionOffsets[model], MentionOffsets[model + 1] - MentionOffsets[model]);

    public ReadOnlySpan<uint> Signature(int cardRow) => Signatures.AsSpan(cardRow * MinHasher.Lanes, MinHasher.Lanes);

    /// <summary>0 when <paramref name="child"/>'s card does not name <paramref name="parent"/>, 1 for a bare id, 2 for a
    /// link; −1 when the child has no card.</summary>
    public float MentionKind(int child, int parent)
    {
        if (!HasCard[child]) return -1f;
        foreach (int t in Mentions(child))
            if (t >> 1 == parent) return 1 + (t & 1);
        return 0f;
    }

    public int Bodies => Signatures.Length / MinHasher.Lanes;

    /// <summary>Signals of every model; <paramref name="cardVectors"/> adds the TF-IDF rows the baseline ranks by. Without
    /// kept bodies (<c>--no-cards</c>) every card signal is missing; without mentions (a snapshot older than them) the
    /// mention source is empty.</summary>
    public static ModelSignals Build(ModelTable table, int threads, bool cardVectors)
    {
        var par = new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads };
        int n = table.Count;
        Utf8Pool? bodies = table.CardFeatures?.Bodies;
        CardMentions? said = table.CardFeatures?.Mentions;
        var bodyModels = new List<int>();
        var hasCard = new bool[n];
        for (int m = 0; m < n; m++)
        {
            hasCard[m] = said is not null && table.HasCard[m];   // "mentions nothing" is an observation only where mentions were read
            if (bodies is not null && bodies.LengthOf(m) >= MinBodyBytes) bodyModels.Add(m);
        }
        int[] cardModels = [.. bodyModels];
        var rowOf = new int[n];
        Array.Fill(rowOf, -1);
        for (int r = 0; r < cardModels.Length; r++) rowOf[cardModels[r]] = r;
        VectorGenome? vectors = cardVectors && bodies is not null ? VectorGenome.Build(new BodyCorpus(bodies, cardModels), cardModels, n, threads <= 0 ? -1 : threads) : null;
        var sigs = new uint[(long)cardModels.Length * MinHasher.Lanes];
        Parallel.For(0, (cardModels.Length + 1023) / 1024, par, chunk =>
        {
            int end = Math.Min(cardModels.Length, (chunk + 1) * 1024);
            for (int r = chunk * 1024; r < end; r++)
                MinHasher.Signature(bodies![cardModels[r]], sigs.AsSpan(r * MinHasher.Lanes, MinHasher.Lanes));
        });

        var (nameOffsets, names) = Csr<ulong>(n, par, (m, buf) => NameTokens.SequenceHashes(NameTokens.RepoName(table.Ids[m]), buf), NameTokens.MaxTokens);
        var relation = new byte[n];
        var distinct = new byte[n];
        Parallel.For(0, (n + 4095) / 4096, par, c =>
        {
            for (int m = c * 4096, end = Math.Min(n, m + 4096); m < end; m++)
            {
                ReadOnlySpan<ulong> name = names.AsSpan(nameOffsets[m], nameOffsets[m + 1] - nameOffsets[m]);
                relation[m] = RelationGuess.Code(name);
                distinct[m] = (byte)DistinctCount(name);
            }
        });
        var (mentionOffsets, mentions) = said is not null ? ResolveMentions(table, said, par) : (new int[n + 1], []);

        int[] rank = Popularity(table), byRank = new int[n];
        for (int m = 0; m < n; m++) byRank[rank[m]] = m;
        string[] tags = table[TraitKind.Tag].Vocabulary;
        var usable = new bool[tags.Length];
        for (int t = 0; t < tags.Length; t++) usable[t] = !tags[t].Contains(':', StringComparison.Ordinal);

        return new ModelSignals
        {
            Table = table, BodyRowOf = rowOf, CardVectors = vectors, Signatures = sigs, NameOffsets = nameOffsets, NameSequence = names, NameDistinct = distinct,
            MentionOffsets = mentionOffsets, MentionTargets = mentions, HasCard = hasCard, UsableTag = usable,
            Relation = relation, PopularityRank = rank, ByRank = byRank,
        };
    }

    /// <summary>Mention hashes → model indices through the snapshot's ids (ASCII case ignored; of two ids that differ only
    /// in case the first wins). Mentions of models not in the snapshot, and of the model itself, are dropped.</summary>
    private static (int[] Offsets, int[] Targets) ResolveMentions(ModelTable table, CardMentions said, ParallelOptions par)
    {
        int n = table.Count;
        if (said.Hashes.Length == 0) return (new int[n + 1], []);
        var byHash = new Dictionary<ulong, int>(n);
        for (int m = 0; m < n; m++) byHash.TryAdd(CardSignals.IdHash(table.Ids[m]), m);
        return Csr<int>(n, par, (m, buf) =>
        {
            int k = 0;
            foreach (ulong h in said[m])
                if (byHash.TryGetValue(h & ~1UL, out int target) && target != m) buf[k++] = target << 1 | (int)(h & 1);
            return k;
        }, CardSignals.MaxMentions);
    }

    /// <summary>How many distinct values <paramref name="x"/> holds (names have at most <see cref="NameTokens.MaxTokens"/> tokens).</summary>
    public static int DistinctCount(ReadOnlySpan<ulong> x)
    {
        int n = 0;
        for (int i = 0; i < x.Length; i++) if (!x[..i].Contains(x[i])) n++;
        return n;
    }

    private delegate int RowFill<T>(int model, Span<T> row);

    /// <summary>A CSR of one short row per model, filled on all cores in fixed chunks (row order = model order).</summary>
    private static (int[] Offsets, T[] Values) Csr<T>(int n, ParallelOptions par, RowFill<T> fill, int maxRow)
    {
        const int Chunk = 4096;
        int chunks = (n + Chunk - 1) / Chunk;
        var parts = new T[chunks][];
        var counts = new int[n];
        Parallel.For(0, chunks, par, c =>
        {
            var buf = new T[maxRow];
            var list = new List<T>();
            for (int m = c * Chunk, end = Math.Min(n, m + Chunk); m < end; m++)
            {
                int k = fill(m, buf);
                counts[m] = k;
                for (int i = 0; i < k; i++) list.Add(buf[i]);
            }
            parts[c] = [.. list];
        });
        var offsets = new int[n + 1];
        for (int m = 0; m < n; m++) offsets[m + 1] = offsets[m] + counts[m];
        var values = new T[offsets[n]];
        int at = 0;
        foreach (var p in parts) { p.CopyTo(values, at); at += p.Length; }
        return (offsets, values);
    }

    private static int[] Popularity(ModelTable table)
    {
        int n = table.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        long[] dl = table.Downloads, likes = table.Likes;
        Array.Sort(order, (a, b) =>
        {
            int c = dl[b].CompareTo(dl[a]);
            if (c == 0) c = likes[b].CompareTo(likes[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var rank = new int[n];
        for (int r = 0; r < n; r++) rank[order[r]] = r;
        return rank;
    }

    private sealed class BodyCorpus(Utf8Pool bodies, int[] models) : ITextCorpus
    {
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => bodies[models[index]];
    }
}
