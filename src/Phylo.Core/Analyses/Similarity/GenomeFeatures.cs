using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Everything the pair kernels read, built once per run (the featurize stage): card, metadata and metadata-clean rows
/// (<see cref="VectorGenome"/>), trait sets, and the two metadata texts for Levenshtein (the study's record rendered on
/// demand, the clean one pooled). What comes from the cards — genome texts, MinHash signatures, pass 1 of the card
/// vocabulary fit — was computed at ingest and is read from the table's <see cref="CardFeatures"/> (the one seam between
/// ingest and this stage for cards). All passes run on all cores over fixed chunks, so features are identical for any
/// thread count.
/// </summary>
public sealed class GenomeFeatures
{
    private GenomeFeatures(ModelTable table, VectorGenome card, VectorGenome metadata, VectorGenome metadataClean,
        MetadataRecordGenome record, MetadataCleanGenome clean, TraitGenome traits)
    {
        Table = table;
        Card = card;
        Metadata = metadata;
        MetadataClean = metadataClean;
        RecordText = record;
        CleanText = clean;
        Traits = traits;
    }

    public ModelTable Table { get; }
    public VectorGenome Card { get; }
    /// <summary>Rows of the study's metadata genome (<see cref="MetadataRecordGenome"/>).</summary>
    public VectorGenome Metadata { get; }
    /// <summary>Rows of the canonical link-free genome (<see cref="MetadataCleanGenome"/>).</summary>
    public VectorGenome MetadataClean { get; }
    public MetadataRecordGenome RecordText { get; }
    public MetadataCleanGenome CleanText { get; }
    public TraitGenome Traits { get; }

    public int ModelCount => Table.Count;

    /// <summary>Bytes of the three genomes' rows (counts, columns, offsets, norms, row index).</summary>
    public long RowBytes => Card.Bytes + Metadata.Bytes + MetadataClean.Bytes;

    public VectorGenome Vectors(Genome g) => g switch
    {
        Genome.Card => Card,
        Genome.Metadata => Metadata,
        Genome.MetadataClean => MetadataClean,
        _ => throw new ArgumentOutOfRangeException(nameof(g), "the trait genome has no rows"),
    };

    /// <summary>The UTF-8 text a text genome compares by Levenshtein (a rendered record is valid until this thread's
    /// next render of one).</summary>
    public ReadOnlySpan<byte> Text(Genome g, int model) => g switch
    {
        Genome.Card => CardGenome.Text(Table, model),
        Genome.Metadata => RecordText.Text(model),
        Genome.MetadataClean => CleanText.Text(model),
        _ => throw new ArgumentOutOfRangeException(nameof(g), "the trait genome has no text"),
    };

    /// <summary>Whether the model has genome <paramref name="g"/> (a property of the table, whether or not this
    /// process featurized the model).</summary>
    public bool Has(Genome g, int model) => g switch
    {
        Genome.Card => CardGenome.Has(Table, model),
        Genome.Metadata or Genome.MetadataClean => true,
        _ => Traits.Has(model),
    };

    /// <summary>Per model: has genome <paramref name="g"/>.</summary>
    public bool[] Presence(Genome g) => Presence(Table, Traits, g);

    public static bool[] Presence(ModelTable table, TraitGenome traits, Genome g)
    {
        var p = new bool[table.Count];
        for (int i = 0; i < p.Length; i++)
            p[i] = g switch { Genome.Card => CardGenome.Has(table, i), Genome.Metadata or Genome.MetadataClean => true, _ => traits.Has(i) };
        return p;
    }

    /// <summary>The MinHash-128 signature of <paramref name="model"/>'s card genome (computed at ingest).</summary>
    public ReadOnlySpan<uint> Signature(int model) => Table.CardFeatures!.Signature(model);

    /// <summary>Fits the vocabularies over every model and featurizes every model (single process, tests).</summary>
    public static GenomeFeatures Build(ModelTable table, int threads, TieBreak ties = TieBreak.Lexicographic) =>
        Build(table, threads, null, null, TraitGenome.Build(table), ties);

