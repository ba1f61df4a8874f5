namespace Phylo.Table;

/// <summary>
/// Appends parsed rows, in sequence order, to growing columns and interns ids and traits.
/// A model id seen twice keeps its first record; the later one is reported as a duplicate.
/// </summary>
/// <remarks>Rows arrive as <see cref="RowBatch"/>es whose strings a worker already interned into batch vocabularies; each
/// batch id is mapped to a global id once per batch, the first time a kept row uses it, so the global vocabularies grow in
/// the order a row-by-row intern of the kept rows gives (native-notes/ingest.md, "Per-worker interning").</remarks>
public sealed class ModelTableBuilder(CardKeep keep)
{
    /// <summary>A builder that keeps the card features (<paramref name="keepCards"/>) or only the facts.</summary>
    public ModelTableBuilder(bool keepCards = true) : this(keepCards ? CardKeep.Features : CardKeep.None) { }

    private readonly ModelIdIndex _ids = new(1 << 16);
    private readonly StringInterner _authors = new();
    private readonly StringInterner _modelTypes = new();
    private readonly List<int> _author = [];
    private readonly List<long> _likes = [];
    private readonly List<long> _downloads = [];
    private readonly List<long> _created = [];
    private readonly List<int> _modelType = [];
    private readonly List<int> _crawlDepth = [];
    private readonly TraitColumnBuilder[] _traits = NewTraitBuilders();
    private readonly HubRecordColumns.Builder _record = new();
    private readonly Utf8Pool.Builder? _cards = (keep & CardKeep.Text) != 0 ? new Utf8Pool.Builder() : null;
    private readonly CardFeaturesBuilder _features = new(keep);
    private readonly List<int> _cardChars = [];
    private readonly List<int> _cardWords = [];
    private readonly List<bool> _hasCard = [];
    private readonly List<bool> _auto = [];
    private readonly List<int> _parentOffsets = [0];
    private readonly List<string> _parentIds = [];
    private readonly StringInterner _parentNames = new();
    private readonly List<int> _parentKeys = [];
    private readonly List<RelationMask> _parentMasks = [];
    private long _duplicateParentLinks;
    private readonly List<string> _sources = [];
    private readonly HashSet<string> _sourceSet = new(StringComparer.Ordinal);
    private string? _lastSource;

    // Batch id → global id per vocabulary of the batch being committed (-1: not mapped yet).
    private readonly int[][] _remap = NewRemaps();
    private RowBatch? _mapped;
    private int _mappedGeneration;
    private int[] _scratch = new int[64];
    private readonly RowBatch _single = new();

    public int Count => _ids.Count;

    /// <summary>Sizes the per-row columns and the id index for <paramref name="rows"/> rows in all (a hint: only capacity
    /// changes, never content), so they grow once instead of doubling — each doubling is a copy into memory the kernel
    /// must zero first, on the one thread that commits.</summary>
    public void ExpectRows(int rows)
    {
        if (rows <= Count) return;
        _ids.EnsureCapacity(rows);
        // Authors are near one per model (≈ 0.44 a row at 300k models): their interner doubled to a 31 MiB table late in a
        // full-scale run, on the large-object heap when each full collection costs most.
        _authors.EnsureCapacity(RowScale.Items(_authors.Count, Count, rows));
        RowScale.Reserve(_author, rows);
        RowScale.Reserve(_likes, rows);
        RowScale.Reserve(_downloads, rows);
        RowScale.Reserve(_created, rows);
        RowScale.Reserve(_modelType, rows);
        RowScale.Reserve(_crawlDepth, rows);
        RowScale.Reserve(_cardChars, rows);
        RowScale.Reserve(_cardWords, rows);
        RowScale.Reserve(_hasCard, rows);
        RowScale.Reserve(_auto, rows);
        RowScale.Reserve(_parentOffsets, rows + 1);
        int parents = RowScale.Items(_parentIds.Count, Count, rows);
        RowScale.Reserve(_parentIds, parents);
        RowScale.Reserve(_parentKeys, parents);
        RowScale.Reserve(_parentMasks, parents);
        foreach (var t in _traits) t.Reserve(rows);
        _record.Reserve(rows);
        _features.Reserve(rows);
        _cards?.Reserve(rows);
    }

