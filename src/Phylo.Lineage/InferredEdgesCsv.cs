using System.Globalization;
using Phylo.Table;

namespace Phylo.Lineage;

/// <summary><c>inferred_edges.csv</c>: <c>child,parent,score,relation</c>, children in table order, score to 6 decimals.</summary>
public static class InferredEdgesCsv
{
    public const string Header = Phylo.Ingest.InferredEdgesFile.Header;   // what analyze --with-inferred reads

    public static void Write(TextWriter w, ModelTable table, IEnumerable<InferredEdge> edges)
    {
        w.Write(Header + "\n");
        foreach (var e in edges)
            w.Write(string.Create(CultureInfo.InvariantCulture, $"{Quote(table.Ids[e.Child])},{Quote(table.Ids[e.Parent])},{e.Score:F6},{e.Relation}\n"));
    }

    private static string Quote(string s) => Phylo.Table.RejectLog.Quote(s);
}
