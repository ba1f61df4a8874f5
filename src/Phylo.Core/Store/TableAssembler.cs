using Phylo.Table;
using Phylo.Text;
using static Phylo.Store.SnapshotColumns;

namespace Phylo.Store;

/// <summary>
/// Read side of <see cref="SnapshotColumns"/>: allocates a target for every column the directory lists (columns this
/// version does not know are skipped), and once the chunks are decoded assembles the <see cref="ModelTable"/>,
/// rebuilding what is derived (the id index, per-trait model counts, the text pools' item starts) in parallel.
/// Card data is read only as far as <c>load</c> asks (and the file has it): features, lineage bodies, whole text.
/// </summary>
internal sealed class TableAssembler
{
    private readonly SnapshotDirectory _dir;
    private readonly CardKeep _load;
    private readonly bool _genomes;
    private readonly Dictionary<string, ColumnTarget> _byName = new(StringComparer.Ordinal);

    /// <summary>Target per directory column index (null: unknown column, its chunks are skipped).</summary>
    public ColumnTarget?[] Targets { get; }

    /// <param name="genomes">With <see cref="CardKeep.Features"/>: read the genome pool too (a shard reads its own subset later).</param>
    public TableAssembler(SnapshotDirectory dir, CardKeep load, bool genomes = true)
    {
        _dir = dir;
        _load = dir.HasCards ? load : CardKeep.None;
        if (!dir.Pools.ContainsKey(Cards)) _load &= ~CardKeep.Text;
        if (!dir.Pools.ContainsKey(Bodies)) _load &= ~CardKeep.Bodies;
        _genomes = genomes;
        Targets = new ColumnTarget?[dir.Columns.Count];
        for (int i = 0; i < Targets.Length; i++)
        {
            var c = dir.Columns[i];
            var target = Create(c);
            if (target is null) continue;
            if (!_byName.TryAdd(c.Name, target)) throw new MalformedChunkException($"column {c.Name} listed twice");
            Targets[i] = target;
        }
    }

    private ColumnTarget? Create(ColumnEntry c)
    {
        // A text pool is one byte stream spread over pool chunks of ≤ 256 MB: it may exceed one array (4.8 GB of cards at full scale).
        bool pool = c.Name is Cards or Genomes or Bodies;
        if (c.Length < 0 || (c.Length > Array.MaxLength && !pool)) throw new MalformedChunkException($"column {c.Name} has {c.Length} elements");
        var (kind, size) = SnapshotFits.Owns(c.Name) ? SnapshotFits.Expected(c.Name) : Expected(c.Name);
        if (kind == 0 || !Wanted(c.Name)) return null;
        if (kind != c.Kind || size != c.ElementSize)
            throw new MalformedChunkException($"column {c.Name} is {c.Kind}/{c.ElementSize}, expected {kind}/{size}");
        if (SnapshotFits.Owns(c.Name)) return SnapshotFits.Target(c.Name, c.Length);
        return c.Name switch
        {
            Cards or Genomes or Bodies => new CardTarget(_dir.Pools.TryGetValue(c.Name, out long[]? chunks) ? chunks
                : throw new MalformedChunkException($"no pool layout for column {c.Name}")),
            Signatures => new PrimitiveTarget<uint>(c.Length),
            TermHashes or Mentions => new PrimitiveTarget<ulong>(c.Length),
            SnapshotColumns.Provenance => new DocumentTarget(),
            _ when kind == ColumnKind.Strings => new StringTarget(c.Length),
            _ when size == 8 => new PrimitiveTarget<long>(c.Length),
            _ when size == 4 => new PrimitiveTarget<int>(c.Length),
            _ when c.Name == ParentMasks => new PrimitiveTarget<RelationMask>(c.Length),
            _ when c.Name == RecordPrivate => new PrimitiveTarget<sbyte>(c.Length),
            _ when size == 2 => new PrimitiveTarget<short>(c.Length),
            _ => new PrimitiveTarget<bool>(c.Length),
        };
    }

    private bool Wanted(string name) => name switch
    {
        Cards or CardLengths => (_load & CardKeep.Text) != 0,
        Bodies or BodyLengths or MentionOffsets or Mentions => (_load & CardKeep.Bodies) != 0,
        Genomes or GenomeLengths or Signatures => (_load & CardKeep.Features) != 0 && _genomes,
        TermHashes or TermTotals or TermDocuments => (_load & CardKeep.Features) != 0,
        // The fits hold rows for every model's genomes: only with the features and the whole genome pool.
        _ when SnapshotFits.Owns(name) => (_load & (CardKeep.Features | CardKeep.Fits)) == (CardKeep.Features | CardKeep.Fits) && _genomes,
        _ => true,
    };

