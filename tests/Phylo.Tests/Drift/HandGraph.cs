using System.Text;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Drift;

/// <summary>Builds small hand-made tables and graphs for the drift tests.</summary>
internal sealed class HandGraph
{
    private readonly List<ModelRecord> _records = [];

    /// <summary>Adds a model; parents as (id, relation) pairs.</summary>
    public ModelRecord Model(
        string id,
        string[]? licenses = null,
        string[]? languages = null,
        string? task = null,
        (string Id, RelationMask Mask)[]? parents = null)
    {
        var r = new ModelRecord { Id = id, PipelineTag = task, SourceFile = "hand", Line = _records.Count + 1 };
        r.Licenses.AddRange(licenses ?? []);
        r.Languages.AddRange(languages ?? []);
        foreach (var (pid, mask) in parents ?? []) r.Parents.Add(new ParentRef(pid, mask));
        _records.Add(r);
        return r;
    }

    public static (string, RelationMask)[] Finetune(string parent) => [(parent, RelationMask.Finetune)];

    public static byte[] Card(string text) => Encoding.UTF8.GetBytes(text);

    public (ModelTable Table, FamilyGraph Graph) Build()
    {
        var builder = new ModelTableBuilder();
        foreach (var r in _records) Assert.Null(builder.Add(r));
        ModelTable table = builder.Build();
        return (table, FamilyGraphBuilder.Build(table));
    }
}
