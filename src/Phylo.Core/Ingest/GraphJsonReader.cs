using System.Text.Json;
using Phylo.Ingest.Parsing;
using Phylo.Table;

namespace Phylo.Ingest;

/// <summary>
/// Reads the graph-sample JSON (<c>{"nodes":[…], "edges":[{source, target, type}]}</c>; source = parent,
/// target = child). Nodes become models; each edge becomes a declared parent link of its target.
/// The document is small by nature (a slice of the graph), so it is parsed whole.
/// </summary>
public static class GraphJsonReader
{
    public static long Read(string path, ModelTableBuilder builder, RejectLog rejects)
    {
        using var fs = File.OpenRead(path);
        return Read(path, fs, builder, rejects);
    }

    /// <summary>Reads the document from <paramref name="content"/> (e.g. a decompressing stream); <paramref name="path"/> names it.</summary>
    public static long Read(string path, Stream content, ModelTableBuilder builder, RejectLog rejects)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new PhyloInputException($"{path}:{(e.LineNumber ?? 0) + 1}: bad-json ({e.Message.Split('.')[0]})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
                throw new PhyloInputException($"{path}: graph JSON without a 'nodes' array");
            var records = new List<ModelRecord>();
            var byId = new Dictionary<string, ModelRecord>(StringComparer.Ordinal);
            long index = 0;
            foreach (var node in nodes.EnumerateArray())
            {
                index++;
                var r = Node(node, path, index);
                if (r is null) { rejects.Add(new Rejection(path, index, RejectReasons.MissingId, Excerpt.Of(System.Text.Encoding.UTF8.GetBytes(node.GetRawText())))); continue; }
                records.Add(r);
                byId.TryAdd(r.Id, r);
            }
            if (root.TryGetProperty("edges", out var edges) && edges.ValueKind == JsonValueKind.Array)
            {
                long e = 0;
                foreach (var edge in edges.EnumerateArray())
                {
                    e++;
                    string parent = ModelIds.Normalize(Str(edge, "source"));
                    string child = ModelIds.Normalize(Str(edge, "target"));
                    if (!byId.TryGetValue(child, out var c))
                    {
                        rejects.Add(new Rejection(path, e, "edge-unknown-child", $"{parent} -> {child}"));
                        continue;
                    }
                    c.Parents.Add(new ParentRef(parent, Relations.ParseMask(Str(edge, "type"))));
                }
            }
            foreach (var r in records)
                if (builder.Add(r) is { } dup) rejects.Add(dup);
            return records.Count;
        }
    }

    private static ModelRecord? Node(JsonElement n, string path, long index)
    {
        string id = ModelIds.Normalize(Str(n, "id"));
        if (id.Length == 0) return null;
        var r = new ModelRecord { Id = id, SourceFile = path, Line = index };
        int slash = id.IndexOf('/');
        r.Author = slash > 0 ? id[..slash] : null;
        r.Likes = Num(n, "likes");
        r.Downloads = Num(n, "downloads");
        if (HubDates.TryParseUnixSeconds(Str(n, "createdAt"), out long t)) r.CreatedAt = t;
        r.PipelineTag = NullIfEmpty(Str(n, "pipeline_tag"));
        r.LibraryName = NullIfEmpty(Str(n, "library_name"));
        return r;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static long Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) ? (long)d : 0;

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
