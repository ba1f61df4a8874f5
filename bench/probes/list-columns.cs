#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AssemblyName=Phylo.Bench
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// The published CSV's list columns (tags, regions, licenses, arxiv_papers, datasets, languages, pipeline_tag, library_name)
// into a batch's ids, the two ways ing30 compares (native-notes/ingest.md, "The list columns from UTF-8"), in one process
// over the same decoded fields held in memory, rounds alternated, each timed with the thread's own CPU clock:
//   strings: PyListLiteral.TryParse (whole field transcoded to UTF-16, each item looked up in the worker's RecentStrings),
//            then each string interned into a per-batch string-keyed vocabulary (as RowBatch.Append did before ing30);
//   bytes:   PyListBytes.TryScan + BatchVocabulary.Intern(UTF-8) per item (the char parser only when the scan declines).
// Batches of 1,500 rows (the vocabularies cleared between them, as a pooled RowBatch is).
//   dotnet run -c Release bench/probes/list-columns.cs -- e300k.csv [rounds]
using System.Runtime.InteropServices;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Parsing;
using Phylo.Table;

string path = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1]) : 7;
string[] columns = ["tags", "regions", "licenses", "arxiv_papers", "datasets", "languages", "pipeline_tag", "library_name"];
const int Lists = 6, BatchRows = 1500;

// Load: every record's fields of those columns, decoded (quotes undone) into one arena.
var arena = new List<byte>();
var fieldEnds = new List<int>();
int[] index = [];
using (var file = File.OpenRead(path))
using (var reader = new CsvChunkReader(file))
{
    Range[] ranges = new Range[32];
    byte[] scratch = new byte[1 << 20];
    bool header = true;
    while (reader.ReadChunk() is { } chunk)
    {
        for (int i = 0; i < chunk.RecordCount; i++)
        {
            var rec = chunk.Buffer.AsSpan(chunk.Starts[i], chunk.Lengths[i]);
            int n = CsvFields.Split(rec, ref ranges);
            if (header)
            {
                var names = new string[n];
                for (int c = 0; c < n; c++) names[c] = CsvFields.DecodeString(rec[ranges[c]], out _);
                index = [.. columns.Select(name => Array.IndexOf(names, name))];
                header = false;
                continue;
            }
            foreach (int c in index)
            {
                int len = CsvFields.DecodeUtf8(rec[ranges[c]], scratch, out _);
                arena.AddRange(scratch.AsSpan(0, len));
                fieldEnds.Add(arena.Count);
            }
        }
        reader.Recycle(chunk);
    }
}
byte[] bytes = [.. arena];
int[] ends = [.. fieldEnds];
int rows = ends.Length / columns.Length;
Console.WriteLine($"{Path.GetFileName(path)}: {rows:N0} rows, {bytes.Length / 1e6:F1} MB of list and single-value fields; load {File.ReadAllText("/proc/loadavg").Trim()}");

var recent = new RecentStrings();
var items = new List<string>();
var stringVocab = new StringInterner[columns.Length];
for (int c = 0; c < columns.Length; c++) stringVocab[c] = new StringInterner();
var byteVocab = new BatchVocabulary[columns.Length];
for (int c = 0; c < columns.Length; c++) byteVocab[c] = new BatchVocabulary();
Range[] itemRanges = new Range[16];
long sink = 0;
var sums = new List<long>(); // the sum of every id a round made: equal for both ways, or the probe stops

var (a, b) = (new List<double>(), new List<double>());
for (int round = 0; round < 2 * rounds; round++)
{
    bool asBytes = round % 2 == 1;
    sink = 0;
    long t0 = ThreadTicks();
    for (int r = 0; r < rows; r++)
    {
        if (r % BatchRows == 0)
        {
            foreach (var v in stringVocab) v.Clear();
            foreach (var v in byteVocab) v.Clear();
        }
        for (int c = 0; c < columns.Length; c++)
        {
            int f = r * columns.Length + c;
            var utf8 = bytes.AsSpan(f == 0 ? 0 : ends[f - 1], ends[f] - (f == 0 ? 0 : ends[f - 1]));
            if (utf8.IsEmpty) continue;
            if (c >= Lists) sink += asBytes ? byteVocab[c].Intern(utf8) : stringVocab[c].Intern(Recent(recent, utf8));
            else if (asBytes && PyListBytes.TryScan(utf8, ref itemRanges, out int count))
            {
                for (int k = 0; k < count; k++)
                    if (itemRanges[k].End.Value > itemRanges[k].Start.Value) sink += byteVocab[c].Intern(utf8[itemRanges[k]]);
            }
            else
            {
                items.Clear();
                if (!PyListLiteral.TryParse(utf8, items, recent)) continue;
                foreach (var s in items)
                    if (s.Length > 0) sink += asBytes ? byteVocab[c].Intern(s) : stringVocab[c].Intern(s);
            }
        }
    }
    (asBytes ? b : a).Add((ThreadTicks() - t0) / 1e9);
    sums.Add(sink);
}
if (sums.Distinct().Count() != 1) throw new InvalidOperationException("the two ways gave different ids: " + string.Join(", ", sums));
a.Sort();
b.Sort();
Console.WriteLine($"strings (main): median {a[a.Count / 2]:F3} s, min {a[0]:F3} s  [{string.Join(", ", a.Select(x => x.ToString("F3")))}]");
Console.WriteLine($"bytes (ing30):  median {b[b.Count / 2]:F3} s, min {b[0]:F3} s  [{string.Join(", ", b.Select(x => x.ToString("F3")))}]");
Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()} (ids equal both ways: sum {sums[0]:N0})");

static string Recent(RecentStrings strings, ReadOnlySpan<byte> utf8)
{
    Span<char> chars = stackalloc char[256];
    return utf8.Length > 256 ? System.Text.Encoding.UTF8.GetString(utf8) : strings.Get(chars[..System.Text.Encoding.UTF8.GetChars(utf8, chars)]);
}

static long ThreadTicks()
{
    Span<long> ts = stackalloc long[2];
    _ = clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, ref MemoryMarshal.GetReference(ts));
    return ts[0] * 1_000_000_000L + ts[1];
}

[DllImport("libc")] static extern int clock_gettime(int clock, ref long ts);
