using System.Text;
using BenchmarkDotNet.Attributes;
using Phylo.Ingest.Csv;
using Phylo.Kernels;

namespace Phylo.Bench;

/// <summary>
/// Throughput of the CSV scanner over ~64 MB in memory shaped like the published data set: 23 columns,
/// Python-list columns, and a multi-line quoted model card of a few KB per row. MB/s = 64 / mean seconds.
/// </summary>
[MemoryDiagnoser]
public class CsvScannerBench
{
    private byte[] _data = [];
    private Range[] _ranges = new Range[32];

    [Params(SimdLevel.Scalar, SimdLevel.V128, SimdLevel.V256, SimdLevel.V512)]
    public SimdLevel Level { get; set; }

    public int Megabytes { get; set; } = 64;

    [GlobalSetup]
    public void Setup() => _data = PublishedLikeCsv(Megabytes << 20, seed: 42);

    /// <summary>Record boundaries only.</summary>
    [Benchmark]
    public long ReadChunks()
    {
        long records = 0;
        using var reader = new CsvChunkReader(new MemoryStream(_data, writable: false), 4 << 20, Level);
        while (reader.ReadChunk() is { } chunk)
        {
            records += chunk.RecordCount;
            reader.Recycle(chunk);
        }
        return records;
    }

    /// <summary>Record boundaries and every record split into field ranges (the reader layer's whole job).</summary>
    [Benchmark(Baseline = true)]
    public long ReadChunksAndSplit()
    {
        long fields = 0;
        using var reader = new CsvChunkReader(new MemoryStream(_data, writable: false), 4 << 20, Level);
        while (reader.ReadChunk() is { } chunk)
        {
            for (int i = 0; i < chunk.RecordCount; i++)
                fields += CsvFields.Split(chunk.Record(i), ref _ranges, Level);
            reader.Recycle(chunk);
        }
        return fields;
    }

    /// <summary>Rows in the published layout until <paramref name="bytes"/> is reached.</summary>
    public static byte[] PublishedLikeCsv(int bytes, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(bytes + (1 << 16));
        sb.Append(",model_id,likes,trendingScore,private,downloads,tags,pipeline_tag,library_name,createdAt,regions,licenses,"
            + "arxiv_papers,datasets,parent_model,finetune_parent,quantized_parent,adapter_parent,merge_parent,languages,"
            + "modelCard,ratelimit_retries,exception_raised\n");
        string[] words = ["model", "the", "fine-tuned", "data", "Llama", "training", "evaluation", "ü", "模型", "🤗", "results", "of"];
        for (int row = 0; sb.Length < bytes; row++)
        {
            string id = $"user{rng.Next(50_000)}/model-{row}";
            sb.Append(row).Append(',').Append(id).Append(',').Append(rng.Next(1000)).Append(",0,False,").Append(rng.Next(1_000_000)).Append(',');
            sb.Append("\"['transformers', 'pytorch', 'license:apache-2.0', 'base_model:finetune:meta/llama']\",text-generation,transformers,");
            sb.Append("2024-0").Append(1 + rng.Next(9)).Append("-1").Append(rng.Next(10)).Append(" 10:11:12+00:00,['us'],['apache-2.0'],[],");
            sb.Append(rng.Next(3) == 0 ? "\"['squad', 'glue']\"" : "[]").Append(",['meta/llama'],['meta/llama'],[],[],[],");
            sb.Append(rng.Next(2) == 0 ? "\"['English', 'French']\"" : "['English']").Append(',');
            AppendCard(sb, rng, words);
            sb.Append(",0,\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void AppendCard(StringBuilder sb, Random rng, string[] words)
    {
        sb.Append("\"---\nlicense: apache-2.0\nbase_model: meta/llama\n---\n\n# Model card\n\n");
        int length = 500 + rng.Next(5000);
        int start = sb.Length;
        while (sb.Length - start < length)
        {
            sb.Append(words[rng.Next(words.Length)]);
            int r = rng.Next(40);
            sb.Append(r switch { 0 => "\n", 1 => ", ", 2 => " \"\"quoted\"\" ", 3 => "\n\n| a | b |\n", _ => " " });
        }
        sb.Append('"');
    }
}
