using System.IO.Hashing;
using Phylo.Graph;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The global first pass of the similarity genomes: the 512-term card, metadata and metadata-clean vocabularies (with
/// document frequencies for idf) fitted over every model, whichever shard later vectorizes a model. The fit is two mergeable
/// passes (<see cref="TermCounts"/> → candidates → <see cref="CandidateStats"/> → <see cref="Vocabulary.Finish"/>), so
/// a sharded run does each pass per shard over its own documents and merges once (<c>phylo prepare</c>); the result
/// equals <see cref="Fit"/> over all documents exactly. A single process runs the same passes over the whole scope.
/// </summary>
/// <remarks>A genome whose merged pass-1 counts are tied at the cut gets every term as a candidate
/// (<see cref="TermCounts.SelectCandidates"/> with <c>allTerms</c>), so pass 2 brings every term's string and either
/// tie-break can be finished from the same prepared part (docs/definitions.md, "Vocabulary and ties"); without a tie
/// both keep the same terms and nothing more is carried.</remarks>
public sealed class PreparedVocabularies(VocabularyStage card, VocabularyStage metadata, VocabularyStage metadataClean) : IPreparedState
{
    public const int MaxFeatures = 512;

    /// <summary>The text genomes in the order of their stages (and of the prepare parts' chunks).</summary>
    public static readonly Genome[] Genomes = [Genome.Card, Genome.Metadata, Genome.MetadataClean];

    public VocabularyStage Card => card;
    public VocabularyStage Metadata => metadata;
    public VocabularyStage MetadataClean => metadataClean;

    private readonly Vocabulary?[] _finished = new Vocabulary?[2 * Genomes.Length];

    /// <summary>The vocabulary of a text genome with ties at the cut broken by <paramref name="ties"/> (finished once).</summary>
    public Vocabulary Of(Genome genome, TieBreak ties)
    {
        int g = Array.IndexOf(Genomes, genome), slot = 2 * g + (ties == TieBreak.NumpyQuicksort ? 1 : 0);
        VocabularyStage stage = g switch { 0 => card, 1 => metadata, _ => metadataClean };
        return _finished[slot] ??= stage.Vocabulary(ties);
    }

    /// <summary>Both passes over every model, in this process.</summary>
    public static PreparedVocabularies Fit(ModelTable table, FamilyGraph graph, int threads)
    {
        var scope = ShardScope.Whole(table, graph);
        ITextCorpus[] docs = Corpora(table, scope);
        var stages = new VocabularyStage[docs.Length];
        for (int g = 0; g < docs.Length; g++)
        {
            // Pass 1 over the card genomes ran at ingest (CardFeatures.GenomeTerms).
            TermCounts counts = g == 0 ? table.CardFeatures?.GenomeTerms ?? TermCounts.Empty : TermCounts.Count(docs[g], threads);
            VocabularyCandidates c = Candidates(counts);
            stages[g] = new VocabularyStage(c, CandidateStats.Collect(docs[g], c, threads));
        }
        return new PreparedVocabularies(stages[0], stages[1], stages[2]);
    }

    /// <summary>The candidates of merged pass-1 counts: every term when terms tie at the cut (numpy's order must then see
    /// all of them), else the terms at or above the cut's count.</summary>
    public static VocabularyCandidates Candidates(TermCounts merged)
    {
        VocabularyCandidates cut = merged.SelectCandidates(MaxFeatures);
        return NumpyTieBreak.HasTies(cut) ? merged.SelectCandidates(MaxFeatures, allTerms: true) : cut;
    }

    /// <summary>The card, metadata and metadata-clean documents of the models a scope owns (ascending model order),
    /// in <see cref="Genomes"/> order.</summary>
    public static ITextCorpus[] Corpora(ModelTable table, ShardScope scope)
    {
        int[] owned = scope.IsWhole ? [.. Enumerable.Range(0, table.Count)] : scope.Models();
        int[] cards = Array.FindAll(owned, m => CardGenome.Has(table, m));
        return [CardGenome.Corpus(table, cards), new MetadataRecordGenome(table).Corpus(owned), new MetadataCleanGenome(table).Corpus(owned)];
    }

    /// <summary>The models whose card text <see cref="Corpora"/> reads: those <paramref name="scope"/> owns.</summary>
    public static bool[] CardsNeeded(ShardScope scope)
    {
        var keep = new bool[scope.Graph.NodeCount];
        for (int m = 0; m < keep.Length; m++) keep[m] = scope.OwnsModel(m);
        return keep;
    }

    /// <summary>XxHash64 of the serialized vocabularies: shards record which prepared pass they used.</summary>
    public ulong Fingerprint()
    {
        var w = new PartWriter();
        Write(w);
        return XxHash64.HashToUInt64(w.Written);
    }

    public void Write(PartWriter w)
    {
        card.Write(w);
        metadata.Write(w);
        metadataClean.Write(w);
    }

    public static PreparedVocabularies Read(PartReader r) => new(VocabularyStage.Read(r), VocabularyStage.Read(r), VocabularyStage.Read(r));
}

/// <summary>One genome's merged pass-1 candidates and pass-2 statistics: what <see cref="Vocabulary.Finish"/> needs.</summary>
public sealed record VocabularyStage(VocabularyCandidates Candidates, CandidateStats Stats)
{
    public Vocabulary Vocabulary(TieBreak ties = TieBreak.Lexicographic) => Text.Vocabulary.Finish(Candidates, Stats, ties);

    public void Write(PartWriter w)
    {
        WriteCandidates(w, Candidates);
        w.Array(Stats.DocumentFrequency);
        w.Int(Stats.Strings.Length);
        foreach (byte[]? s in Stats.Strings) w.Bytes(s);
    }

    public static VocabularyStage Read(PartReader r)
    {
        VocabularyCandidates c = ReadCandidates(r);
        int[] df = r.Array<int>();
        var strings = new byte[]?[r.Int32()];
        for (int i = 0; i < strings.Length; i++) strings[i] = r.Bytes();
        if (df.Length != c.Hashes.Length) throw new InvalidDataException("statistics do not match the candidates");
        return new VocabularyStage(c, CandidateStats.From(df, strings));
    }

    public static void WriteCandidates(PartWriter w, VocabularyCandidates c)
    {
        w.Array(c.Hashes);
        w.Array(c.Counts);
        w.Int(c.Threshold);
        w.Int(c.MaxFeatures);
        w.Int(c.DocumentCount);
        w.Bool(c.IsComplete);
    }

    public static VocabularyCandidates ReadCandidates(PartReader r)
    {
        ulong[] hashes = r.Array<ulong>();
        long[] counts = r.Array<long>();
        if (counts.Length != hashes.Length) throw new InvalidDataException("candidate columns differ in length");
        return new VocabularyCandidates(hashes, counts, r.Int(), r.Int32(), r.Int(), r.Bool());
    }

    public static void WriteCounts(PartWriter w, TermCounts c)
    {
        w.Array(c.Hashes);
        w.Array(c.Counts);
        w.Int(c.DocumentCount);
    }

    public static TermCounts ReadCounts(PartReader r)
    {
        ulong[] h = r.Array<ulong>();
        long[] n = r.Array<long>();
        return TermCounts.FromSorted(h, n, r.Int());
    }
}
