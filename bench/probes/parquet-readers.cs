#:package Parquet.Net@6.1.0
#:package ParquetSharp@25.0.1.2
#:package DuckDB.NET.Data.Full@1.5.6.1
#:property TreatWarningsAsErrors=false
#:property ManagePackageVersionsCentrally=false
#:property AllowUnsafeBlocks=true
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// Which Parquet reader ingest should use (issue 18): each reads every column of every row group of the published-layout
// Parquet file and touches every value as ingest needs it (text as UTF-8 bytes: the card is featurized on UTF-8, numbers as
// long), one thread per row group on 2 workers. Prints CPU-s, wall, allocated bytes and a checksum (the three must agree).
//   dotnet run -c Release bench/probes/parquet-readers.cs -- <file.parquet> [rounds]
// Input: phylo synth --models 200000 --seed 7 --out e200k.parquet
using System.Diagnostics;
using System.Text;

string path = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
var proc = Process.GetCurrentProcess();
Console.WriteLine($"{path}: {new FileInfo(path).Length / 1e6:N0} MB, load {File.ReadAllText("/proc/loadavg").Trim()}");
var readers = new (string Name, Func<string, long> Read)[] { ("Parquet.Net 6.1.0", ParquetNet), ("ParquetSharp 25.0.1.2", ParquetSharpRead), ("DuckDB.NET 1.5.6.1", DuckDb) };
for (int round = 0; round < rounds; round++)
    foreach (var (name, read) in readers)
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        long alloc0 = GC.GetTotalAllocatedBytes(true);
        proc.Refresh(); var cpu0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
        long sum = read(path);
        double wall = sw.Elapsed.TotalSeconds; proc.Refresh();
        Console.WriteLine($"round {round} {name,-22} cpu {(proc.TotalProcessorTime - cpu0).TotalSeconds,6:F2} s  wall {wall,6:F2} s  alloc {(GC.GetTotalAllocatedBytes(true) - alloc0) / 1e6,8:N0} MB  sum {sum:X}  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

// An order-free checksum (workers take groups in any order): the sum over every value of its UTF-8 length and first byte,
// or of the number itself, so the three readers' sums must be equal.
static long MixLen(long h, int len, byte first) => h + len * 7L + first;

// Parquet.Net: strings arrive as ReadOnlyMemory<char> (it decodes UTF-8 itself); ingest would encode the card back to UTF-8.
static long ParquetNet(string path)
{
    int groups;
    using (var fs = File.OpenRead(path)) { var r0 = Parquet.ParquetReader.CreateAsync(fs).GetAwaiter().GetResult(); groups = r0.RowGroupCount; }
    long total = 0; int next = -1;
    var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
    {
        long h = 0; byte[] utf8 = new byte[1 << 20];
        using var fs = File.OpenRead(path);
        var r = Parquet.ParquetReader.CreateAsync(fs).GetAwaiter().GetResult();
        var fields = r.Schema.GetDataFields();
        int g;
        while ((g = Interlocked.Increment(ref next)) < groups)
        {
            using var rg = r.OpenRowGroupReader(g);
            foreach (var f in fields)
            {
                long n = rg.GetMetadata(f).MetaData.NumValues;
                var def = new int[n];
                var rep = new int[n];
                if (f.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    var vals = new ReadOnlyMemory<char>[n];
                    rg.ReadRawAsync<ReadOnlyMemory<char>>(f, vals, def, rep).AsTask().GetAwaiter().GetResult();
                    foreach (var v in vals)
                    {
                        if (v.IsEmpty) continue;
                        int max = Encoding.UTF8.GetMaxByteCount(v.Length);
                        if (utf8.Length < max) utf8 = new byte[max * 2];
                        int len = Encoding.UTF8.GetBytes(v.Span, utf8);
                        h = MixLen(h, len, utf8[0]);
                    }
                }
                else if (f.ClrType == typeof(long))
                {
                    var vals = new long[n];
                    rg.ReadRawAsync<long>(f, vals, def, rep).AsTask().GetAwaiter().GetResult();
                    foreach (long v in vals) h += v;
                }
                else if (f.ClrType == typeof(bool))
                {
                    var vals = new bool[n];
                    rg.ReadRawAsync<bool>(f, vals, def, rep).AsTask().GetAwaiter().GetResult();
                }
            }
        }
        Interlocked.Add(ref total, h);
    })).ToArray();
    Task.WaitAll(workers);
    return total;
}

