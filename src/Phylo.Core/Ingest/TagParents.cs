using Phylo.Ingest.Parsing;
using Phylo.Table;

namespace Phylo.Ingest;

/// <summary>Parent links declared in Hub tags: <c>base_model:X</c> (untyped) and <c>base_model:&lt;relation&gt;:X</c>.</summary>
public static class TagParents
{
    /// <summary>What a tag naming a parent starts with.</summary>
    public const string Prefix = "base_model:";

    /// <summary>Adds the parent of every <c>base_model:</c> tag in <paramref name="tags"/>.</summary>
    public static void AddFrom(List<string> tags, List<ParentRef> into)
    {
        int listStart = into.Count;
        foreach (string tag in tags)
            if (tag.StartsWith(Prefix, StringComparison.Ordinal)) AddFromValue(tag.AsSpan(Prefix.Length), into, listStart);
    }

    /// <summary>
    /// Adds the parent named by what follows <c>base_model:</c>: <c>X</c> (the bare parent list: marked
    /// <see cref="RelationMask.Bare"/>, and <see cref="RelationMask.BareRepeated"/> when the tags since
    /// <paramref name="listStart"/> already named X bare), or <c>R:X</c> where R is a relation word (an unknown R still
    /// names X, untyped). Ids are normalized; empty ones are dropped.
    /// </summary>
    public static void AddFromValue(ReadOnlySpan<char> value, List<ParentRef> into, int listStart = 0)
    {
        var mask = RelationMask.Bare;
        int colon = value.IndexOf(':');
        if (colon >= 0)
        {
            mask = Relations.ParseMask(value[..colon]);
            value = value[(colon + 1)..];
        }
        string parent = ModelIds.Normalize(value);
        if (parent.Length == 0) return;
        if (mask == RelationMask.Bare && RepeatsBare(into, listStart, parent)) mask |= RelationMask.BareRepeated;
        into.Add(new ParentRef(parent, mask));
    }

    /// <summary>True when <paramref name="refs"/> from <paramref name="listStart"/> on already name <paramref name="id"/> in the bare list.</summary>
    public static bool RepeatsBare(List<ParentRef> refs, int listStart, string id)
    {
        for (int i = listStart; i < refs.Count; i++)
            if ((refs[i].Mask & RelationMask.Bare) != 0 && refs[i].Id == id) return true;
        return false;
    }
}
