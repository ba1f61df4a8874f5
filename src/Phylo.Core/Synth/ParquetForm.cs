using System.Text;
using Parquet;
using Parquet.Schema;
using Phylo.Ingest.Parsing;

namespace Phylo.Synth;

/// <summary>How a Parquet file spells the published layout's list columns (tags, licenses, *_parent, …).</summary>
public enum ParquetLists
{
    /// <summary>Strings holding the Python list literal, as the Hub's Parquet conversion of the CSV keeps them.</summary>
    Strings,
    /// <summary>Native Parquet <c>LIST&lt;string&gt;</c> columns (what polars or pyarrow write after parsing the lists).</summary>
    Native,
}

/// <summary>
/// The published CSV converted to Parquet as the Hub's converter does it (pandas → Parquet): the same columns in the same
/// order (the unnamed index column as <c>Unnamed: 0</c>), counts as int64, <c>private</c> as bool, every other column a
/// UTF-8 string; an empty CSV field is a Parquet null. With <see cref="ParquetLists.Native"/> the list columns are
/// <c>LIST&lt;string&gt;</c> instead. Used by <c>phylo synth --format parquet</c> (the synthetic ecosystem in Parquet form)
/// and by tests that need a Parquet twin of a CSV. Reads the CSV with Phylo's own scanner, so each field is what ingest
/// reads from the CSV.
/// </summary>
public static class ParquetForm
{
    /// <summary>Rows per row group unless told otherwise: ≈ 50 MB of full cards, so two workers reading a row group each stay small.</summary>
    public const int DefaultRowGroupRows = 16_384;

    internal static readonly HashSet<string> Counts = new(StringComparer.Ordinal) { "Unnamed: 0", "likes", "trendingScore", "downloads", "ratelimit_retries" };

    /// <summary>The list-literal columns of the published layout.</summary>
    public static readonly IReadOnlySet<string> ListColumns = new HashSet<string>(StringComparer.Ordinal)
    {
        "tags", "regions", "licenses", "arxiv_papers", "datasets", "parent_model", "finetune_parent", "quantized_parent",
        "adapter_parent", "merge_parent", "languages",
    };

    /// <summary>Converts the published-layout CSV in <paramref name="csv"/> to Parquet in <paramref name="parquet"/> (seekable).</summary>
    public static void Convert(Stream csv, Stream parquet, ParquetLists lists = ParquetLists.Strings, int rowGroupRows = DefaultRowGroupRows) =>
        ConvertAsync(csv, parquet, lists, rowGroupRows).GetAwaiter().GetResult();