// ParquetSharp (Arrow C++ parquet, P/Invoke): physical ByteArray values point into native page buffers (UTF-8, no copy).
static long ParquetSharpRead(string path)
{
    int groups;
    using (var r = new ParquetSharp.ParquetFileReader(path)) groups = r.FileMetaData.NumRowGroups;
    long total = 0; int next = -1;
    var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
    {
        long h = 0;
        using var r = new ParquetSharp.ParquetFileReader(path);
        int cols = r.FileMetaData.NumColumns;
        int g;
        while ((g = Interlocked.Increment(ref next)) < groups)
        {
            using var rg = r.RowGroup(g);
            long rows = rg.MetaData.NumRows;
            for (int c = 0; c < cols; c++)
            {
                using var col = rg.Column(c);
                var def = new short[4096]; var rep = new short[4096];
                switch (col)
                {
                    case ParquetSharp.ColumnReader<ParquetSharp.ByteArray> ba:
                    {
                        var vals = new ParquetSharp.ByteArray[4096];
                        while (ba.HasNext)
                        {
                            long levels = ba.ReadBatch(vals.Length, def, rep, vals, out long nv);
                            for (int i = 0; i < nv; i++)
                                unsafe { var v = vals[i]; if (v.Length > 0) h = MixLen(h, v.Length, *(byte*)v.Pointer); }
                        }
                        break;
                    }
                    case ParquetSharp.ColumnReader<long> lr:
                    {
                        var vals = new long[4096];
                        while (lr.HasNext) { lr.ReadBatch(vals.Length, def, rep, vals, out long nv); for (int i = 0; i < nv; i++) h += vals[i]; }
                        break;
                    }
                    case ParquetSharp.ColumnReader<bool> br:
                    {
                        var vals = new bool[4096];
                        while (br.HasNext) br.ReadBatch(vals.Length, def, rep, vals, out long _);
                        break;
                    }
                }
            }
        }
        Interlocked.Add(ref total, h);
    })).ToArray();
    Task.WaitAll(workers);
    return total;
}

// DuckDB: SQL over the file (its own threads); text arrives as .NET strings, re-encoded to UTF-8 as ingest would need it.
static long DuckDb(string path)
{
    using var con = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
    con.Open();
    using (var set = con.CreateCommand()) { set.CommandText = "SET threads TO 2; SET preserve_insertion_order = true;"; set.ExecuteNonQuery(); }
    using var cmd = con.CreateCommand();
    cmd.CommandText = $"SELECT * FROM read_parquet('{path.Replace("'", "''")}')";
    using var rd = cmd.ExecuteReader();
    long h = 0; byte[] utf8 = new byte[1 << 20];
    int n = rd.FieldCount;
    while (rd.Read())
        for (int c = 0; c < n; c++)
        {
            if (rd.IsDBNull(c)) continue;
            var t = rd.GetFieldType(c);
            if (t == typeof(string))
            {
                string s = rd.GetString(c);
                int max = Encoding.UTF8.GetMaxByteCount(s.Length);
                if (utf8.Length < max) utf8 = new byte[max * 2];
                int len = Encoding.UTF8.GetBytes(s, utf8);
                if (len > 0) h = MixLen(h, len, utf8[0]);
            }
            else if (t == typeof(long)) h += rd.GetInt64(c);
        }
    return h;
}
