using Phylo.Graph;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Analyses.Panels;

/// <summary>
/// One shard's counts behind the study's summary figure (docs/definitions.md, "Summary panels"): models per license, task,
/// language, library and dataset; models per bare parent-list key; models per arXiv category (when a mapping was given);
/// the most-downloaded models. Integer counts and top-k candidates, so merging is exact and order-free.
/// </summary>
public sealed class PanelsPartial
{
    /// <summary>The traits counted per vocabulary entry, in this order.</summary>
    public static readonly TraitKind[] Traits = [TraitKind.License, TraitKind.Task, TraitKind.Language, TraitKind.Library, TraitKind.Dataset];

    public const int Top = 10;

    internal long Models;
    internal long[][] ValueModels = [];
    /// <summary>Per trait: models with at least one value.</summary>
    internal long[] WithValue = new long[Traits.Length];
    internal Dictionary<string, long> BareParents = new(StringComparer.Ordinal);
    /// <summary>Models per arXiv category; null when no mapping was given.</summary>
    internal Dictionary<string, long>? Arxiv;
    internal (string Id, long Downloads)[] TopDownloads = [];

    public static PanelsPartial Compute(ModelTable table, FamilyGraph graph, ShardScope scope, ArxivCategories? arxiv)
    {
        var p = new PanelsPartial { ValueModels = [.. Traits.Select(t => new long[table[t].Vocabulary.Length])] };
        var downloads = new List<(string Id, long Downloads)>();
        int[][]? categoriesOf = arxiv is null ? null : CategoryIds(table, arxiv, out p.Arxiv);
        var arxivCounts = new long[p.Arxiv is null ? 0 : p.Arxiv.Count];
        var seen = new HashSet<int>();
        for (int m = 0; m < table.Count; m++)
        {
            if (!scope.OwnsModel(m)) continue;
            p.Models++;
            for (int t = 0; t < Traits.Length; t++)
            {
                ReadOnlySpan<int> values = table[Traits[t]][m];
                if (!values.IsEmpty) p.WithValue[t]++;
                foreach (int v in values) p.ValueModels[t][v]++;
            }
            downloads.Add((table.Ids[m], table.Downloads[m]));
            if (downloads.Count >= 8 * Top) Prune(downloads);
            if (categoriesOf is null) continue;
            seen.Clear();
            foreach (int paper in table[TraitKind.Arxiv][m])
                foreach (int c in categoriesOf[paper])
                    if (seen.Add(c)) arxivCounts[c]++;
        }
        if (p.Arxiv is not null)
        {
            string[] keys = [.. p.Arxiv.Keys];
            for (int c = 0; c < keys.Length; c++) p.Arxiv[keys[c]] = arxivCounts[c];
        }
        Prune(downloads);
        p.TopDownloads = [.. downloads];
        p.BareParents = BareParentCounts.Count(table, scope.OwnsModel);
        return p;
    }

