using Phylo.Ingest.Pipeline;
using Phylo.Synth;
using Phylo.Table;

namespace Phylo.Tests.Ingest;

/// <summary>
/// Ingest keeps the card features, not the card bodies (native-notes/memory.md, "Streaming the cards"). Not a timing
/// test: it bounds managed memory by what the features themselves take, and the bound is far below what the bodies
/// would take, so a table that held them (or an ingest that buffered them) fails it. The managed heap is the process's:
/// the test runs alone (<see cref="AloneTests"/>), not beside other tests' allocations.
/// </summary>
[Collection(AloneTests.Name)]
public class CardMemoryTests
{
    private const int Models = 200_000;

    [Fact]
    public void Ingesting_200k_models_keeps_the_managed_heap_within_the_genome_pool_not_the_bodies()
    {
        string path = Path.Combine(Path.GetTempPath(), $"phylo-mem-{Guid.NewGuid():N}.csv");
        try
        {
            using (var fs = File.Create(path)) SyntheticEcosystem.Write(fs, new SynthOptions(Models, 7, CardMode.Full, 2));
            long fileBytes = new FileInfo(path).Length;

            (ModelTable facts, long factsHeap, long factsPeak) = Ingest(path, keepCards: false);
            long cardBytes = 0;
            for (int m = 0; m < facts.Count; m++) cardBytes += facts.CardChars[m]; // code points: a lower bound of the card bytes
            GC.KeepAlive(facts);
            facts = null!;

            (ModelTable table, long heap, long peak) = Ingest(path, keepCards: true);
            CardFeatures f = table.CardFeatures!;
            long features = f.Genomes.TotalBytes + (long)f.Signatures.Length * sizeof(uint) + 16L * f.GenomeTerms.Hashes.Length
                + 12L * table.Count; // pool entries and genome rows
            // What the table keeps beyond a facts-only table: the features and their bookkeeping, nothing of the bodies.
            long kept = heap - factsHeap;
            long bound = 2 * features + (16 << 20);
            Assert.True(f.GenomeCount > Models / 10, $"only {f.GenomeCount} genomes: the file is not what this test needs");
            Assert.True(bound < cardBytes / 2, $"bound {bound >> 20} MiB is not far below the {cardBytes >> 20} MiB of cards: the test could not fail");
            Assert.True(kept <= bound, $"the table keeps {kept >> 20} MiB beyond its facts; features take {features >> 20} MiB (bound {bound >> 20} MiB)");
            // While ingesting: the sampled heap holds garbage too, so it is compared with the facts-only ingest's, which
            // parses the same rows; buffering the bodies would add all of them (the bound is under half of them).
            long extraPeak = peak - factsPeak;
            Assert.True(extraPeak <= cardBytes / 2, $"managed heap peaked {extraPeak >> 20} MiB above the facts-only ingest's (cards {cardBytes >> 20} MiB, file {fileBytes >> 20} MiB)");
            GC.KeepAlive(table);
        }
        finally { File.Delete(path); }
    }

    /// <summary>Ingests with 2 workers; returns the table, the managed heap it keeps after a full collection, and the
    /// largest managed heap seen while ingesting (sampled at every progress report).</summary>
    private static (ModelTable Table, long Heap, long Peak) Ingest(string path, bool keepCards)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long peak = 0;
        var progress = new Sampler(() => peak = Math.Max(peak, GC.GetTotalMemory(false)));
        var ingestor = new Ingestor(new IngestOptions(2, keepCards), new RejectLog(null, false), progress);
        ingestor.Add(path);
        ModelTable table = ingestor.Build();
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        ingestor = null!; // what the builder still holds is not the table's
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (table, GC.GetTotalMemory(true), peak);
    }

    private sealed class Sampler(Action sample) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => sample();
    }
}

/// <summary>Tests that measure the whole process (its managed heap) and so must not run beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneTests
{
    public const string Name = "alone";
}