    /// <summary>Appends <paramref name="r"/>; returns a rejection when its id is already present.</summary>
    public Rejection? Add(ModelRecord r)
    {
        if (!r.CardFeaturized && !_ids.ContainsKey(r.Id)) _features.Prepare(r); // a worker's stage did not see it
        _single.Clear();
        _single.Append(r);
        return Add(_single, 0);
    }

    /// <summary>Appends row <paramref name="i"/> of <paramref name="b"/> (rows of a batch in order, batches in sequence
    /// order); returns a rejection when its id is already present.</summary>
    public Rejection? Add(RowBatch b, int i)
    {
        if (!ReferenceEquals(b, _mapped) || b.Generation != _mappedGeneration) StartMapping(b);
        string id = b.Ids[i];
        if (!_ids.TryAdd(id, b.IdHashes[i], out _))
        {
            _features.Dropped(b.Cards[i]);
            return new Rejection(b.SourceFiles[i], b.Lines[i], RejectReasons.DuplicateId, id, Group: b.RowGroups[i]);
        }
        string source = b.SourceFiles[i];
        if (!ReferenceEquals(source, _lastSource))
        {
            if (_sourceSet.Add(source)) _sources.Add(source);
            _lastSource = source;
        }

        _author.Add(Global(b, RowBatch.AuthorVocab, b.Author[i], _authors));
        _likes.Add(b.Likes[i]);
        _downloads.Add(b.Downloads[i]);
        _created.Add(b.CreatedAt[i]);
        _modelType.Add(Global(b, RowBatch.ModelTypeVocab, b.ModelType[i], _modelTypes));
        _crawlDepth.Add(b.CrawlDepth[i]);

        for (int k = 0; k < TraitKinds.Count; k++)
        {
            var builder = _traits[k];
            var ids = Globals(b, k, b.Traits[k][i], builder.Vocab);
            builder.AddRow(ids);
            if (k == (int)TraitKind.Tag) _record.Add(ids, b.TrendingScore[i], b.Private[i], b.CreatedMillis[i], b.ObjectIds[i]);
        }

        AddCard(b.Cards[i]);
        AddParents(b, i);
        return null;
    }

    private void StartMapping(RowBatch b)
    {
        for (int v = 0; v < RowBatch.VocabCount; v++)
        {
            int n = b.Vocab[v].Count;
            if (_remap[v].Length < n) _remap[v] = new int[Math.Max(n, 2 * _remap[v].Length)];
            _remap[v].AsSpan(0, n).Fill(-1);
        }
        _mapped = b;
        _mappedGeneration = b.Generation;
    }

    private int Global(RowBatch b, int vocab, int local, StringInterner into)
    {
        if (local < 0) return -1;
        ref int g = ref _remap[vocab][local];
        if (g < 0)
        {
            var v = b.Vocab[vocab];
            g = into.Intern(v[local], v.HashOf(local));
        }
        return g;
    }

    /// <summary>Global ids of a row of batch ids, in the same order (valid until the next call).</summary>
    private ReadOnlySpan<int> Globals(RowBatch b, int vocab, ReadOnlySpan<int> locals, StringInterner into)
    {
        if (_scratch.Length < locals.Length) _scratch = new int[Math.Max(locals.Length, 2 * _scratch.Length)];
        var globals = _scratch.AsSpan(0, locals.Length);
        for (int j = 0; j < locals.Length; j++) globals[j] = Global(b, vocab, locals[j], into);
        return globals;
    }

    private void AddCard(in CardRow c)
    {
        _cardChars.Add(c.Chars);
        _cardWords.Add(c.Words);
        _hasCard.Add(c.Chars >= ModelTable.MinCardChars);
        _auto.Add(c.AutoGenerated);
        _features.Add(c);
        if (_cards is null) return;
        ReadOnlySpan<byte> utf8 = c.Text;
        if (utf8.IsEmpty) _cards.AddEmpty();
        else _cards.Add(utf8);
    }

