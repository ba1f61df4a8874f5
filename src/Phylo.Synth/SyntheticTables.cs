using Phylo.Graph;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

namespace Phylo.Synth;

/// <summary>
/// A synthetic ecosystem as the engine sees it: generated in the published CSV layout, ingested by the real pipeline,
/// and its family graph built — the one way tests and benchmarks get a table of any size (no second generator).
/// </summary>
public static class SyntheticTables
{
    public static (ModelTable Table, FamilyGraph Graph) Build(SynthOptions options, IngestOptions? ingest = null)
    {
        string csv = Path.Combine(Path.GetTempPath(), $"phylo-synth-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        try
        {
            using (var file = File.Create(csv)) SyntheticEcosystem.Write(file, options);
            var ingestor = new Ingestor(ingest ?? new IngestOptions(options.Threads), new RejectLog());
            ingestor.Add(csv);
            var table = ingestor.Build();
            return (table, FamilyGraphBuilder.Build(table));
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
