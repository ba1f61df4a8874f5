using Phylo.Report;

namespace Phylo.Run;

/// <summary>
/// The sections' tables for writers that run at the same time (tables/*.csv in the report stage, tables/*.parquet),
/// each built once: table i is built by the first reader that reaches it and dropped once every reader has had it. A
/// reader runs at most one table ahead of the slowest open reader, so at most two tables are alive at once (the model
/// table alone is hundreds of MB at full scale) and the order the tables are built in is the sections' order.
/// A reader that ends (finished, failed or never started) is retired, so it holds nobody up.
/// </summary>
public sealed class SharedTables
{
    /// <summary>How many tables a reader may be ahead of the slowest open reader.</summary>
    public const int Lead = 1;

    private readonly object _gate = new();
    private readonly IEnumerator<SectionTable> _source;
    private readonly List<SectionTable?> _built = [];
    private readonly int[] _next;        // per reader: the table it wants next (int.MaxValue once retired)
    private bool _ended, _building;
    private int _waiting;
    private Exception? _failed;

    /// <param name="readers">How many readers will read (each by its index, 0 ≤ index &lt; readers).</param>
    public SharedTables(IReadOnlyList<IReportSection> sections, int readers)
    {
        _source = SectionTable.All(sections).GetEnumerator();
        _next = new int[readers];
    }

    /// <summary>The tables in section order, for reader <paramref name="reader"/>.</summary>
    public IEnumerable<SectionTable> Read(int reader)
    {
        for (int i = 0; ; i++)
        {
            SectionTable? table = Take(reader, i);
            if (table is null) yield break;
            yield return table.Value;
            Done(reader, i + 1);
        }
    }

    /// <summary>Reader <paramref name="reader"/> reads no more (idempotent).</summary>
    public void Retire(int reader) => Done(reader, int.MaxValue);

    /// <summary>How many readers wait right now for a slower one or for a table being built (for tests).</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting; }
    }

    /// <summary>How many built tables are held right now (for tests).</summary>
    public int Alive
    {
        get { lock (_gate) return _built.Count(t => t is not null); }
    }

    private SectionTable? Take(int reader, int i)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_failed is not null) throw new InvalidOperationException("building a report table failed", _failed);
                if (i < _built.Count) return _built[i] ?? throw new InvalidOperationException($"table {i} was dropped before reader {reader} read it");
                if (_ended) return null;
                if (!_building && i <= SlowestOther(reader) + Lead) break;
                _waiting++;
                Monitor.Wait(_gate);
                _waiting--;
            }
            _building = true;
        }
        SectionTable? built = null;
        try
        {
            built = _source.MoveNext() ? _source.Current : null;
        }
        catch (Exception e)
        {
            lock (_gate) { _failed = e; _building = false; Monitor.PulseAll(_gate); }
            throw;
        }
        lock (_gate)
        {
            if (built is null) _ended = true;
            else _built.Add(built);
            _building = false;
            Monitor.PulseAll(_gate);
        }
        return built;
    }

    private void Done(int reader, int next)
    {
        lock (_gate)
        {
            _next[reader] = Math.Max(_next[reader], next);
            int slowest = _next.Min();
            for (int j = 0; j < Math.Min(slowest, _built.Count); j++) _built[j] = null;
            Monitor.PulseAll(_gate);
        }
    }

    private int SlowestOther(int reader)
    {
        int min = int.MaxValue;
        for (int r = 0; r < _next.Length; r++)
            if (r != reader) min = Math.Min(min, _next[r]);
        return min == int.MaxValue ? int.MaxValue - Lead : min;
    }
}

/// <summary>A table and the index of the section it belongs to (writers report progress by section).</summary>
public readonly record struct SectionTable(int Section, ResultTable Table)
{
    /// <summary>Every section's tables in section order, each built as the enumeration reaches it.</summary>
    public static IEnumerable<SectionTable> All(IReadOnlyList<IReportSection> sections) =>
        sections.SelectMany((s, i) => s.Tables().Select(t => new SectionTable(i, t)));
}