    private static (ColumnKind Kind, int Size) Expected(string name)
    {
        switch (name)
        {
            case Ids or Authors or ModelTypes or ParentNames or RecordObjectIds: return (ColumnKind.Strings, 0);
            case Likes or Downloads or CreatedAt or RecordTrending or TermHashes or TermTotals or TermDocuments or Mentions: return (ColumnKind.Primitive, 8);
            case Author or ModelType or CrawlDepth or CardChars or CardWords or CardLengths or ParentOffsets or ParentKeys
                or RecordTagOffsets or RecordTags or GenomeLengths or BodyLengths or Signatures or MentionOffsets:
                return (ColumnKind.Primitive, 4);
            case RecordCreatedMillis: return (ColumnKind.Primitive, 2);
            case HasCard or AutoGenerated or ParentMasks or RecordPrivate: return (ColumnKind.Primitive, 1);
            case Cards or Genomes or Bodies: return (ColumnKind.Blob, 1);
            case SnapshotColumns.Provenance: return (ColumnKind.Document, 0);
        }
        foreach (TraitKind k in TraitKinds.All)
        {
            if (name == TraitVocabulary(k)) return (ColumnKind.Strings, 0);
            if (name == TraitOffsets(k) || name == TraitValues(k)) return (ColumnKind.Primitive, 4);
        }
        return (0, 0);
    }

    private T Get<T>(string name) where T : ColumnTarget =>
        _byName.TryGetValue(name, out var t) ? (T)t : throw new MalformedChunkException($"column {name} is missing");

    private T[] Column<T>(string name, long expected) where T : unmanaged
    {
        var values = Get<PrimitiveTarget<T>>(name).Values;
        if (values.Length != expected) throw new MalformedChunkException($"column {name} has {values.Length} elements, expected {expected}");
        return values;
    }

    private string[] Strings(string name, long expected = -1)
    {
        var values = Get<StringTarget>(name).Values;
        if (expected >= 0 && values.Length != expected) throw new MalformedChunkException($"column {name} has {values.Length} elements, expected {expected}");
        return values;
    }

    public SnapshotProvenance? Provenance() =>
        _byName.TryGetValue(SnapshotColumns.Provenance, out var t) && ((DocumentTarget)t).Payload is { } p ? SnapshotProvenance.Read(p) : null;

    public ModelTable Build()
    {
        int n = _dir.Models;
        string[] ids = Strings(Ids, n);
        int[] parentOffsets = Column<int>(ParentOffsets, n + 1);
        string[] names = Strings(ParentNames);
        int links = parentOffsets[n];
        if (parentOffsets[0] != 0 || links < 0) throw new MalformedChunkException($"column {ParentOffsets} runs from {parentOffsets[0]} to {links}");
        int[] keys = Column<int>(ParentKeys, links);
        var masks = Column<RelationMask>(ParentMasks, links);

        ModelIdIndex index = null!;
        var traits = new TraitColumn[TraitKinds.Count];
        string[] parentIds = new string[links];
        Utf8Pool? cards = null;
        CardFeatures? features = null;
        int[] cardChars = Column<int>(CardChars, n);
        bool[] auto = Column<bool>(AutoGenerated, n);
        Parallel.Invoke(
            () => index = Index(ids),
            () => { foreach (TraitKind k in TraitKinds.All) traits[(int)k] = Trait(k, n); },
            () => { for (int i = 0; i < links; i++) parentIds[i] = (uint)keys[i] < (uint)names.Length ? names[keys[i]] : throw new MalformedChunkException($"column {ParentKeys} names entry {keys[i]} of {names.Length}"); },
            () => cards = (_load & CardKeep.Text) != 0 ? Pool(CardLengths, Cards, n) : null,
            () => features = (_load & CardKeep.Features) != 0 ? Features(n, cardChars, auto) : null);

        return new ModelTable
        {
            Count = n,
            Ids = ids,
            IndexOf = index,
            Author = Column<int>(Author, n),
            Authors = Strings(Authors),
            Likes = Column<long>(Likes, n),
            Downloads = Column<long>(Downloads, n),
            CreatedAt = Column<long>(CreatedAt, n),
            ModelType = Column<int>(ModelType, n),
            ModelTypes = Strings(ModelTypes),
            CrawlDepth = Column<int>(CrawlDepth, n),
            Traits = traits,
            Record = Record(n, traits[(int)TraitKind.Tag].Vocabulary.Length),
            Cards = cards,
            CardFeatures = features,
            CardChars = cardChars,
            CardWords = Column<int>(CardWords, n),
            HasCard = Column<bool>(HasCard, n),
            AutoGenerated = auto,
            ParentRefOffsets = parentOffsets,
            ParentRefIds = parentIds,
            ParentRefKeys = keys,
            ParentRefNames = names,
            ParentRefMasks = masks,
            DuplicateParentLinks = _dir.DuplicateParentLinks,
            SourceFiles = _dir.SourceFiles,
            Fits = SnapshotFits.Assemble(_byName),
        };
    }