    /// <summary>Rows and signatures for the models in <paramref name="needed"/> (null: all), so a shard featurizes only its
    /// families (plus the partners of its random pairs), with vocabularies fitted beforehand by the prepare pass. Without
    /// <paramref name="vocab"/> (a single process: every model needed) the fit and the count rows share their passes.</summary>
    /// <param name="threads">Worker threads, −1 = all cores.</param>
    /// <param name="ties">How the vocabularies break ties at the cut.</param>
    public static GenomeFeatures Build(ModelTable table, int threads, PreparedVocabularies? vocab, bool[]? needed, TraitGenome traits,
        TieBreak ties = TieBreak.Lexicographic) => Build(table, threads, vocab, needed, traits, ties, cleanPool: true);

    private static GenomeFeatures Build(ModelTable table, int threads, PreparedVocabularies? vocab, bool[]? needed, TraitGenome traits,
        TieBreak ties, bool cleanPool)
    {
        if (vocab is null && needed is not null) throw new ArgumentException("a partial featurization needs the prepared vocabularies", nameof(vocab));
        // The fits start from the live set: a CSV or Parquet ingest leaves ~1 GB committed behind it at full scale (row
        // batches, the builder's growing lists; the similarity stage started at ~2.5 GB resident against ~1.6 GB after a
        // snapshot load), and the fits' arrays were placed beside it, not in it: `analyze eco.csv --sampled` peaked at
        // 3.93–4.15 GiB against 3.53 for the snapshot. A non-compacting collection here did not help (3.96, 4.15 GiB); a
        // compacting, decommitting one did (3.44, 3.54 GiB). bench/README.md, "Latest" (2026-12-07, 11:25 UTC). A shard's
        // cut table was compacted just before (ShardRunRows). The decommitted ranges come back without the huge-page
        // advice (HugePages), and the fits are what fills them: the advice is renewed once, here (native-notes/memory.md,
        // "The advice renewed before the fits").
        if (needed is null && FeatureMemory.Settle(table.Count, decommit: true)) HugePages.Readvise();
        StageParts.Mark(Collections);
        int[] cardModels = CardGenome.Models(table);
        if (needed is not null) cardModels = Array.FindAll(cardModels, m => needed[m]);
        var clean = new MetadataCleanGenome(table, needed);
        var record = new MetadataRecordGenome(table);
        int[] metaModels = needed is null ? [.. Enumerable.Range(0, table.Count)] : [.. Enumerable.Range(0, table.Count).Where(m => needed[m])];
        StageParts.Mark("genomes");
        if (needed is null && vocab is null && StoredFitsFor(table, ties) is { } stored)
        {
            VectorGenome Restored(Genome g, FittedGenome f, int[] models)
            {
                using var part = StageParts.Within(g.Name());
                VectorGenome rows;
                try
                {
                    rows = VectorGenome.Restore(f.Vocabulary, f.Counts, models, table.Count, threads);
                }
                catch (ArgumentException e)
                {
                    throw new PhyloInputException($"the snapshot's stored {g.Name()} fit does not match its table ({e.Message}): run 'phylo ingest' again", e);
                }
                StageParts.Mark("stored rows");
                return rows;
            }
            VectorGenome storedCard = Restored(Genome.Card, stored.Card, cardModels);
            VectorGenome storedMeta = Restored(Genome.Metadata, stored.Metadata, metaModels);
            VectorGenome storedClean = Restored(Genome.MetadataClean, stored.MetadataClean, metaModels);
            _ = clean.Rendered.Count;
            StageParts.Mark("metadata-clean: pool");
            return new GenomeFeatures(table, storedCard, storedMeta, storedClean, record, clean, traits);
        }
        VectorGenome Rows(Genome g, ITextCorpus docs, int[] models, Vocabulary? fitted)
        {
            using var part = StageParts.Within(g.Name());
            if (fitted is not null)
            {
                VectorGenome rows = VectorGenome.Build(fitted, docs, models, table.Count, threads);
                StageParts.Mark("rows");
                return rows;
            }
            VocabularyCandidates candidates = CountRows.Candidates(docs, PreparedVocabularies.MaxFeatures, threads, ties);
            StageParts.Mark("pass 1");
            return VectorGenome.Build(candidates, docs, models, table.Count, threads);
        }
        ITextCorpus cardDocs = CardGenome.Corpus(table, cardModels);
        // Pass 1 of the card fit ran at ingest (CardFeatures.GenomeTerms, over every genome): only pass 2 runs here
        // (and, for numpy's order with terms tied at the cut, the pass that brings the tied terms' strings).
        VectorGenome card = vocab is null
            ? CardRows(table, cardDocs, cardModels, ties, threads)
            : Rows(Genome.Card, cardDocs, cardModels, vocab.Of(Genome.Card, ties));
        FeatureMemory.Settle(table.Count);
        StageParts.Mark(Collections);
        VectorGenome meta = Rows(Genome.Metadata, record.Corpus(metaModels), metaModels, vocab?.Of(Genome.Metadata, ties));
        FeatureMemory.Settle(table.Count);
        StageParts.Mark(Collections);
        // The clean pool is rendered after these rows, on first read (a pair's text), not during the fit: see OnDemand.
        VectorGenome metaClean = Rows(Genome.MetadataClean, clean.OnDemand(metaModels), metaModels, vocab?.Of(Genome.MetadataClean, ties));
        FeatureMemory.Settle(table.Count, decommit: true);
        StageParts.Mark(Collections);
        if (cleanPool) _ = clean.Rendered.Count; // the pool the pairs read, into the regions the fit's garbage left
        StageParts.Mark("metadata-clean: pool");
        return new GenomeFeatures(table, card, meta, metaClean, record, clean, traits);
    }

