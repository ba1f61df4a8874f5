namespace Phylo.Table;

/// <summary>
/// One trait kind for every model: a vocabulary and a CSR of per-model sets
/// (<see cref="Offsets"/> has N+1 entries; each row of <see cref="Values"/> is sorted and distinct).
/// </summary>
public sealed class TraitColumn
{
    public TraitColumn(TraitKind kind, string[] vocabulary, int[] offsets, int[] values)
    {
        Kind = kind;
        Vocabulary = vocabulary;
        Offsets = offsets;
        Values = values;
        var counts = new int[vocabulary.Length];
        foreach (int v in values) counts[v]++;
        ModelCounts = counts;
    }

    private TraitColumn(TraitKind kind, string[] vocabulary, int[] offsets, int[] values, int[] modelCounts)
    {
        Kind = kind;
        Vocabulary = vocabulary;
        Offsets = offsets;
        Values = values;
        ModelCounts = modelCounts;
    }

    /// <summary>This column with the rows of the models <paramref name="keep"/> marks and the others empty; the vocabulary
    /// and <see cref="ModelCounts"/> stay those of every model (a shard's compacted table, <see cref="ModelTableRows"/>).</summary>
    internal TraitColumn KeepRows(bool[] keep)
    {
        var (offsets, values) = ModelTableRows.Keep(Offsets, Values, keep);
        return new TraitColumn(Kind, Vocabulary, offsets, values, ModelCounts);
    }

    public TraitKind Kind { get; }
    public string[] Vocabulary { get; }
    public int[] Offsets { get; }
    public int[] Values { get; }
    /// <summary>How many models carry each vocabulary entry.</summary>
    public int[] ModelCounts { get; }

    public ReadOnlySpan<int> this[int model] => Values.AsSpan(Offsets[model], Offsets[model + 1] - Offsets[model]);

    public int CountOf(int model) => Offsets[model + 1] - Offsets[model];

    public int IdOf(string value) => Array.IndexOf(Vocabulary, value);
}

/// <summary>Accumulates one <see cref="TraitColumn"/> row by row.</summary>
internal sealed class TraitColumnBuilder(TraitKind kind)
{
    private int[] _offsets = new int[1024];
    private int _rows;
    private int[] _values = new int[1024];
    private int _count;
    private int[] _row = new int[64];

    /// <summary>The column's vocabulary: the builder interns values here and hands their ids to <see cref="AddRow(ReadOnlySpan{int})"/>.</summary>
    public StringInterner Vocab { get; } = new();

    /// <summary>Appends a row given as strings (empty items skipped).</summary>
    public void AddRow(List<string> items)
    {
        Span<int> ids = items.Count <= 64 ? stackalloc int[items.Count] : new int[items.Count];
        int n = 0;
        foreach (var s in items)
            if (s.Length > 0) ids[n++] = Vocab.Intern(s);
        AddRow(ids[..n]);
    }

    public void AddRow(string? single) => AddRow(string.IsNullOrEmpty(single) ? [] : [Vocab.Intern(single)]);

    /// <summary>Appends a row of vocabulary ids (any order, repeats allowed): stored sorted and distinct (-1, no value, skipped).</summary>
    public void AddRow(ReadOnlySpan<int> ids)
    {
        if (_rows + 2 > _offsets.Length) Array.Resize(ref _offsets, 2 * _offsets.Length);
        if (_values.Length - _count < ids.Length) Array.Resize(ref _values, Math.Max(_count + ids.Length, _values.Length * 2));
        if (ids.Length <= 1) // most rows of most kinds (a region, a library, no license): nothing to sort
        {
            if (ids.Length == 1 && ids[0] != -1) _values[_count++] = ids[0];
            _offsets[++_rows] = _count;
            return;
        }
        if (_row.Length < ids.Length) _row = new int[Math.Max(ids.Length, 2 * _row.Length)];
        var row = _row.AsSpan(0, ids.Length);
        ids.CopyTo(row);
        row.Sort();
        int last = -1;
        foreach (int v in row)
        {
            if (v == last) continue;
            _values[_count++] = v;
            last = v;
        }
        _offsets[++_rows] = _count;
    }

    /// <summary>Sizes the column for <paramref name="rows"/> rows, with as many values per row as so far (capacity only).</summary>
    public void Reserve(int rows)
    {
        if (_offsets.Length < rows + 2) Array.Resize(ref _offsets, rows + 2);
        int values = RowScale.Items(_count, _rows, rows);
        if (_values.Length < values) Array.Resize(ref _values, values);
    }

    public TraitColumn Build() => new(kind, Vocab.ToArray(), _offsets.AsSpan(0, _rows + 1).ToArray(), _values.AsSpan(0, _count).ToArray());
}
