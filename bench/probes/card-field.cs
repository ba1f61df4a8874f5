#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property AssemblyName=Phylo.Bench
// The card read in place (ing29) against the decode it replaces, on one thread over the card fields of a CSV held in
// memory (raw, as the records hold them): "decoded" is main's path (the field's UTF-8 check, unquoting copy, then
// CardStage.Process on the copy), "in place" the branch's (the UTF-8 check, then CardStage.Process on the raw quoted
// field). Both for CardKeep.Features (analyze) and Features | Bodies (phylo ingest). Rounds alternate A B A B in one
// process, so load hits both alike; thread CPU, median and min.
//   dotnet run -c Release bench/probes/card-field.cs -- e300k.csv [rounds]
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Phylo.Ingest.Csv;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

string path = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
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
            if (parser.Parse(mem.Slice(chunk.Starts[i], chunk.Lengths[i]), path, chunk.Lines[i], rejections) is not null)
                fields.Add((parser.LastCard.Bytes.ToArray(), parser.LastCard.Quoted));
        first = false;
        reader.Recycle(chunk);
    }
}
long bytes = fields.Sum(c => (long)c.Bytes.Length);
int quoted = fields.Count(f => f.Quoted);
int withQuotes = fields.Count(f => f.Quoted && f.Bytes.AsSpan(1, f.Bytes.Length - 2).Contains((byte)'"'));
Console.WriteLine($"{fields.Count:N0} cards, {bytes / 1e6:F0} MB raw; {quoted:N0} quoted and valid UTF-8, {withQuotes:N0} of them with \"\" inside; load {load0}");
long sink = 0;
byte[] scratch = new byte[1 << 16];
foreach (var keep in new[] { CardKeep.Features, CardKeep.Features | CardKeep.Bodies })
{
    var runs = new (string Name, Action Run)[]
    {
        ("decoded (main)", () => { var st = new CardStage(keep); var p = new CardPieces(); var r = new ModelRecord(); int k = 0;
            foreach (var (b, q) in fields)
            {
                ReadOnlySpan<byte> card = b;
                if (q)
                {
                    if (scratch.Length < CsvFields.MaxDecodedLength(b.Length)) scratch = new byte[CsvFields.MaxDecodedLength(b.Length)];
                    card = scratch.AsSpan(0, CsvFields.DecodeUtf8(b, scratch, out _));
                }
                st.Process(r, card, p);
                if (++k % 4096 == 0) p.Reset();
            }
            sink += st.Terms.Distinct; }),
        ("in place (branch)", () => { var st = new CardStage(keep); var p = new CardPieces(); var r = new ModelRecord(); int k = 0;
            foreach (var (b, q) in fields)
            {
                if (q && Utf8.IsValid(b)) st.Process(r, CardField.QuotedCsv(b), p);
                else st.Process(r, b, p);
                if (++k % 4096 == 0) p.Reset();
            }
            sink += st.Terms.Distinct; }),
    };
    var times = runs.Select(_ => new List<double>()).ToArray();
    for (int k = 0; k < rounds; k++)
        for (int v = 0; v < runs.Length; v++) { long a = T(); runs[v].Run(); times[v].Add((T() - a) / 1e9); }
    for (int v = 0; v < runs.Length; v++)
    {
        var t = times[v].Order().ToList();
        Console.WriteLine($"  {keep,-17} {runs[v].Name,-18} {t[t.Count / 2],6:F3} s (min {t[0]:F3})  {bytes / 1e9 / t[t.Count / 2],5:F2} GB/s  [{string.Join(' ', times[v].Select(x => x.ToString("F3")))}]");
    }
}
Console.WriteLine($"sink {sink}; load {File.ReadAllText("/proc/loadavg").Trim()}");

static long T()
{
    Span<long> ts = stackalloc long[2];
    _ = clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, ref MemoryMarshal.GetReference(ts));
    return ts[0] * 1_000_000_000L + ts[1];
}

[DllImport("libc")] static extern int clock_gettime(int clock, ref long ts);
