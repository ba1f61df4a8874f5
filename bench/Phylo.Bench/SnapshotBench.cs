using System.Text;
using BenchmarkDotNet.Attributes;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Bench;

/// <summary>
/// Snapshot write and read of a full-scale-shaped table: the 1,860,411 models of <see cref="SyntheticSnapshot"/>
/// (study-shaped parents, traits) with cards of 200–1,200 bytes built from shared paragraphs plus per-model text
/// (~1.3 GB of card text, what fits beside the other engineers' builds; the real set has ~2.8 KB per model).
/// The read benchmark loads the file written in GlobalSetup; allocations are the loaded table.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SnapshotBench
{
    private ModelTable _table = null!;
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        var paragraphs = new string[64];
        var rng = new Random(9);
        for (int p = 0; p < paragraphs.Length; p++)
        {
            var sb = new StringBuilder();
            while (sb.Length < 150) sb.Append("word").Append(rng.Next(5000)).Append(' ');
            paragraphs[p] = sb.ToString();
        }
        var b = new ModelTableBuilder(keepCards: true);
        var card = new StringBuilder();
        for (int i = 0; i < SyntheticSnapshot.Models; i++)
        {
            var r = SyntheticSnapshot.Record(i);
            card.Clear().Append("# ").Append(r.Id).Append("\n\n");
            int target = 200 + (int)((uint)(i * 2654435761u) % 1000);
            while (card.Length < target) card.Append(paragraphs[rng.Next(paragraphs.Length)]).Append(rng.Next()).Append("\n\n");
            r.Card = Encoding.UTF8.GetBytes(card.ToString());
            b.Add(r);
        }
        _table = b.Build();
        _path = Path.Combine(Path.GetTempPath(), $"phylo-snapshot-bench-{Environment.ProcessId}.phylo");
        Snapshot.Write(_table, _path);
        Console.WriteLine($"// {_table.Count} models, {_table.Cards!.TotalBytes / 1e6:N0} MB of cards, snapshot {new FileInfo(_path).Length / 1e6:N0} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public void Write() => Snapshot.Write(_table, _path);

    [Benchmark]
    public int Read() => Snapshot.Read(_path).Count;
}