    /// <summary>Per arXiv vocabulary entry, the ids of its categories (category id = insertion order of <paramref name="counts"/>).</summary>
    private static int[][] CategoryIds(ModelTable table, ArxivCategories arxiv, out Dictionary<string, long> counts)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        counts = new Dictionary<string, long>(StringComparer.Ordinal);
        string[] vocab = table[TraitKind.Arxiv].Vocabulary;
        var ids = new int[vocab.Length][];
        for (int v = 0; v < vocab.Length; v++)
        {
            if (!arxiv.ByPaper.TryGetValue(vocab[v], out var categories)) { ids[v] = []; continue; }
            ids[v] = new int[categories.Length];
            for (int i = 0; i < categories.Length; i++)
            {
                if (!index.TryGetValue(categories[i], out int c)) { c = index.Count; index[categories[i]] = c; counts[categories[i]] = 0; }
                ids[v][i] = c;
            }
        }
        return ids;
    }

    private static int ByDownloads((string Id, long Downloads) a, (string Id, long Downloads) b) =>
        a.Downloads != b.Downloads ? b.Downloads.CompareTo(a.Downloads) : string.CompareOrdinal(a.Id, b.Id);

    private static void Prune(List<(string Id, long Downloads)> items)
    {
        items.Sort(ByDownloads);
        if (items.Count > Top) items.RemoveRange(Top, items.Count - Top);
    }

    public static PanelsPartial Merge(PanelsPartial a, PanelsPartial b)
    {
        if ((a.Arxiv is null) != (b.Arxiv is null)) throw new Phylo.PhyloInputException("parts disagree on the arXiv category mapping");
        var m = new PanelsPartial
        {
            Models = a.Models + b.Models,
            ValueModels = [.. a.ValueModels.Select((v, t) => Add(v, b.ValueModels[t]))],
            WithValue = Add(a.WithValue, b.WithValue),
            BareParents = new Dictionary<string, long>(a.BareParents, StringComparer.Ordinal),
        };
        BareParentCounts.AddInto(m.BareParents, b.BareParents);
        if (a.Arxiv is not null)
        {
            m.Arxiv = new Dictionary<string, long>(a.Arxiv, StringComparer.Ordinal);
            BareParentCounts.AddInto(m.Arxiv, b.Arxiv!);
        }
        var downloads = new List<(string, long)>([.. a.TopDownloads, .. b.TopDownloads]);
        Prune(downloads);
        m.TopDownloads = [.. downloads];
        return m;
    }

    private static long[] Add(long[] a, long[] b)
    {
        if (a.Length != b.Length) throw new Phylo.PhyloInputException("parts disagree on a trait vocabulary: were they computed from the same inputs?");
        var r = new long[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] + b[i];
        return r;
    }

    internal void Write(PartWriter w)
    {
        w.Int(Models);
        w.Int(ValueModels.Length);
        foreach (long[] v in ValueModels) w.Array(v);
        w.Array(WithValue);
        WriteCounts(w, BareParents);
        w.Bool(Arxiv is not null);
        if (Arxiv is not null) WriteCounts(w, Arxiv);
        w.Strings([.. TopDownloads.Select(d => d.Id)]);
        w.Array([.. TopDownloads.Select(d => d.Downloads)]);
    }

    internal static PanelsPartial Read(PartReader r)
    {
        var p = new PanelsPartial { Models = r.Int() };
        p.ValueModels = new long[r.Int32()][];
        for (int t = 0; t < p.ValueModels.Length; t++) p.ValueModels[t] = r.Array<long>();
        p.WithValue = r.Array<long>();
        p.BareParents = ReadCounts(r);
        if (r.Bool()) p.Arxiv = ReadCounts(r);
        string[] ids = r.Strings();
        long[] downloads = r.Array<long>();
        if (ids.Length != downloads.Length) throw new InvalidDataException("download ids and counts of different lengths");
        p.TopDownloads = [.. ids.Select((id, i) => (id, downloads[i]))];
        return p;
    }

    private static void WriteCounts(PartWriter w, Dictionary<string, long> counts)
    {
        string[] keys = [.. counts.Keys.Order(StringComparer.Ordinal)];
        w.Strings(keys);
        w.Array(Array.ConvertAll(keys, k => counts[k]));
    }

    private static Dictionary<string, long> ReadCounts(PartReader r)
    {
        string[] keys = r.Strings();
        long[] counts = r.Array<long>();
        if (counts.Length != keys.Length) throw new InvalidDataException("keys and counts of different lengths");
        var map = new Dictionary<string, long>(keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++) map[keys[i]] = counts[i];
        return map;
    }
}

/// <summary>The study's summary figure and createdAt histogram on the sharded contract.</summary>
public sealed class SummaryPanelsAnalysis : ShardedAnalysis<PanelsPartial>
{
    public override string Name => "panels";

    public override PanelsPartial Compute(ShardInput shard) =>
        PanelsPartial.Compute(shard.Table, shard.Graph, shard.Scope,
            shard.Options.ArxivCategories is { } path ? ArxivCategories.Load(path) : null);

    public override PanelsPartial Merge(PanelsPartial left, PanelsPartial right) => PanelsPartial.Merge(left, right);

    /// <remarks>The histogram's bins depend on the earliest and latest createdAt of all models, so it is counted here from
    /// the table every process holds (each ingests every input), not from the shards' partials.</remarks>
    public override Report.IReportSection Finish(ShardInput whole, PanelsPartial merged) =>
        PanelsSection.Of(whole.Table, merged, CreatedHistogram.Of(whole.Table));

    public override void Write(PartWriter w, PanelsPartial partial) => partial.Write(w);

    public override PanelsPartial Read(PartReader r) => PanelsPartial.Read(r);

    public override string Describe(Report.IReportSection section) =>
        section is PanelsSection s ? $"{s.Panels.Count} summary panels, createdAt histogram of {CreatedHistogram.Bins} bins" : "";
}