    private static async Task ConvertAsync(Stream csv, Stream parquet, ParquetLists lists, int rowGroupRows)
    {
        Column[]? columns = null;
        ParquetWriter? writer = null;
        int rows = 0;
        try
        {
            await PublishedCsvRecords.ForEachAsync(csv, async names =>
            {
                columns = Header(names, lists);
                writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => c.Field)), parquet).ConfigureAwait(false);
            }, (c, utf8) => columns![c].Add(utf8), async () =>
            {
                if (++rows < rowGroupRows) return;
                await Flush(writer!, columns!).ConfigureAwait(false);
                rows = 0;
            }).ConfigureAwait(false);
            if (rows > 0) await Flush(writer!, columns!).ConfigureAwait(false);
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Column[] Header(string[] names, ParquetLists lists)
    {
        var columns = new Column[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            string name = names[c];
            columns[c] = Counts.Contains(name) ? new CountColumn(name)
                : name == "private" ? new BoolColumn(name)
                : lists == ParquetLists.Native && ListColumns.Contains(name) ? new ListColumn(name)
                : new TextColumn(name);
        }
        return columns;
    }

    private static async Task Flush(ParquetWriter writer, Column[] columns)
    {
        using var group = writer.CreateRowGroup();
        foreach (var c in columns) await c.WriteAsync(group).ConfigureAwait(false);
    }

    /// <summary>One column's values of the row group being filled.</summary>
    private abstract class Column
    {
        public abstract Field Field { get; }
        public abstract void Add(ReadOnlySpan<byte> utf8);
        public abstract Task WriteAsync(ParquetRowGroupWriter group);
    }

    private sealed class CountColumn(string name) : Column
    {
        private readonly DataField<long?> _field = new(name);
        private readonly List<long?> _values = [];
        public override Field Field => _field;

        public override void Add(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty) { _values.Add(null); return; }
            if (!System.Buffers.Text.Utf8Parser.TryParse(utf8, out long v, out int used) || used != utf8.Length)
                throw new InvalidDataException($"{name}: '{Encoding.UTF8.GetString(utf8)}' is not an integer");
            _values.Add(v);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group)
        {
            await group.WriteAsync<long>(_field, _values.ToArray().AsMemory()).ConfigureAwait(false);
            _values.Clear();
        }
    }

    private sealed class BoolColumn(string name) : Column
    {
        private readonly DataField<bool?> _field = new(name);
        private readonly List<bool?> _values = [];
        public override Field Field => _field;

        public override void Add(ReadOnlySpan<byte> utf8) =>
            _values.Add(utf8.SequenceEqual("True"u8) ? true : utf8.SequenceEqual("False"u8) ? false : null);

        public override async Task WriteAsync(ParquetRowGroupWriter group)
        {
            await group.WriteAsync<bool>(_field, _values.ToArray().AsMemory()).ConfigureAwait(false);
            _values.Clear();
        }
    }

    /// <summary>A string column: the row group's text in one char buffer, each value a slice (no string per value).</summary>
    private class TextColumn(string name) : Column
    {
        private readonly DataField<string> _field = new(name, nullable: true);
        private char[] _chars = new char[1 << 16];
        private int _used;
        protected readonly List<(int Start, int Length)> Values = [];
        public override Field Field => _field;
        protected virtual DataField Leaf => _field;

        public override void Add(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty) { Values.Add((-1, 0)); return; }
            Values.Add(Append(utf8));
        }

        protected (int, int) Append(ReadOnlySpan<byte> utf8)
        {
            int max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
            if (_chars.Length - _used < max) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + max));
            int n = Encoding.UTF8.GetChars(utf8, _chars.AsSpan(_used));
            var slot = (_used, n);
            _used += n;
            return slot;
        }

        protected (int, int) Append(string s)
        {
            if (_chars.Length - _used < s.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + s.Length));
            s.CopyTo(_chars.AsSpan(_used));
            var slot = (_used, s.Length);
            _used += s.Length;
            return slot;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group)
        {
            var values = new ReadOnlyMemory<char>?[Values.Count];
            for (int i = 0; i < values.Length; i++)
                if (Values[i].Start >= 0) values[i] = _chars.AsMemory(Values[i].Start, Values[i].Length);
            await WriteValuesAsync(group, values).ConfigureAwait(false);
            Values.Clear();
            _used = 0;
        }

        protected virtual Task WriteValuesAsync(ParquetRowGroupWriter group, ReadOnlyMemory<char>?[] values) =>
            group.WriteAsync<ReadOnlyMemory<char>>(Leaf, values.AsMemory());
    }

    /// <summary>A list-literal column written as a native <c>LIST&lt;string&gt;</c> (an empty or blank list is an empty list).</summary>
    private sealed class ListColumn : TextColumn
    {
        private readonly ListField _list;
        private readonly DataField<string> _item = new("element", nullable: true);
        private readonly List<int> _repetition = [];
        private readonly List<string> _items = [];

        public ListColumn(string name) : base(name) => _list = new ListField(name, _item);

        public override Field Field => _list;
        protected override DataField Leaf => _item;

        public override void Add(ReadOnlySpan<byte> utf8)
        {
            _items.Clear();
            if (!PyListLiteral.TryParse(utf8, _items)) throw new InvalidDataException($"{_list.Name}: not a list literal");
            if (_items.Count == 0)
            {
                Values.Add((-1, 0)); // an empty list: one null slot at repetition level 0
                _repetition.Add(0);
                return;
            }
            for (int i = 0; i < _items.Count; i++)
            {
                Values.Add(Append(_items[i]));
                _repetition.Add(i == 0 ? 0 : 1);
            }
        }

        protected override async Task WriteValuesAsync(ParquetRowGroupWriter group, ReadOnlyMemory<char>?[] values)
        {
            await group.WriteAsync<ReadOnlyMemory<char>>(_item, values.AsMemory(), _repetition.ToArray()).ConfigureAwait(false);
            _repetition.Clear();
        }
    }
}
