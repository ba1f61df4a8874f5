using System.Text;
using Phylo.Table;

namespace Phylo.Tests.Table;

/// <summary>Hand-made records and tables for the table and graph tests.</summary>
internal static class TestRecords
{
    public static ModelRecord Model(string id, params ParentRef[] parents) =>
        new() { Id = id, SourceFile = "test.csv", Parents = [.. parents] };

    public static ParentRef Ft(string id) => new(id, RelationMask.Finetune);
    public static ParentRef Quant(string id) => new(id, RelationMask.Quantized);
    public static ParentRef Adapter(string id) => new(id, RelationMask.Adapter);
    public static ParentRef Merge(string id) => new(id, RelationMask.Merge);
    public static ParentRef Base(string id) => new(id, RelationMask.None);

    public static ModelTable BuildTable(params ModelRecord[] records)
    {
        var b = new ModelTableBuilder();
        foreach (var r in records) Assert.Null(b.Add(r));
        return b.Build();
    }

    public static ModelRecord WithCard(string id, string card) =>
        new() { Id = id, SourceFile = "test.csv", Card = Encoding.UTF8.GetBytes(card) };
}
