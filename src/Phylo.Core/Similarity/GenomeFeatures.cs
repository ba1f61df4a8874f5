using Phylo.Kernels;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Similarity;

/// <summary>
/// Everything the pair kernels read, built once per run (the featurize stage): card and metadata rows
/// (<see cref="VectorGenome"/>), trait sets, and the metadata serializer for Levenshtein. What comes from the cards —
/// genome texts, MinHash signatures, pass 1 of the card vocabulary fit — was computed at ingest and is read from the
/// table's <see cref="CardFeatures"/> (the one seam between ingest and this stage for cards).
/// All passes run on all cores over fixed chunks, so features are identical for any thread count.
/// </summary>
public sealed class GenomeFeatures
{
    private GenomeFeatures(ModelTable table, VectorGenome card, VectorGenome metadata, MetadataGenome serializer, TraitGenome traits)
    {
        Table = table;
        Card = card;
        Metadata = metadata;
        MetadataText = serializer;
        Traits = traits;
    }

    public ModelTable Table { get; }
    public VectorGenome Card { get; }
    public VectorGenome Metadata { get; }
    public MetadataGenome MetadataText { get; }
    public TraitGenome Traits { get; }

    public int ModelCount => Table.Count;

    public VectorGenome Vectors(Genome g) => g == Genome.Card ? Card : Metadata;

    /// <summary>Whether the model has genome <paramref name="g"/> (a property of the table, whether or not this
    /// process featurized the model).</summary>
    public bool Has(Genome g, int model) => g switch
    {
        Genome.Card => CardGenome.Has(Table, model),
        Genome.Metadata => true,
        _ => Traits.Has(model),
    };

    /// <summary>Per model: has genome <paramref name="g"/>.</summary>
    public bool[] Presence(Genome g) => Presence(Table, Traits, g);

    public static bool[] Presence(ModelTable table, TraitGenome traits, Genome g)
    {
        var p = new bool[table.Count];
        for (int i = 0; i < p.Length; i++)
            p[i] = g switch { Genome.Card => CardGenome.Has(table, i), Genome.Metadata => true, _ => traits.Has(i) };
        return p;
    }

    /// <summary>The MinHash-128 signature of <paramref name="model"/>'s card genome (computed at ingest).</summary>
    public ReadOnlySpan<uint> Signature(int model) => Table.CardFeatures!.Signature(model);

    /// <summary>Fits the vocabularies over every model and featurizes every model (single process, tests).</summary>
    public static GenomeFeatures Build(ModelTable table, int threads) => Build(table, threads, null, null, TraitGenome.Build(table));

    /// <summary>Rows and signatures for the models in <paramref name="needed"/> (null: all), so a shard featurizes only its
    /// families (plus the partners of its random pairs), with vocabularies fitted beforehand by the prepare pass. Without
    /// <paramref name="vocab"/> (a single process: every model needed) the fit and the count rows share their passes.</summary>
    /// <param name="threads">Worker threads, −1 = all cores.</param>
    public static GenomeFeatures Build(ModelTable table, int threads, PreparedVocabularies? vocab, bool[]? needed, TraitGenome traits)
    {
        if (vocab is null && needed is not null) throw new ArgumentException("a partial featurization needs the prepared vocabularies", nameof(vocab));
        int[] cardModels = CardGenome.Models(table);
        if (needed is not null) cardModels = Array.FindAll(cardModels, m => needed[m]);
        var serializer = new MetadataGenome(table);
        int[] metaModels = needed is null ? [.. Enumerable.Range(0, table.Count)] : [.. Enumerable.Range(0, table.Count).Where(m => needed[m])];
        ITextCorpus cardDocs = CardGenome.Corpus(table, cardModels), metaDocs = serializer.Corpus(metaModels);
        // Pass 1 of the card fit ran at ingest (CardFeatures.GenomeTerms, over every genome): only pass 2 runs here.
        VectorGenome card = vocab is null
            ? VectorGenome.Build((table.CardFeatures?.GenomeTerms ?? TermCounts.Empty).SelectCandidates(PreparedVocabularies.MaxFeatures), cardDocs, cardModels, table.Count, threads)
            : VectorGenome.Build(vocab.CardVocabulary, cardDocs, cardModels, table.Count, threads);
        VectorGenome meta = vocab is null ? VectorGenome.Build(metaDocs, metaModels, table.Count, threads, PreparedVocabularies.MaxFeatures)
            : VectorGenome.Build(vocab.MetadataVocabulary, metaDocs, metaModels, table.Count, threads);
        return new GenomeFeatures(table, card, meta, serializer, traits);
    }
}
