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
    private readonly StringInterner _vocab = new();
    private readonly List<int> _offsets = [0];
    private int[] _values = new int[1024];
    private int _count;
    private readonly List<int> _row = [];

    public void AddRow(List<string> items) => AddRow(items, null);

    /// <summary>Appends a row; <paramref name="sequence"/>, when given, receives the items' ids in source order,
    /// duplicates kept (empty items skipped).</summary>
    public void AddRow(List<string> items, List<int>? sequence)
    {
        _row.Clear();
        sequence?.Clear();
        foreach (var s in items)
        {
            if (s.Length == 0) continue;
            int id = _vocab.Intern(s);
            _row.Add(id);
            sequence?.Add(id);
        }
        AppendSortedDistinct();
    }

    public void AddRow(string? single)
    {
        _row.Clear();
        if (!string.IsNullOrEmpty(single)) _row.Add(_vocab.Intern(single));
        AppendSortedDistinct();
    }

    private void AppendSortedDistinct()
    {
        _row.Sort();
        int last = -1;
        foreach (int v in _row)
        {
            if (v == last) continue;
            if (_count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
            _values[_count++] = v;
            last = v;
        }
        _offsets.Add(_count);
    }

    public TraitColumn Build() => new(kind, _vocab.ToArray(), _offsets.ToArray(), _values.AsSpan(0, _count).ToArray());
}
