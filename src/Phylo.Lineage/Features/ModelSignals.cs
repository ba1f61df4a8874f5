using Phylo.Kernels;
using Phylo.Lineage.Candidates;
using Phylo.Similarity;
using Phylo.Table;

namespace Phylo.Lineage.Features;

/// <summary>
/// Per-model inputs of lineage inference, built once (all cores, fixed chunks, identical for any thread count):
/// TF-IDF rows and MinHash-128 signatures of the card body (<see cref="CardBody"/>), the name-token hashes
/// (<see cref="NameTokens"/>, CSR), and a popularity rank (downloads, then likes, descending; ties by index).
/// </summary>
public sealed class ModelSignals
{
    public required ModelTable Table { get; init; }
    /// <summary>Card-body TF-IDF rows; <c>Card.RowOf[model]</c> is −1 without a body.</summary>
    public required VectorGenome Card { get; init; }
    /// <summary>MinHash signature of card row r at <c>[r·128, (r+1)·128)</c>.</summary>
    public required uint[] Signatures { get; init; }
    public required int[] NameOffsets { get; init; }
    public required ulong[] NameHashes { get; init; }
    /// <summary>Position of each model in popularity order (0 = most downloaded).</summary>
    public required int[] PopularityRank { get; init; }

    public int Count => Table.Count;

    public ReadOnlySpan<ulong> Name(int model) => NameHashes.AsSpan(NameOffsets[model], NameOffsets[model + 1] - NameOffsets[model]);

    public ReadOnlySpan<uint> Signature(int cardRow) => Signatures.AsSpan(cardRow * MinHasher.Lanes, MinHasher.Lanes);

    public static ModelSignals Build(ModelTable table, int threads)
    {
        var par = new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads };
        int[] cardModels = CardBody.Models(table);
        VectorGenome card = VectorGenome.Build(CardBody.Corpus(table, cardModels), cardModels, table.Count, threads <= 0 ? -1 : threads);
        var sigs = new uint[(long)cardModels.Length * MinHasher.Lanes];
        Parallel.For(0, (cardModels.Length + 1023) / 1024, par, chunk =>
        {
            int end = Math.Min(cardModels.Length, (chunk + 1) * 1024);
            for (int r = chunk * 1024; r < end; r++)
                MinHasher.Signature(CardBody.Text(table, cardModels[r]), sigs.AsSpan(r * MinHasher.Lanes, MinHasher.Lanes));
        });

        int n = table.Count;
        var counts = new int[n];
        ForNames(table, par, (m, hashes) => counts[m] = hashes.Length);
        var offsets = new int[n + 1];
        for (int m = 0; m < n; m++) offsets[m + 1] = offsets[m] + counts[m];
        var names = new ulong[offsets[n]];
        ForNames(table, par, (m, hashes) => hashes.CopyTo(names.AsSpan(offsets[m])));

        return new ModelSignals
        {
            Table = table, Card = card, Signatures = sigs, NameOffsets = offsets, NameHashes = names,
            PopularityRank = Popularity(table),
        };
    }

    private delegate void NameSink(int model, ReadOnlySpan<ulong> hashes);

    // Hashes every model's name on all cores (twice is cheaper than an N × 32 scratch at 1.86M models).
    private static void ForNames(ModelTable table, ParallelOptions par, NameSink sink)
    {
        int n = table.Count;
        Parallel.For(0, (n + 4095) / 4096, par, chunk =>
        {
            Span<ulong> buf = stackalloc ulong[NameTokens.MaxTokens];
            int end = Math.Min(n, (chunk + 1) * 4096);
            for (int m = chunk * 4096; m < end; m++)
                sink(m, buf[..NameTokens.UnigramHashes(NameTokens.RepoName(table.Ids[m]), buf)]);
        });
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
}