    private void AddParents(RowBatch b, int i)
    {
        // Parent ids are interned (heavy repeats: one base model can have tens of thousands of children), so repeated ids
        // share one string and the graph builder resolves each distinct id once. The batch collapsed each row's repeats.
        int start = b.Parents.Start(i);
        var keys = b.Parents[i];
        for (int j = 0; j < keys.Length; j++)
        {
            int key = Global(b, RowBatch.ParentVocab, keys[j], _parentNames);
            _parentKeys.Add(key);
            _parentIds.Add(_parentNames[key]);
            _parentMasks.Add(b.ParentMasks[start + j]);
        }
        _duplicateParentLinks += b.DuplicateParentLinks[i];
        _parentOffsets.Add(_parentIds.Count);
    }

    private static int[][] NewRemaps()
    {
        var r = new int[RowBatch.VocabCount][];
        for (int v = 0; v < r.Length; v++) r[v] = new int[256];
        return r;
    }

    /// <summary>Takes an ingest worker's card stage (its term counts) once the worker is done.</summary>
    internal void Absorb(Phylo.Table.CardStage stage) => _features.Absorb(stage);

    /// <summary>Counts declared links collapsed before the records got here (a replayed snapshot's duplicates).</summary>
    internal void AddDuplicateParentLinks(long count) => _duplicateParentLinks += count;

    private static TraitColumnBuilder[] NewTraitBuilders()
    {
        var builders = new TraitColumnBuilder[TraitKinds.Count];
        foreach (TraitKind k in TraitKinds.All) builders[(int)k] = new TraitColumnBuilder(k);
        return builders;
    }

    private TraitColumn[] BuildTraits()
    {
        var columns = new TraitColumn[_traits.Length];
        for (int i = 0; i < columns.Length; i++) columns[i] = _traits[i].Build();
        return columns;
    }

    /// <summary>Freezes the columns into an immutable <see cref="ModelTable"/>; once: the builder is spent afterwards (the
    /// table takes the id index as its own, and the card features builder its blocks).</summary>
    public ModelTable Build()
    {
        int[] cardChars = _cardChars.ToArray();
        bool[] auto = _auto.ToArray();
        // The card features (the signature blocks copied into one array, the workers' term counts summed, the pools) are
        // the largest part of the build and share nothing with the other columns: built on a second core meanwhile. The
        // build ran on one thread after the pipeline had finished, ≈ 1.3 s of ingest wall at full scale.
        var features = Task.Run(() => _features.Build(cardChars, auto));
        // The id index already maps each id to its row and becomes the table's (rehashing 1.86M ids into a second index cost
        // the one builder thread ≈ 0.3 s at full scale); its ids, cut to length, are the table's Ids.
        var ids = _ids.Freeze();
        var index = _ids;
        return new ModelTable
        {
            Count = ids.Length,
            Ids = ids,
            IndexOf = index,
            Author = _author.ToArray(),
            Authors = _authors.ToArray(),
            Likes = _likes.ToArray(),
            Downloads = _downloads.ToArray(),
            CreatedAt = _created.ToArray(),
            ModelType = _modelType.ToArray(),
            ModelTypes = _modelTypes.ToArray(),
            CrawlDepth = _crawlDepth.ToArray(),
            Traits = BuildTraits(),
            Record = _record.Build(),
            Cards = _cards?.Build(),
            CardChars = cardChars,
            CardWords = _cardWords.ToArray(),
            HasCard = _hasCard.ToArray(),
            AutoGenerated = auto,
            ParentRefOffsets = _parentOffsets.ToArray(),
            ParentRefIds = _parentIds.ToArray(),
            ParentRefMasks = _parentMasks.ToArray(),
            ParentRefKeys = _parentKeys.ToArray(),
            ParentRefNames = _parentNames.ToArray(),
            DuplicateParentLinks = _duplicateParentLinks,
            SourceFiles = _sources.ToArray(),
            CardFeatures = features.GetAwaiter().GetResult(),
        };
    }
}
