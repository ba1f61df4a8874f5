using System.Globalization;
using Phylo.Graph;
using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Graph;

/// <summary>The members' creation times of one family (Unix seconds, ascending; unknown times left out).</summary>
public sealed record FamilyGrowthSeries(string RootId, int Size, long[] CreatedAtUnixSeconds)
{
    public string Label => $"{RootId} ({Size.ToString("N0", CultureInfo.InvariantCulture)})";
}

/// <summary>
/// Growth of the largest families over <c>createdAt</c>: the data of the growth figure and of tables/growth (family_root,
/// date, cumulative: members created up to the end of that UTC day). Families are the study's: components of the no-merge
/// view (<see cref="StudyNoMerge"/>, docs/definitions.md), named by their parentless member with the most children.
/// </summary>
public static class FamilyGrowth
{
    /// <summary>How many of the largest families the figure and the table follow.</summary>
    public const int Families = 10;

    /// <summary>The <paramref name="count"/> largest no-merge families (ties: ordinal name) with their members' creation times.</summary>
    public static FamilyGrowthSeries[] Largest(ModelTable table, FamilyGraph graph, int count)
    {
        var nm = StudyNoMerge.Of(graph);
        var top = new List<int>(count + 1);   // component ids, best first
        for (int c = 0; c < nm.ComponentCount; c++)
        {
            if (top.Count == count && !Before(c, top[^1])) continue;
            int at = top.Count;
            while (at > 0 && Before(c, top[at - 1])) at--;
            top.Insert(at, c);
            if (top.Count > count) top.RemoveAt(count);
        }
        var rank = new Dictionary<int, int>(top.Count);
        for (int i = 0; i < top.Count; i++) rank[top[i]] = i;
        var times = top.Select(_ => new List<long>()).ToArray();
        for (int m = 0; m < graph.NodeCount; m++)
        {
            if (table.CreatedAt[m] == ModelTable.UnknownTime) continue;
            if (rank.TryGetValue(nm.ComponentOf[m], out int r)) times[r].Add(table.CreatedAt[m]);
        }
        return top.Select((c, i) =>
        {
            long[] sorted = [.. times[i]];
            Array.Sort(sorted);
            return new FamilyGrowthSeries(table.Ids[nm.Named[c]], nm.Sizes[c], sorted);
        }).ToArray();

        bool Before(int a, int b) => nm.Sizes[a] != nm.Sizes[b]
            ? nm.Sizes[a] > nm.Sizes[b]
            : string.CompareOrdinal(table.Ids[nm.Named[a]], table.Ids[nm.Named[b]]) < 0;
    }

    /// <summary>One row per family and UTC day on which a member was created: the members created up to that day's end.</summary>
    public static ResultTable Table(IReadOnlyList<FamilyGrowthSeries> series)
    {
        var root = new List<string?>();
        var date = new List<string?>();
        var cumulative = new List<long>();
        foreach (var s in series)
        {
            long[] t = s.CreatedAtUnixSeconds;
            for (int i = 0; i < t.Length; i++)
            {
                long day = FloorDay(t[i]);
                bool lastOfDay = i == t.Length - 1 || FloorDay(t[i + 1]) != day;
                if (!lastOfDay) continue;
                root.Add(s.RootId);
                date.Add(DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(day)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                cumulative.Add(i + 1);
            }
        }
        return new ResultTable("growth").Add("family_root", root.ToArray()).Add("date", date.ToArray()).Add("cumulative", cumulative.ToArray());
    }

    private static long FloorDay(long unixSeconds) => Math.DivRem(unixSeconds, 86_400L, out long rem) - (rem < 0 ? 1 : 0);
}
