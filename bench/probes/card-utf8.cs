#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AssemblyName=Phylo.Bench
// The card's UTF-8 check, separate or folded into the scan (native-notes/ingest.md, "UTF-8 checked in the card's scan"):
// over the raw card fields of a CSV (held in memory; each field's cache lines touched first, as FieldScanner.Split has
// just read them in the pipeline), one thread, thread CPU, parts alternated per round, median and min of the rounds:
//   "check + scan": Utf8.IsValid on the field, then the card scan (the quoted field's inside escaped, else plain)
//   "scan": the card scan alone
//   "check": Utf8.IsValid alone
// Run it from a tree of main and from the branch (separate processes, alternated): main's "check + scan" is main's path,
// the branch's "scan" is the branch's (the check inside); the branch's "scan" against main's "scan" is what the fold adds.
//   dotnet run -c Release bench/probes/card-utf8.cs -- e300k.csv [rounds]
using System.Runtime.InteropServices;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Pipeline;
using Phylo.Kernels;
using Phylo.Table;

string path = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1]) : 7;
string load0 = File.ReadAllText("/proc/loadavg").Trim();
var parser = new PublishedRowParser(FormatDetector.DetectInput(path).Layout);
var fields = new List<(byte[] Bytes, bool Quoted)>();
using (var reader = new CsvChunkReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)))
{
    bool first = true;
    var rejections = new List<Rejection>();
    while (reader.ReadChunk() is { } chunk)
    {
        var mem = chunk.Buffer.AsMemory();
        for (int i = first ? 1 : 0; i < chunk.RecordCount; i++)
            if (parser.Parse(mem.Slice(chunk.Starts[i], chunk.Lengths[i]), path, chunk.Lines[i], rejections) is not null
                && parser.LastCard.Bytes.Length > 0)
                fields.Add((parser.LastCard.Bytes.ToArray(), parser.LastCard.Quoted));
        first = false;
        reader.Recycle(chunk);
    }
}
long bytes = fields.Sum(f => (long)f.Bytes.Length);
Console.WriteLine($"{fields.Count:N0} card fields ({fields.Count(f => f.Quoted):N0} quoted), {bytes / 1e6:F0} MB; load {load0}");
long sink = 0;
var parts = new (string Name, Action Run)[]
{
    ("check + scan", () => { foreach (var (b, q) in fields) { sink += Touch(b); if (System.Text.Unicode.Utf8.IsValid(b)) sink += Scan(b, q); } }),
    ("scan", () => { foreach (var (b, q) in fields) { sink += Touch(b); sink += Scan(b, q); } }),
    ("check", () => { foreach (var (b, q) in fields) { sink += Touch(b); sink += System.Text.Unicode.Utf8.IsValid(b) ? 1 : 0; } }),
    ("touch", () => { foreach (var (b, q) in fields) sink += Touch(b); }),
};
var times = parts.Select(_ => new List<double>()).ToArray();
for (int k = 0; k < rounds; k++)
    for (int v = 0; v < parts.Length; v++) { long a = T(); parts[v].Run(); times[v].Add((T() - a) / 1e9); }
for (int v = 0; v < parts.Length; v++)
{
    var t = times[v].Order().ToList();
    Console.WriteLine($"  {parts[v].Name,-14} {t[t.Count / 2],6:F3} s (min {t[0]:F3})  {bytes / 1e9 / t[t.Count / 2],6:F2} GB/s");
}
Console.WriteLine($"sink {sink}; load {File.ReadAllText("/proc/loadavg").Trim()}");

static int Scan(byte[] b, bool quoted) => quoted
    ? CardScan.ScanEscaped(b.AsSpan(1, b.Length - 2), CardText.PrefixCodePoints).Facts.CodePoints
    : CardScan.Scan(b, CardText.PrefixCodePoints).CodePoints;

static int Touch(byte[] b)
{
    int s = 0;
    for (int i = 0; i < b.Length; i += 64) s += b[i];
    return s;
}

static long T()
{
    Span<long> ts = stackalloc long[2];
    _ = clock_gettime(3, ref MemoryMarshal.GetReference(ts));
    return ts[0] * 1_000_000_000L + ts[1];
}
[DllImport("libc")] static extern int clock_gettime(int clock, ref long ts);