    /// <summary>Bump when anything that decides a fitted vocabulary or a count row changes (the genomes' texts, the
    /// tokenizer, the fit): snapshots store the fits under <see cref="StoredFitsKey"/>, and a stale key makes the stage fit
    /// again instead of reading them. <c>StoredFitsTests</c> pins the fits of a fixed synthetic table and fails when they
    /// change, naming this constant.</summary>
    public const int StoredFitsVersion = 1;

    /// <summary>The key stored fits carry: how they were made.</summary>
    public static string StoredFitsKey { get; } =
        $"similarity fits {StoredFitsVersion}; max features {PreparedVocabularies.MaxFeatures}; ties {TieBreak.Lexicographic}";

    /// <summary>The fits <c>phylo ingest</c> stores with a snapshot: the three genomes' vocabularies and count rows, fitted
    /// over every model exactly as an analysis of the table fits them (lexicographic ties).</summary>
    public static StoredFits Fit(ModelTable table, int threads)
    {
        if (table.CardFeatures is null) throw new ArgumentException("the fits need the card features", nameof(table));
        GenomeFeatures f = Build(table, threads, null, null, TraitGenome.Build(table), TieBreak.Lexicographic, cleanPool: false);
        return new StoredFits(StoredFitsKey, new FittedGenome(f.Card.Vocabulary, f.Card.Counts),
            new FittedGenome(f.Metadata.Vocabulary, f.Metadata.Counts), new FittedGenome(f.MetadataClean.Vocabulary, f.MetadataClean.Counts));
    }

    private static StoredFits? StoredFitsFor(ModelTable table, TieBreak ties) =>
        table.Fits is { } fits && ties == TieBreak.Lexicographic && table.CardFeatures is not null && fits.Key == StoredFitsKey ? fits : null;

    /// <summary>The featurize stage's collections (<see cref="FeatureMemory"/>), one part in run.json.</summary>
    internal const string Collections = "featurize: collections";

    private static VectorGenome CardRows(ModelTable table, ITextCorpus docs, int[] models, TieBreak ties, int threads)
    {
        using var part = StageParts.Within(Genome.Card.Name());
        VocabularyCandidates candidates = CardCandidates(table.CardFeatures?.GenomeTerms ?? TermCounts.Empty, docs, ties, threads);
        StageParts.Mark("candidates");
        return VectorGenome.Build(candidates, docs, models, table.Count, threads);
    }

    private static VocabularyCandidates CardCandidates(TermCounts terms, ITextCorpus docs, TieBreak ties, int threads)
    {
        VocabularyCandidates cut = terms.SelectCandidates(PreparedVocabularies.MaxFeatures);
        return ties == TieBreak.NumpyQuicksort && NumpyTieBreak.HasTies(cut)
            ? NumpyTieBreak.Resolve(docs, terms.Hashes, terms.Counts, cut, threads)
            : cut;
    }
}
