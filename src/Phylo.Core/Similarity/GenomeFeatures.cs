using Phylo.Kernels;
using Phylo.Table;

namespace Phylo.Similarity;

/// <summary>
/// Everything the pair kernels read, built once per run (the featurize stage): card and metadata rows
/// (<see cref="VectorGenome"/>), card MinHash signatures, trait sets, and the metadata serializer for Levenshtein.
/// All passes run on all cores over fixed chunks, so features are identical for any thread count.
/// </summary>
public sealed class GenomeFeatures
{
    private GenomeFeatures(ModelTable table, VectorGenome card, VectorGenome metadata, MetadataGenome serializer, uint[] signatures, TraitGenome traits)
    {
        Table = table;
        Card = card;
        Metadata = metadata;
        MetadataText = serializer;
        Signatures = signatures;
        Traits = traits;
    }

    public ModelTable Table { get; }
    public VectorGenome Card { get; }
    public VectorGenome Metadata { get; }
    public MetadataGenome MetadataText { get; }
    /// <summary>MinHash-128 signature of card row r at <c>[r·128, (r+1)·128)</c>.</summary>
    public uint[] Signatures { get; }
    public TraitGenome Traits { get; }

    public int ModelCount => Table.Count;

    public VectorGenome Vectors(Genome g) => g == Genome.Card ? Card : Metadata;

    public bool Has(Genome g, int model) => g switch
    {
        Genome.Card => Card.RowOf[model] >= 0,
        Genome.Metadata => true,
        _ => Traits.Has(model),
    };

    /// <summary>Per model: has genome <paramref name="g"/>.</summary>
    public bool[] Presence(Genome g)
    {
        var p = new bool[ModelCount];
        for (int i = 0; i < p.Length; i++) p[i] = Has(g, i);
        return p;
    }

    public ReadOnlySpan<uint> Signature(int cardRow) => Signatures.AsSpan(cardRow * MinHasher.Lanes, MinHasher.Lanes);

    /// <param name="threads">Worker threads, −1 = all cores.</param>
    public static GenomeFeatures Build(ModelTable table, int threads)
    {
        int[] cardModels = CardGenome.Models(table);
        VectorGenome card = VectorGenome.Build(CardGenome.Corpus(table, cardModels), cardModels, table.Count, threads);
        var serializer = new MetadataGenome(table);
        var all = new int[table.Count];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        VectorGenome meta = VectorGenome.Build(serializer.Corpus(), all, table.Count, threads);
        var sigs = new uint[(long)cardModels.Length * MinHasher.Lanes];
        Parallel.For(0, (cardModels.Length + 1023) / 1024, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            int end = Math.Min(cardModels.Length, (chunk + 1) * 1024);
            for (int r = chunk * 1024; r < end; r++)
                MinHasher.Signature(CardGenome.Text(table, cardModels[r]), sigs.AsSpan(r * MinHasher.Lanes, MinHasher.Lanes));
        });
        return new GenomeFeatures(table, card, meta, serializer, sigs, TraitGenome.Build(table));
    }
}
