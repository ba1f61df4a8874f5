using Phylo.Kernels;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Ingest.Csv;

/// <summary>The real per-family crawls read exactly as CsvHelper reads them, on every path and chunk size.</summary>
public class CsvRealDataTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (RealData.Root is null) data.Add("(PHYLO_REAL_DATA unset)");
        else foreach (var f in RealData.FamilyFiles()) data.Add(Path.GetFileName(f));
        return data;
    }

    [RealDataTheory]
    [MemberData(nameof(Files))]
    public void Every_field_and_line_equals_CsvHelper(string file)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RealData.FamiliesDir, file));
        foreach (var level in Simd.Supported)
            foreach (int chunk in new[] { 64, 1024, 4 << 20 })
                CsvOracle.AssertSame(data, level, chunk, maxRead: chunk == 1024 ? 777 : int.MaxValue, name: file);
    }

    [RealDataFact]
    public void Real_files_have_records_and_no_open_quote_at_the_end()
    {
        foreach (var path in RealData.FamilyFiles())
        {
            var (records, _, open) = CsvOracle.PhyloRecords(File.ReadAllBytes(path), Simd.Level, 1 << 16);
            Assert.True(records.Count > 1, path);
            Assert.False(open, path);
            Assert.Contains("model_id", records[0].Fields);
        }
    }
}
