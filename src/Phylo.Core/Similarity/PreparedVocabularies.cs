using System.IO.Hashing;
using Phylo.Analyses;
using Phylo.Graph;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Similarity;

/// <summary>
/// The global first pass of the similarity genomes: the 512-term card and metadata vocabularies (with document
/// frequencies for idf) fitted over every model, whichever shard later vectorizes a model. The fit is two mergeable
/// passes (<see cref="TermCounts"/> → candidates → <see cref="CandidateStats"/> → <see cref="Vocabulary.Finish"/>), so
/// a sharded run does each pass per shard over its own documents and merges once (<c>phylo prepare</c>); the result
/// equals <see cref="Fit"/> over all documents exactly. A single process runs the same passes over the whole scope.
/// </summary>
public sealed class PreparedVocabularies(VocabularyStage card, VocabularyStage metadata)
{
    public const int MaxFeatures = 512;

    public VocabularyStage Card => card;
    public VocabularyStage Metadata => metadata;

    public Vocabulary CardVocabulary { get; } = card.Vocabulary();
    public Vocabulary MetadataVocabulary { get; } = metadata.Vocabulary();

    /// <summary>Both passes over every model, in this process.</summary>
    public static PreparedVocabularies Fit(ModelTable table, FamilyGraph graph, int threads)
    {
        var scope = ShardScope.Whole(table, graph);
        var (cardDocs, metaDocs) = Corpora(table, scope);
        // Pass 1 over the card genomes ran at ingest (CardFeatures.GenomeTerms).
        VocabularyCandidates cc = (table.CardFeatures?.GenomeTerms ?? TermCounts.Empty).SelectCandidates(MaxFeatures);
        VocabularyCandidates mc = TermCounts.Count(metaDocs, threads).SelectCandidates(MaxFeatures);
        return new PreparedVocabularies(
            new VocabularyStage(cc, CandidateStats.Collect(cardDocs, cc, threads)),
            new VocabularyStage(mc, CandidateStats.Collect(metaDocs, mc, threads)));
    }

    /// <summary>The card and metadata documents of the models a scope owns (ascending model order).</summary>
    public static (ITextCorpus Card, ITextCorpus Metadata) Corpora(ModelTable table, ShardScope scope)
    {
        int[] owned = scope.IsWhole ? [.. Enumerable.Range(0, table.Count)] : scope.Models();
        int[] cards = Array.FindAll(owned, m => CardGenome.Has(table, m));
        return (CardGenome.Corpus(table, cards), new MetadataGenome(table).Corpus(owned));
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
    }

    public static PreparedVocabularies Read(PartReader r) => new(VocabularyStage.Read(r), VocabularyStage.Read(r));
}

/// <summary>One genome's merged pass-1 candidates and pass-2 statistics: what <see cref="Vocabulary.Finish"/> needs.</summary>
public sealed record VocabularyStage(VocabularyCandidates Candidates, CandidateStats Stats)
{
    public Vocabulary Vocabulary() => Text.Vocabulary.Finish(Candidates, Stats);

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
