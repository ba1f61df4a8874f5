#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// CPU time of writing the two big report tables as CSV at full scale: the writer before this change (a UTF-16
// StreamWriter, the column's type tested per cell, numbers through a char buffer) against CsvTableWriter (UTF-8 buffer,
// types decided per column, compiled optimized from the first call). Tables shaped like tables/models.csv (1,860,411
// rows: 8 text, 4 int, 1 bool) and tables/edges.csv (573,653 rows: 3 text, 10 doubles of which ~20 % missing). Each
// writer 3 times, alternating, into /dev/null-like memory (no disk); the bytes must be equal.
//   dotnet run -c Release bench/probes/csv-tables.cs
using System.Diagnostics;
using System.Globalization;
using Phylo.Report;

var rng = new Random(42);
string Id(int i) => $"author-{i % 9973}/model-{i}-{(i * 2654435761u) % 100000}";
int m = 1_860_411, e = 573_653;
var ids = Enumerable.Range(0, m).Select(Id).ToArray();
string[] Pick(string[] from, int n) => Enumerable.Range(0, n).Select(_ => from[rng.Next(from.Length)]).ToArray();
string[] licenses = ["", "apache-2.0", "mit", "llama3", "\"cc-by-4.0,other\""], tasks = ["", "text-generation", "fill-mask"];
var models = new ResultTable("models").Add("model_id", ids).Add("family_root", Pick(ids, m)).Add("tree_root", Pick(ids, m))
    .Add("generation", Enumerable.Range(0, m).Select(_ => rng.Next(6)).ToArray()).Add("descendants", Enumerable.Range(0, m).Select(_ => rng.Next(1000)).ToArray())
    .Add("licenses", Pick(licenses, m)).Add("languages", Pick(["", "en", "en;fr"], m)).Add("task", Pick(tasks, m)).Add("library", Pick(["", "peft", "transformers"], m))
    .Add("card_chars", Enumerable.Range(0, m).Select(_ => rng.Next(20000)).ToArray()).Add("card_words", Enumerable.Range(0, m).Select(_ => rng.Next(3000)).ToArray())
    .Add("auto_generated", Enumerable.Range(0, m).Select(_ => rng.Next(2) == 0).ToArray());
var edges = new ResultTable("edges").Add("parent", Pick(ids, e)).Add("child", Pick(ids, e)).Add("relation", Pick(["untyped", "finetune", "quantized"], e));
for (int c = 0; c < 10; c++) edges.Add($"s{c}", Enumerable.Range(0, e).Select(_ => rng.Next(5) == 0 ? double.NaN : rng.NextDouble()).ToArray());

foreach (var t in new[] { models, edges })
{
    var (a, b) = (new MemoryStream(), new MemoryStream());
    double[] before = new double[3], after = new double[3];
    for (int k = 0; k < 3; k++)
    {
        a.SetLength(0); b.SetLength(0);
        before[k] = Cpu(() => Before(t, a));
        after[k] = Cpu(() => CsvTableWriter.WriteTo(t, b));
    }
    bool same = a.ToArray().AsSpan().SequenceEqual(b.ToArray());
    Console.WriteLine($"{t.Name,-7} {t.RowCount,9:N0} rows {b.Length / 1e6,6:F0} MB  before {string.Join(" / ", before.Select(x => x.ToString("F2")))} s" +
                      $"  after {string.Join(" / ", after.Select(x => x.ToString("F2")))} s  bytes equal: {same}");
}
Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");

static double Cpu(Action work)
{
    var t0 = Process.GetCurrentProcess().TotalProcessorTime;
    work();
    return (Process.GetCurrentProcess().TotalProcessorTime - t0).TotalSeconds;
}

// The writer as it was (src/Phylo.Core/Report/ResultTable.cs before the UTF-8 writer).
static void Before(ResultTable table, Stream s)
{
    using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
    var cols = table.Columns;
    for (int c = 0; c < cols.Count; c++) { if (c > 0) w.Write(','); w.Write(cols[c].Name); }
    w.Write('\n');
    Span<char> buffer = stackalloc char[64];
    var inv = CultureInfo.InvariantCulture;
    for (int r = 0; r < table.RowCount; r++)
    {
        for (int c = 0; c < cols.Count; c++)
        {
            if (c > 0) w.Write(',');
            int n;
            switch (cols[c])
            {
                case Int32Column x when x.Values[r].TryFormat(buffer, out n, default, inv): w.Write(buffer[..n]); break;
                case Int64Column x when x.Values[r].TryFormat(buffer, out n, default, inv): w.Write(buffer[..n]); break;
                case DoubleColumn x when double.IsNaN(x.Values[r]): break;
                case DoubleColumn x when x.Values[r].TryFormat(buffer, out n, "R", inv): w.Write(buffer[..n]); break;
                case BoolColumn x: w.Write(x.Values[r] ? "true" : "false"); break;
                case StringColumn x: Text(w, x.Values[r] ?? ""); break;
                default: Text(w, cols[c].Format(r)); break;
            }
        }
        w.Write('\n');
    }
    static void Text(TextWriter w, string v)
    {
        if (v.AsSpan().IndexOfAny(",\"\r\n") < 0) w.Write(v);
        else w.Write(Phylo.Table.RejectLog.Quote(v));
    }
}
