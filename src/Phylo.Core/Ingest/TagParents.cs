using Phylo.Graph;
using Phylo.Ingest.Parsing;

namespace Phylo.Ingest;

/// <summary>Parent links declared in Hub tags: <c>base_model:X</c> (untyped) and <c>base_model:&lt;relation&gt;:X</c>.</summary>
public static class TagParents
{
    private const string Prefix = "base_model:";

    /// <summary>Adds the parent of every <c>base_model:</c> tag in <paramref name="tags"/>.</summary>
    public static void AddFrom(List<string> tags, List<ParentRef> into)
    {
        foreach (string tag in tags)
            if (tag.StartsWith(Prefix, StringComparison.Ordinal)) AddFromValue(tag.AsSpan(Prefix.Length), into);
    }

    /// <summary>
    /// Adds the parent named by what follows <c>base_model:</c>: <c>X</c>, or <c>R:X</c> where R is a relation word
    /// (an unknown R still names X, untyped). Ids are normalized; empty ones are dropped.
    /// </summary>
    public static void AddFromValue(ReadOnlySpan<char> value, List<ParentRef> into)
    {
        var mask = RelationMask.None;
        int colon = value.IndexOf(':');
        if (colon >= 0)
        {
            mask = Relations.ParseMask(value[..colon]);
            value = value[(colon + 1)..];
        }
        string parent = ModelIds.Normalize(value);
        if (parent.Length > 0) into.Add(new ParentRef(parent, mask));
    }
}
