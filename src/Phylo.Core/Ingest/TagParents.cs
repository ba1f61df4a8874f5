using Phylo.Graph;
using Phylo.Ingest.Parsing;

namespace Phylo.Ingest;

/// <summary>Parent links declared in Hub tags: <c>base_model:X</c> (untyped) and <c>base_model:&lt;relation&gt;:X</c>.</summary>
public static class TagParents
{
    private const string Prefix = "base_model:";

    public static void AddFrom(List<string> tags, List<ParentRef> into)
    {
        foreach (string tag in tags)
        {
            if (!tag.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            ReadOnlySpan<char> rest = tag.AsSpan(Prefix.Length);
            int colon = rest.IndexOf(':');
            var mask = colon > 0 ? Relations.ParseMask(rest[..colon]) : RelationMask.None;
            if (mask != RelationMask.None) rest = rest[(colon + 1)..];
            string id = ModelIds.Normalize(rest);
            if (id.Length > 0) into.Add(new ParentRef(id, mask));
        }
    }
}
