using Phylo.Table;

namespace Phylo.Analyses;

/// <summary>
/// The study's "parent models by number of children" (docs/definitions.md, "Parent models"): every model with a non-empty
/// bare parent list (the published <c>parent_model</c> column, <c>base_model:X</c> tags) counts once under the key of that
/// whole list — the id itself when the list is exactly [X] (X need not be in the snapshot; a merge child naming one base
/// counts too), the ids joined by ", " when it names several. Not graph out-degree.
/// </summary>
public static class BareParentCounts
{
    /// <summary>Marks a key whose list named a parent twice (the study's key would repeat it; never a single id).</summary>
    public const string RepeatedSuffix = " (repeated)";

    /// <summary>Models per bare-list key over the models <paramref name="owns"/> accepts.</summary>
    public static Dictionary<string, long> Count(ModelTable table, Func<int, bool> owns)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var parts = new List<string>();
        int[] offsets = table.ParentRefOffsets;
        for (int m = 0; m < table.Count; m++)
        {
            if (offsets[m] == offsets[m + 1] || !owns(m)) continue;
            string? key = KeyOf(table, m, parts);
            if (key is not null) counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <summary>The key of model <paramref name="m"/>'s bare list, or null when it names no parent bare.</summary>
    public static string? KeyOf(ModelTable table, int m, List<string>? scratch = null)
    {
        int first = -1, count = 0;
        bool repeated = false;
        for (int r = table.ParentRefOffsets[m]; r < table.ParentRefOffsets[m + 1]; r++)
        {
            RelationMask mask = table.ParentRefMasks[r];
            if ((mask & RelationMask.Bare) == 0) continue;
            if (count++ == 0) first = r;
            repeated |= (mask & RelationMask.BareRepeated) != 0;
        }
        if (count == 0) return null;
        if (count == 1 && !repeated) return table.ParentRefIds[first];
        var parts = scratch ?? [];
        parts.Clear();
        for (int r = first; r < table.ParentRefOffsets[m + 1]; r++)
            if ((table.ParentRefMasks[r] & RelationMask.Bare) != 0) parts.Add(table.ParentRefIds[r]);
        string key = string.Join(", ", parts);
        return repeated ? key + RepeatedSuffix : key;
    }

    /// <summary>Adds <paramref name="from"/> into <paramref name="into"/>.</summary>
    public static void AddInto(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (k, v) in from) into[k] = into.GetValueOrDefault(k) + v;
    }

    /// <summary>The <paramref name="top"/> keys by count (ties: ordinal key).</summary>
    public static KeyValuePair<string, long>[] Top(Dictionary<string, long> counts, int top) =>
        [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top)];
}