    private Utf8Pool Pool(string lengths, string name, int n) => Get<CardTarget>(name).Build(Column<int>(lengths, n));

    private CardFeatures Features(int n, int[] cardChars, bool[] auto)
    {
        Utf8Pool genomes = _genomes ? Pool(GenomeLengths, Genomes, n) : Utf8Pool.Empty(n);
        long[] documents = Column<long>(TermDocuments, 1);
        try
        {
            TermCounts terms = TermCounts.FromSorted(Get<PrimitiveTarget<ulong>>(TermHashes).Values, Get<PrimitiveTarget<long>>(TermTotals).Values, documents[0]);
            bool bodies = (_load & CardKeep.Bodies) != 0;
            // Mentions came after bodies: a snapshot written before them has bodies and no mentions.
            CardMentions? mentions = bodies && _byName.ContainsKey(MentionOffsets)
                ? new CardMentions(Column<int>(MentionOffsets, n + 1), Get<PrimitiveTarget<ulong>>(Mentions).Values) : null;
            // Without genomes (a shard attaches its subset later) the signatures come with them: none yet, no model has a row.
            return new CardFeatures(genomes, _genomes ? Get<PrimitiveTarget<uint>>(Signatures).Values : [],
                _genomes ? CardFeatures.Rows(cardChars, auto) : Enumerable.Repeat(-1, n).ToArray(), terms,
                bodies ? Pool(BodyLengths, Bodies, n) : null, mentions);
        }
        catch (ArgumentException e) { throw new MalformedChunkException(e.Message); }
    }

    private HubRecordColumns Record(int n, int tagVocabulary)
    {
        int[] offsets = Column<int>(RecordTagOffsets, n + 1);
        int[] tags = Get<PrimitiveTarget<int>>(RecordTags).Values;
        if (offsets[0] != 0 || offsets[n] != tags.Length) throw new MalformedChunkException($"column {RecordTagOffsets} runs from {offsets[0]} to {offsets[n]}, {RecordTags} has {tags.Length}");
        foreach (int v in tags)
            if ((uint)v >= (uint)tagVocabulary) throw new MalformedChunkException($"column {RecordTags} names entry {v} of {tagVocabulary}");
        return new HubRecordColumns
        {
            TagOffsets = offsets,
            Tags = tags,
            TrendingScore = Column<long>(RecordTrending, n),
            Private = Column<sbyte>(RecordPrivate, n),
            CreatedMillis = Column<short>(RecordCreatedMillis, n),
            ObjectIds = Strings(RecordObjectIds, n),
        };
    }

    private static ModelIdIndex Index(string[] ids) =>
        ModelIdIndex.TryOf(ids, out int twice) ?? throw new MalformedChunkException($"model id '{ids[twice]}' stored twice");

    private TraitColumn Trait(TraitKind k, int n)
    {
        string[] vocabulary = Strings(TraitVocabulary(k));
        int[] offsets = Column<int>(TraitOffsets(k), n + 1);
        int[] values = Get<PrimitiveTarget<int>>(TraitValues(k)).Values;
        if (offsets[n] != values.Length) throw new MalformedChunkException($"column {TraitOffsets(k)} ends at {offsets[n]}, values has {values.Length}");
        foreach (int v in values)
            if ((uint)v >= (uint)vocabulary.Length) throw new MalformedChunkException($"column {TraitValues(k)} names entry {v} of {vocabulary.Length}");
        return new TraitColumn(k, vocabulary, offsets, values);
    }
}
